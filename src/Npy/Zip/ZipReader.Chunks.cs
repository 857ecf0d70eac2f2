using System.IO.Hashing;
using Npy.Compression;
using Npy.Internal;

namespace Npy.Zip;

/// <content>
/// The chunks of a member carrying this library's chunk index: independent deflate segments, inflated on all cores
/// straight into the destination, each checked against its own CRC-32.
/// </content>
internal sealed partial class ZipReader
{
    // Inflates every chunk on its own, on all cores. With at least two chunks for every core, each core decodes two
    // chunks at once with this library's decoder (Inflater.ReadPair: about 1.6 times one decoder's speed on
    // near-random data); fewer chunks go one per core through zlib-ng.
    private void InflateChunks(ZipEntry entry, ChunkIndex index, long dataStart, long skip, Memory<byte> destination, CancellationToken cancellationToken)
    {
        long[] compressedOffsets = index.CompressedOffsets(dataStart, index.Count - 1);
        int degree = Environment.ProcessorCount;
        if (index.Count < 2 * degree)
        {
            ParallelWork.For(
                0, index.Count, degree,
                i => InflateChunk(entry, index, compressedOffsets, i, skip, destination, cancellationToken),
                cancellationToken);
            return;
        }

        ParallelWork.For(
            0, (index.Count + 1) / 2, degree,
            pair =>
            {
                int i = 2 * pair;
                if (i + 1 == index.Count)
                {
                    InflateChunk(entry, index, compressedOffsets, i, skip, destination, cancellationToken);
                }
                else
                {
                    InflateChunkPair(entry, index, compressedOffsets, i, skip, destination, cancellationToken);
                }
            },
            cancellationToken);
    }

    private void InflateChunk(ZipEntry entry, ChunkIndex index, long[] compressedOffsets, int i, long skip, Memory<byte> destination, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var target = new ChunkTarget(entry, index, i, skip, destination);
        try
        {
            InflateChunkInto(entry, index, compressedOffsets[i], i, target.Span, cancellationToken);
            target.Complete(destination);
        }
        finally
        {
            target.Release();
        }
    }

    // Chunks i and i + 1 decoded together on this core.
    private void InflateChunkPair(ZipEntry entry, ChunkIndex index, long[] compressedOffsets, int i, long skip, Memory<byte> destination, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var first = new ChunkTarget(entry, index, i, skip, destination);
        var second = new ChunkTarget(entry, index, i + 1, skip, destination);
        byte[]? firstCompressed = null;
        byte[]? secondCompressed = null;
        try
        {
            firstCompressed = ReadChunk(entry, index, compressedOffsets[i], i, out int firstLength);
            secondCompressed = ReadChunk(entry, index, compressedOffsets[i + 1], i + 1, out int secondLength);
            using (var a = new Inflater(firstCompressed.AsMemory(0, firstLength)))
            using (var b = new Inflater(secondCompressed.AsMemory(0, secondLength)))
            {
                InflateHelper.ReadExactly(a, first.Span, entry.Name, b, second.Span, entry.Name);
                InflateHelper.ExpectEnd(a, entry.Name);
                InflateHelper.ExpectEnd(b, entry.Name);
            }

            CheckChunk(entry, index, i, first.Span);
            CheckChunk(entry, index, i + 1, second.Span);
            first.Complete(destination);
            second.Complete(destination);
        }
        finally
        {
            if (firstCompressed is not null)
            {
                Return(firstCompressed);
            }

            if (secondCompressed is not null)
            {
                Return(secondCompressed);
            }
            first.Release();
            second.Release();
        }
    }

    // Inflates chunk i of a member carrying the chunk index, on its own, into target (exactly the chunk's length) and
    // checks it against the chunk's CRC-32.
    private void InflateChunkInto(ZipEntry entry, ChunkIndex index, long compressedStart, int i, Span<byte> target, CancellationToken cancellationToken)
    {
        byte[] compressed = ReadChunk(entry, index, compressedStart, i, out int length);
        try
        {
            using (var source = new MemoryStream(compressed, 0, length, writable: false))
            using (var inflater = InflateHelper.OpenRawInflater(source, leaveOpen: false))
            {
                InflateHelper.ReadExactly(inflater, target, entry.Name, cancellationToken);
                InflateHelper.ExpectEnd(inflater, entry.Name);
            }

            CheckChunk(entry, index, i, target);
        }
        finally
        {
            Return(compressed);
        }
    }

    // Reads chunk i's compressed bytes into a rented buffer as a complete deflate stream, and returns its length.
    private byte[] ReadChunk(ZipEntry entry, ChunkIndex index, long compressedStart, int i, out int length)
    {
        bool last = i == index.Count - 1;
        int compressedLength = (int)index.CompressedLengths[i];
        byte[] compressed = Rent(compressedLength + 2);
        try
        {
            ReadAt(compressedStart, compressed.AsSpan(0, compressedLength));
            length = compressedLength;
            if (!last)
            {
                // A non-last chunk must end with a sync flush; close it with an empty final block so it is a complete stream.
                if (compressedLength < 4 || !compressed.AsSpan(compressedLength - 4, 4).SequenceEqual((ReadOnlySpan<byte>)[0x00, 0x00, 0xFF, 0xFF]))
                {
                    throw new NpzFormatException($"The chunk index of member '{entry.Name}' is inconsistent: chunk {i} does not end with a sync flush.");
                }

                compressed[compressedLength] = 0x03;
                compressed[compressedLength + 1] = 0x00;
                length += 2;
            }

            return compressed;
        }
        catch
        {
            Return(compressed);
            throw;
        }
    }

    private static void CheckChunk(ZipEntry entry, ChunkIndex index, int i, ReadOnlySpan<byte> inflated)
    {
        if (Crc32.HashToUInt32(inflated) != index.Crcs[i])
        {
            throw CrcMismatch(entry.Name);
        }
    }

    /// <summary>Where a chunk is inflated: straight into the destination, or aside when it overlaps the skipped head.</summary>
    private readonly ref struct ChunkTarget
    {
        private readonly byte[]? _scratch;
        private readonly long _start;
        private readonly long _skip;

        public ChunkTarget(ZipEntry entry, ChunkIndex index, int i, long skip, Memory<byte> destination)
        {
            _start = (long)index.ChunkSize * i;
            _skip = skip;
            int length = (int)Math.Min(index.ChunkSize, entry.UncompressedSize - _start);
            if (_start >= skip)
            {
                Span = destination.Span.Slice((int)(_start - skip), length);
                FreshPages.Map(Span);
            }
            else
            {
                _scratch = Rent(length);
                Span = _scratch.AsSpan(0, length);
            }
        }

        public Span<byte> Span { get; }

        // Keeps what lies past the head of a chunk inflated aside.
        public void Complete(Memory<byte> destination)
        {
            if (_scratch is not null && _start + Span.Length > _skip)
            {
                Span[(int)(_skip - _start)..].CopyTo(destination.Span);
            }
        }

        public void Release()
        {
            if (_scratch is not null)
            {
                Return(_scratch);
            }
        }
    }
}

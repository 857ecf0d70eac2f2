using System.Buffers;
using Npy.Compression;

namespace Npy.Zip;

/// <content>Reading a byte range of a member without reading the whole member, and locating stored data for mapping.</content>
internal sealed partial class ZipReader
{
    /// <summary>Gets the absolute offset of the central directory (known once the archive is open).</summary>
    internal long DirectoryOffset { get; private set; }

    /// <summary>Gets the size of the central directory in bytes.</summary>
    internal long DirectorySize { get; private set; }

    /// <summary>Gets the absolute offset of a member's data, after checking its local header against the central record.</summary>
    internal long GetDataOffset(ZipEntry entry) => LocateData(entry);

    /// <summary>Reads the uncompressed bytes [offset, offset + destination.Length) of a member into <paramref name="destination"/>.</summary>
    /// <remarks>
    /// Stored members are read in place. Deflated members with a chunk index inflate only the chunks the range
    /// touches, on all cores, each checked against its CRC-32 in the index. Other deflated members are inflated from
    /// the start (the skipped bytes are discarded through a small buffer); their CRC-32 is checked when the range
    /// reaches the member's end. The bytes produced count toward <see cref="NpyLimits.MaxTotalBytes"/>.
    /// </remarks>
    public void ReadRange(ZipEntry entry, long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (offset > entry.UncompressedSize || destination.Length > entry.UncompressedSize - offset)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"The range runs past the member's {entry.UncompressedSize} bytes.");
        }

        if (entry.Method == ZipCompressionMethod.Stored)
        {
            long dataStart = LocateData(entry);
            Charge(destination.Length);
            ReadAtChunked(dataStart + offset, destination.Span, cancellationToken);
        }
        else if (entry.ChunkIndex is { } index)
        {
            long dataStart = LocateData(entry);
            InflateRange(entry, index, dataStart, offset, destination, cancellationToken);
        }
        else
        {
            using Stream member = OpenRead(entry);
            byte[] scratch = Rent(64 << 10);
            try
            {
                long skip = offset;
                while (skip > 0)
                {
                    int n = (int)Math.Min(skip, scratch.Length);
                    InflateHelper.ReadExactly(member, scratch.AsSpan(0, n), entry.Name, cancellationToken);
                    skip -= n;
                }
            }
            finally
            {
                Return(scratch);
            }

            // When the range reaches the member's end, reading its last byte checks the CRC-32.
            InflateHelper.ReadExactly(member, destination.Span, entry.Name, cancellationToken);
        }
    }

    private void InflateRange(ZipEntry entry, ChunkIndex index, long dataStart, long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (destination.IsEmpty)
        {
            return;
        }

        long end = offset + destination.Length;
        int first = (int)(offset / index.ChunkSize);
        int last = (int)((end - 1) / index.ChunkSize);
        long[] compressedOffsets = index.CompressedOffsets(dataStart, last);
        Internal.ParallelWork.For(
            first, last + 1, Environment.ProcessorCount,
            i => InflateRangeChunk(entry, index, compressedOffsets[i], i, offset, destination, cancellationToken),
            cancellationToken);
    }

    private void InflateRangeChunk(ZipEntry entry, ChunkIndex index, long compressedStart, int i, long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        long start = (long)index.ChunkSize * i;
        int length = (int)Math.Min(index.ChunkSize, entry.UncompressedSize - start);
        byte[] chunk = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            Span<byte> target = chunk.AsSpan(0, length);
            Charge(length);
            InflateChunkInto(entry, index, compressedStart, i, target, cancellationToken);
            long from = Math.Max(start, offset);
            long to = Math.Min(start + length, offset + destination.Length);
            target[(int)(from - start)..(int)(to - start)].CopyTo(destination.Span[(int)(from - offset)..]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }
}

using System.Buffers.Binary;
using Npy.Compression;

namespace Npy.Zip;

/// <summary>The private central-directory extra field that lists the independently inflatable chunks of a deflated member.</summary>
/// <remarks>
/// Layout (little-endian), after the usual 4-byte extra header (ID <see cref="HeaderId"/>, data size): u8 version (1),
/// u32 chunk size, u32 chunk count, then per chunk u32 compressed length and u32 CRC-32 of its uncompressed bytes.
/// Every chunk but the last holds exactly chunk-size uncompressed bytes and ends with a sync flush. See
/// docs/format-extensions.md.
/// </remarks>
internal sealed class ChunkIndex
{
    /// <summary>The extra-field header ID ("PN" on disk), unused by PKWARE's registry and Info-ZIP's list.</summary>
    public const ushort HeaderId = 0x4E50;

    /// <summary>The layout version this code writes and reads.</summary>
    public const byte CurrentVersion = 1;

    /// <summary>Bytes of the data part before the per-chunk records.</summary>
    public const int FixedDataSize = 9;

    /// <summary>The largest chunk size accepted when reading (1 GiB).</summary>
    public const int MaxChunkSize = 1 << 30;

    private ChunkIndex(int chunkSize, uint[] compressedLengths, uint[] crcs)
    {
        ChunkSize = chunkSize;
        CompressedLengths = compressedLengths;
        Crcs = crcs;
    }

    /// <summary>Gets the uncompressed size of every chunk but the last.</summary>
    public int ChunkSize { get; }

    /// <summary>Gets the compressed length of each chunk.</summary>
    public uint[] CompressedLengths { get; }

    /// <summary>Gets the CRC-32 of each chunk's uncompressed bytes.</summary>
    public uint[] Crcs { get; }

    /// <summary>Gets the number of chunks.</summary>
    public int Count => Crcs.Length;

    /// <summary>Gives the file offset of the compressed data of chunks 0 to <paramref name="lastChunk"/>, the first chunk starting at <paramref name="dataStart"/>.</summary>
    public long[] CompressedOffsets(long dataStart, int lastChunk)
    {
        var offsets = new long[lastChunk + 1];
        long at = dataStart;
        for (int i = 0; i <= lastChunk; i++)
        {
            offsets[i] = at;
            at += CompressedLengths[i];
        }

        return offsets;
    }

    /// <summary>Returns the size of the whole extra field (header included) for <paramref name="count"/> chunks.</summary>
    public static long FieldSize(int count) => 4 + FixedDataSize + 8L * count;

    /// <summary>Writes the whole extra field (header included) into <paramref name="destination"/>.</summary>
    public static int Write(Span<byte> destination, int chunkSize, ChunkRecords chunks)
    {
        int dataSize = checked(FixedDataSize + 8 * chunks.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(destination, HeaderId);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[2..], checked((ushort)dataSize));
        destination[4] = CurrentVersion;
        BinaryPrimitives.WriteInt32LittleEndian(destination[5..], chunkSize);
        BinaryPrimitives.WriteInt32LittleEndian(destination[9..], chunks.Count);
        chunks.Bytes.CopyTo(destination[13..]);
        return 13 + chunks.Bytes.Length;
    }

    /// <summary>Parses and cross-checks the field's data against the member's central-directory values.</summary>
    /// <returns>The index, or null when the field has a version this code does not know (then it is ignored).</returns>
    /// <exception cref="NpzFormatException">The field is inconsistent with itself or with the member.</exception>
    public static ChunkIndex? Parse(ReadOnlySpan<byte> data, string name, ZipCompressionMethod method, uint crc, long compressedSize, long uncompressedSize)
    {
        if (data.Length >= 1 && data[0] != CurrentVersion)
        {
            return null;
        }

        if (data.Length < FixedDataSize)
        {
            throw Inconsistent(name, "it is too short");
        }

        int chunkSize = BinaryPrimitives.ReadInt32LittleEndian(data[1..]);
        int count = BinaryPrimitives.ReadInt32LittleEndian(data[5..]);
        if (chunkSize <= 0 || chunkSize > MaxChunkSize || count <= 0 || data.Length != FixedDataSize + 8L * count)
        {
            throw Inconsistent(name, "its chunk size, count or length is invalid");
        }

        if (method != ZipCompressionMethod.Deflate)
        {
            throw Inconsistent(name, "the member is not deflated");
        }

        long expectedCount = (uncompressedSize + chunkSize - 1) / chunkSize;
        if (expectedCount != count)
        {
            throw Inconsistent(name, $"{count} chunks of {chunkSize} bytes cannot hold {uncompressedSize} bytes");
        }

        var lengths = new uint[count];
        var crcs = new uint[count];
        long total = 0;
        uint combined = 0;
        for (int i = 0; i < count; i++)
        {
            lengths[i] = BinaryPrimitives.ReadUInt32LittleEndian(data[(FixedDataSize + 8 * i)..]);
            crcs[i] = BinaryPrimitives.ReadUInt32LittleEndian(data[(FixedDataSize + 8 * i + 4)..]);
            long chunkLength = i < count - 1 ? chunkSize : uncompressedSize - (long)chunkSize * i;
            total += lengths[i];
            combined = i == 0 ? crcs[0] : Crc32Combine.Combine(combined, crcs[i], chunkLength);
            if (lengths[i] < 2 || lengths[i] > MaxCompressedLength(chunkSize))
            {
                throw Inconsistent(name, $"chunk {i} has compressed length {lengths[i]}");
            }
        }

        if (total != compressedSize)
        {
            throw Inconsistent(name, $"the chunk lengths add up to {total}, not the compressed size {compressedSize}");
        }

        if (combined != crc)
        {
            throw Inconsistent(name, "the chunk CRCs do not combine to the member's CRC-32");
        }

        return new ChunkIndex(chunkSize, lengths, crcs);
    }

    // Deflate never needs much more than a stored copy: 5 bytes per 64 KiB block plus the flush marker.
    private static long MaxCompressedLength(int chunkSize) => chunkSize + (chunkSize / 1024) + 64;

    private static NpzFormatException Inconsistent(string name, string why) =>
        new($"The chunk index of member '{name}' is inconsistent: {why}.");
}

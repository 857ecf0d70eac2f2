namespace Npy.Zip;

/// <summary>One validated central-directory record of an archive opened by <see cref="ZipReader"/>.</summary>
/// <remarks>Names, sizes, CRC and offsets come from the central directory, as in CPython's zipfile; the local header is checked when the member is read.</remarks>
internal sealed class ZipEntry
{
    internal ZipEntry(
        string name,
        byte[] rawName,
        ushort flags,
        ushort rawMethod,
        uint crc32,
        long compressedSize,
        long uncompressedSize,
        long localHeaderOffset,
        ChunkIndex? chunkIndex)
    {
        Name = name;
        RawName = rawName;
        Flags = flags;
        RawMethod = rawMethod;
        Crc32 = crc32;
        CompressedSize = compressedSize;
        UncompressedSize = uncompressedSize;
        LocalHeaderOffset = localHeaderOffset;
        ChunkIndex = chunkIndex;
    }

    /// <summary>Gets the member name, decoded as UTF-8 (flag bit 11) or code page 437.</summary>
    public string Name { get; }

    /// <summary>Gets the general-purpose bit flags.</summary>
    public ushort Flags { get; }

    /// <summary>Gets the compression method; values other than stored and deflate are possible and refused on read.</summary>
    public ZipCompressionMethod Method => (ZipCompressionMethod)RawMethod;

    /// <summary>Gets the CRC-32 of the uncompressed bytes.</summary>
    public uint Crc32 { get; }

    /// <summary>Gets the size of the member's data in the archive.</summary>
    public long CompressedSize { get; }

    /// <summary>Gets the size of the member once inflated.</summary>
    public long UncompressedSize { get; }

    /// <summary>Gets the absolute offset of the member's local header.</summary>
    public long LocalHeaderOffset { get; }

    /// <summary>Gets a value indicating whether the member carries this library's chunk index (present and consistent).</summary>
    public bool HasChunkIndex => ChunkIndex is not null;

    /// <summary>Gets the name bytes as stored, compared with the local header's.</summary>
    internal byte[] RawName { get; }

    /// <summary>Gets the method number as stored.</summary>
    internal ushort RawMethod { get; }

    /// <summary>Gets the parsed chunk index, if any.</summary>
    internal ChunkIndex? ChunkIndex { get; }

    /// <summary>Gets or sets the member's position in the central directory.</summary>
    internal int Index { get; set; }

    /// <summary>Gets or sets the offset where the next member (or the central directory) starts; this member's data must end before it.</summary>
    internal long EndBound { get; set; }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Method}, {CompressedSize} -> {UncompressedSize} bytes)";
}

using Npy.Zip;

namespace Npy;

/// <summary>Describes one member of a <c>.npz</c> archive, as its central directory lists it.</summary>
public sealed class NpzMember
{
    internal NpzMember(ZipEntry entry)
    {
        Entry = entry;
        MemberName = entry.Name;
        Name = KeyOf(entry.Name);
    }

    /// <summary>Gets the key NumPy lists for the member: its name with a trailing <c>.npy</c> removed.</summary>
    public string Name { get; }

    /// <summary>Gets the member's full name in the archive.</summary>
    public string MemberName { get; }

    /// <summary>Gets the number of bytes the member holds uncompressed (the whole <c>.npy</c>, header included).</summary>
    public long Size => Entry.UncompressedSize;

    /// <summary>Gets the number of bytes the member takes in the archive.</summary>
    public long CompressedSize => Entry.CompressedSize;

    /// <summary>Gets how the member is stored.</summary>
    public NpzCompression Compression => Entry.Method == ZipCompressionMethod.Stored ? NpzCompression.Stored : NpzCompression.Deflate;

    /// <summary>Gets the CRC-32 of the uncompressed bytes, as the archive records it.</summary>
    public uint Crc32 => Entry.Crc32;

    /// <summary>Gets whether the member carries this library's chunk index, which lets it be inflated on all cores.</summary>
    public bool IsParallelReadable => Entry.HasChunkIndex;

    internal ZipEntry Entry { get; }

    /// <summary>Returns the member name.</summary>
    public override string ToString() => MemberName;

    internal static string KeyOf(string memberName) =>
        memberName.EndsWith(NpyFile.Extension, StringComparison.Ordinal) ? memberName[..^NpyFile.Extension.Length] : memberName;
}

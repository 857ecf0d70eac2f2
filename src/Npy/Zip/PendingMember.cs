using Npy.Compression;

namespace Npy.Zip;

/// <summary>A member the <see cref="ZipWriter"/> has accepted but not finished writing: its chunk jobs in order and its running totals.</summary>
internal sealed class PendingMember
{
    /// <summary>Creates the member record.</summary>
    public PendingMember(byte[] nameBytes, ushort flags, ZipCompressionMethod method)
    {
        NameBytes = nameBytes;
        Flags = flags;
        Method = method;
    }

    /// <summary>Gets the encoded name.</summary>
    public byte[] NameBytes { get; }

    /// <summary>Gets the general-purpose flags (UTF-8 bit; the data-descriptor bit is added for unseekable targets).</summary>
    public ushort Flags { get; }

    /// <summary>Gets the compression method.</summary>
    public ZipCompressionMethod Method { get; }

    /// <summary>Gets the submitted chunk jobs not yet written, in member order.</summary>
    public Queue<ChunkJob> Chunks { get; } = new();

    /// <summary>Gets or sets the choice of encoder for the member's deflate chunks, settled by its first chunk; null for a member of one chunk or a stored one.</summary>
    public MemberEncoderChoice? EncoderChoice { get; set; }

    /// <summary>Gets or sets a value indicating whether a chunk has been submitted.</summary>
    public bool Started { get; set; }

    /// <summary>Gets or sets a value indicating whether every chunk has been submitted.</summary>
    public bool Sealed { get; set; }

    /// <summary>Gets or sets a value indicating whether the local header is written.</summary>
    public bool HeaderWritten { get; set; }

    /// <summary>Gets or sets a value indicating whether the local header was written with the final CRC and sizes.</summary>
    public bool HeaderFinal { get; set; }

    /// <summary>Gets or sets the absolute offset of the local header.</summary>
    public long HeaderOffset { get; set; }

    /// <summary>Gets or sets the CRC-32 of the chunks written so far.</summary>
    public uint Crc { get; set; }

    /// <summary>Gets or sets the compressed bytes written so far.</summary>
    public long CompressedSize { get; set; }

    /// <summary>Gets or sets the uncompressed bytes written so far.</summary>
    public long UncompressedSize { get; set; }

    /// <summary>Gets the compressed length and CRC of every chunk written, for the chunk index.</summary>
    public ChunkRecords ChunkInfo { get; } = new();
}

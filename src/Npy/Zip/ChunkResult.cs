using System.Buffers;

namespace Npy.Zip;

/// <summary>One finished chunk job: the bytes to write (a pooled compressed buffer, or the stored source itself) and its CRC.</summary>
internal sealed class ChunkResult
{
    /// <summary>Gets or sets the pooled compressed buffer, or null for a stored chunk.</summary>
    public byte[]? Compressed { get; set; }

    /// <summary>Gets or sets the length of <see cref="Compressed"/> used.</summary>
    public int CompressedLength { get; set; }

    /// <summary>Gets or sets the first part of the uncompressed bytes.</summary>
    public ReadOnlyMemory<byte> First { get; set; }

    /// <summary>Gets or sets the second part of the uncompressed bytes.</summary>
    public ReadOnlyMemory<byte> Second { get; set; }

    /// <summary>Gets or sets a pooled input buffer (streaming members) to return once the chunk is written.</summary>
    public byte[]? PooledInput { get; set; }

    /// <summary>Gets or sets the CRC-32 of the uncompressed bytes.</summary>
    public uint Crc { get; set; }

    /// <summary>Gets the uncompressed length.</summary>
    public int UncompressedLength => First.Length + Second.Length;

    /// <summary>Returns the pooled buffers.</summary>
    public void Release()
    {
        if (Compressed is not null)
        {
            ArrayPool<byte>.Shared.Return(Compressed);
            Compressed = null;
        }

        if (PooledInput is not null)
        {
            ArrayPool<byte>.Shared.Return(PooledInput);
            PooledInput = null;
        }
    }
}

using System.Buffers.Binary;

namespace Npy.Zip;

/// <summary>The compressed length and CRC-32 of each chunk of a member written so far, kept as the chunk index stores them (8 bytes each, little-endian).</summary>
/// <remarks>
/// Bytes rather than a list of tuples: a CoreLib collection over a value type of CoreLib's own is missing from
/// ReadyToRun images, so every process would compile it at run time on its first save (about 2 ms for List's methods).
/// </remarks>
internal sealed class ChunkRecords
{
    private byte[] _bytes = new byte[8 * 4];

    /// <summary>Gets the number of chunks recorded.</summary>
    public int Count { get; private set; }

    /// <summary>Gets the records in chunk order: compressed length, then CRC-32, per chunk.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes.AsSpan(0, 8 * Count);

    /// <summary>Records the next chunk.</summary>
    public void Add(uint compressedLength, uint crc)
    {
        if (8 * (Count + 1) > _bytes.Length)
        {
            byte[] larger = new byte[2 * _bytes.Length];
            Buffer.BlockCopy(_bytes, 0, larger, 0, 8 * Count);
            _bytes = larger;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(_bytes.AsSpan(8 * Count), compressedLength);
        BinaryPrimitives.WriteUInt32LittleEndian(_bytes.AsSpan((8 * Count) + 4), crc);
        Count++;
    }
}

using System.Buffers.Binary;

namespace Npy.Compression;

/// <content>Probing whether a dynamic block starts at a given bit, to begin decoding in the middle of a stream.</content>
internal sealed unsafe partial class Inflater
{
    // Decodes from memory the caller keeps pinned (a probe of a few hundred bits).
    private Inflater(byte* input, int length, int skipBits)
    {
        _input = input;
        _inputEnd = length;
        _fetched = length;
        _sourceEnded = true;
        _skipBits = skipBits;
        _tables = Tables.Rent();
    }

    /// <summary>Tells whether a non-final dynamic block plausibly starts at bit <paramref name="bit"/> of <paramref name="data"/>.</summary>
    /// <remarks>
    /// True when the block header and its three codes parse and are complete, as every encoder of the zlib family
    /// writes them. Most bit positions fail within a few operations (block type, symbol counts, an exactly complete
    /// code-length code); the survivors decode their code lengths and build their tables. A true answer is only a
    /// candidate: the caller confirms it by decoding.
    /// </remarks>
    public static bool IsDynamicBlockStart(ReadOnlySpan<byte> data, long bit)
    {
        long headerByte = bit >> 3;
        long codeLengthsByte = (bit + 17) >> 3;
        if (codeLengthsByte + 8 > data.Length)
        {
            return false;
        }

        ulong header = BinaryPrimitives.ReadUInt64LittleEndian(data[(int)headerByte..]) >> (int)(bit & 7);

        // Not final, type 2 (dynamic), at most 286 literal/length and 30 distance codes.
        if ((header & 7) != 4 || ((header >> 3) & 31) > 29 || ((header >> 8) & 31) > 29)
        {
            return false;
        }

        // The code-length code must be exactly complete (lengths of 3 bits each, Kraft sum 1 = 128/128).
        int codeLengthCount = (int)((header >> 13) & 15) + 4;
        ulong lengths = BinaryPrimitives.ReadUInt64LittleEndian(data[(int)codeLengthsByte..]) >> (int)((bit + 17) & 7);
        int kraft = 0;
        for (int i = 0; i < codeLengthCount; i++)
        {
            int length = (int)((lengths >> (3 * i)) & 7);
            kraft += length == 0 ? 0 : 128 >> length;
        }

        if (kraft != 128)
        {
            return false;
        }

        fixed (byte* start = data)
        {
            using var probe = new Inflater(start + headerByte, data.Length - (int)headerByte, (int)(bit & 7));
            return probe.TryTake(probe._skipBits, out _) && probe.TryTake(3, out _)
                && probe.ReadDynamicTables() is null && probe._state == State.Codes;
        }
    }
}

using System.IO.Hashing;

namespace Npy.Compression;

/// <summary>CRC-32 helpers on top of <see cref="Crc32"/>: combining the CRCs of adjacent pieces, and hashing large spans on several cores.</summary>
internal static class Crc32Combine
{
    // The reflected CRC-32 polynomial (zip, zlib, PNG).
    private const uint Polynomial = 0xEDB88320;

    // X2N[k] = x^(2^k) modulo the polynomial, so x^(8n) is a product of at most 64 table entries.
    private static readonly uint[] s_x2n = BuildPowerTable();

    /// <summary>Returns the CRC-32 of A followed by B, given CRC(A), CRC(B) and the length of B (zlib's crc32_combine).</summary>
    public static uint Combine(uint crcA, uint crcB, long lengthB)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lengthB);
        return MultiplyModP(PowerOfX(lengthB, 3), crcA) ^ crcB;
    }

    private static int s_warmUpAsked;

    /// <summary>Has a helper thread take the one-time cost of the process's first vectorised CRC-32, once per process.</summary>
    /// <remarks>
    /// <see cref="Crc32"/>'s first update of 64 bytes or more costs about 0.8 ms (measured in a fresh ReadyToRun
    /// process), once for the whole process. Asked for when an archive is opened for reading, it is done while the
    /// caller reads the central directory and the first member's local header; asked for by a parallel writer, while
    /// the thread pool starts its first chunk job.
    /// </remarks>
    public static void WarmUp()
    {
        if (Interlocked.Exchange(ref s_warmUpAsked, 1) == 0)
        {
            Internal.HelperThreads.Queue(static () => Crc32.HashToUInt32(stackalloc byte[256]));
        }
    }

    /// <summary>The piece length of <see cref="Hash"/> and <see cref="CombinePieces"/>: large enough that combining costs nothing.</summary>
    public const int PieceLength = 4 << 20;

    /// <summary>Returns the CRC-32 of <paramref name="data"/>, hashing pieces on several cores when it is large.</summary>
    public static uint Hash(ReadOnlyMemory<byte> data, int maxDegreeOfParallelism = 0)
    {
        if (maxDegreeOfParallelism <= 0)
        {
            maxDegreeOfParallelism = Environment.ProcessorCount;
        }

        if (data.Length <= 2 * PieceLength || maxDegreeOfParallelism == 1)
        {
            return Crc32.HashToUInt32(data.Span);
        }

        var crcs = new uint[PieceCount(data.Length)];
        Internal.ParallelWork.For(
            0, crcs.Length, maxDegreeOfParallelism,
            i => crcs[i] = Crc32.HashToUInt32(Piece(data.Span, i)),
            CancellationToken.None);
        return CombinePieces(crcs, data.Length);
    }

    /// <summary>Gets the number of <see cref="PieceLength"/> pieces that cover <paramref name="length"/> bytes.</summary>
    public static int PieceCount(long length) => (int)((length + PieceLength - 1) / PieceLength);

    /// <summary>Gets piece <paramref name="index"/> of <paramref name="data"/> (the last one may be shorter).</summary>
    public static Span<byte> Piece(Span<byte> data, int index) =>
        data.Slice(index * PieceLength, Math.Min(PieceLength, data.Length - (index * PieceLength)));

    /// <inheritdoc cref="Piece(Span{byte}, int)"/>
    public static ReadOnlySpan<byte> Piece(ReadOnlySpan<byte> data, int index) =>
        data.Slice(index * PieceLength, Math.Min(PieceLength, data.Length - (index * PieceLength)));

    /// <summary>Returns the CRC-32 of <paramref name="totalLength"/> bytes from the CRCs of their consecutive <see cref="PieceLength"/> pieces.</summary>
    public static uint CombinePieces(ReadOnlySpan<uint> crcs, long totalLength)
    {
        uint crc = crcs[0];
        for (int i = 1; i < crcs.Length; i++)
        {
            crc = Combine(crc, crcs[i], Math.Min(PieceLength, totalLength - ((long)i * PieceLength)));
        }

        return crc;
    }

    // Multiplies two polynomials modulo the CRC polynomial (bit-reflected representation).
    private static uint MultiplyModP(uint a, uint b)
    {
        uint m = 1u << 31;
        uint p = 0;
        while (true)
        {
            if ((a & m) != 0)
            {
                p ^= b;
                if ((a & (m - 1)) == 0)
                {
                    break;
                }
            }

            m >>= 1;
            b = (b & 1) != 0 ? (b >> 1) ^ Polynomial : b >> 1;
        }

        return p;
    }

    // Returns x^(n * 2^k) modulo the polynomial.
    private static uint PowerOfX(long n, int k)
    {
        uint p = 1u << 31; // x^0
        while (n != 0)
        {
            if ((n & 1) != 0)
            {
                p = MultiplyModP(s_x2n[k & 31], p);
            }

            n >>= 1;
            k++;
        }

        return p;
    }

    private static uint[] BuildPowerTable()
    {
        var table = new uint[32];
        uint p = 1u << 30; // x^1
        table[0] = p;
        for (int n = 1; n < 32; n++)
        {
            table[n] = p = MultiplyModP(p, p);
        }

        return table;
    }
}

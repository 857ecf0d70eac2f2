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

    /// <summary>Returns the CRC-32 of <paramref name="data"/>, hashing pieces on several cores when it is large.</summary>
    public static uint Hash(ReadOnlyMemory<byte> data, int maxDegreeOfParallelism = 0)
    {
        const int Piece = 4 << 20;
        if (maxDegreeOfParallelism <= 0)
        {
            maxDegreeOfParallelism = Environment.ProcessorCount;
        }

        if (data.Length <= 2 * Piece || maxDegreeOfParallelism == 1)
        {
            return Crc32.HashToUInt32(data.Span);
        }

        int count = (int)(((long)data.Length + Piece - 1) / Piece);
        var crcs = new uint[count];
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, i =>
        {
            int start = i * Piece;
            crcs[i] = Crc32.HashToUInt32(data.Span.Slice(start, Math.Min(Piece, data.Length - start)));
        });
        uint crc = crcs[0];
        for (int i = 1; i < count; i++)
        {
            int start = i * Piece;
            crc = Combine(crc, crcs[i], Math.Min(Piece, data.Length - start));
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

using System.Numerics;

namespace Npy.Compression;

/// <summary>Deflate's length and distance symbols (RFC 1951 §3.2.5): code, base value and extra bits.</summary>
internal static class DeflateSymbols
{
    /// <summary>Gets the order in which a dynamic block sends its code-length code's lengths (RFC 1951 §3.2.7).</summary>
    public static ReadOnlySpan<byte> CodeLengthOrder => [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

    /// <summary>Gets the code lengths of the fixed literal/length code, all 288 symbols (RFC 1951 §3.2.6); every fixed distance code is 5 bits.</summary>
    public static ReadOnlySpan<byte> FixedLiteralLengths => s_fixedLiteralLengths;

    private static readonly byte[] s_fixedLiteralLengths = BuildFixedLiteralLengths();

    /// <summary>Returns the length code (0 for symbol 257) of a match length of 3 to 258.</summary>
    public static int LengthCode(int length)
    {
        // Codes 257..284 cover 3..257 in groups doubling every four codes; 285 is exactly 258.
        if (length == 258)
        {
            return 28;
        }

        int l = length - 3;
        if (l < 8)
        {
            return l;
        }

        int bits = 31 - BitOperations.LeadingZeroCount((uint)l);
        return ((bits - 1) * 4) + ((l >> (bits - 2)) & 3);
    }

    /// <summary>Returns the smallest length of a length code.</summary>
    public static int LengthBase(int code) => code < 8 ? code + 3 : code == 28 ? 258 : (((4 + (code & 3)) << ((code >> 2) - 1)) + 3);

    /// <summary>Returns the number of extra bits of a length code.</summary>
    public static int LengthExtraBits(int code) => code < 8 || code == 28 ? 0 : (code >> 2) - 1;

    /// <summary>Returns the distance code of a distance of 1 to 32768.</summary>
    public static int DistanceCode(int distance)
    {
        int d = distance - 1;
        if (d < 4)
        {
            return d;
        }

        int bits = 31 - BitOperations.LeadingZeroCount((uint)d);
        return (bits * 2) + ((d >> (bits - 1)) & 1);
    }

    /// <summary>Returns the smallest distance of a distance code.</summary>
    public static int DistanceBase(int code) => code < 4 ? code + 1 : ((2 + (code & 1)) << ((code >> 1) - 1)) + 1;

    /// <summary>Returns the number of extra bits of a distance code.</summary>
    public static int DistanceExtraBits(int code) => code < 4 ? 0 : (code >> 1) - 1;

    private static byte[] BuildFixedLiteralLengths()
    {
        var lengths = new byte[288];
        for (int s = 0; s < 288; s++)
        {
            lengths[s] = (byte)(s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8);
        }

        return lengths;
    }
}

using System.Buffers.Binary;
using System.Numerics;

namespace Npy.Cli.Formatting;

/// <summary>Reads single elements of numeric dtypes from their bytes, in either byte order.</summary>
internal static class ElementReader
{
    public static bool IsBig(NpyDType dtype) => dtype.ByteOrder == NpyByteOrder.Big;

    /// <summary>Reads a signed or unsigned integer of 1, 2, 4 or 8 bytes.</summary>
    public static BigInteger ReadInteger(ReadOnlySpan<byte> item, bool signed, bool big) => item.Length switch
    {
        1 => signed ? (sbyte)item[0] : item[0],
        2 => signed
            ? (big ? BinaryPrimitives.ReadInt16BigEndian(item) : BinaryPrimitives.ReadInt16LittleEndian(item))
            : (big ? BinaryPrimitives.ReadUInt16BigEndian(item) : BinaryPrimitives.ReadUInt16LittleEndian(item)),
        4 => signed
            ? (big ? BinaryPrimitives.ReadInt32BigEndian(item) : BinaryPrimitives.ReadInt32LittleEndian(item))
            : (big ? BinaryPrimitives.ReadUInt32BigEndian(item) : BinaryPrimitives.ReadUInt32LittleEndian(item)),
        8 => signed
            ? (big ? BinaryPrimitives.ReadInt64BigEndian(item) : BinaryPrimitives.ReadInt64LittleEndian(item))
            : (big ? BinaryPrimitives.ReadUInt64BigEndian(item) : BinaryPrimitives.ReadUInt64LittleEndian(item)),
        _ => new BigInteger(item, isUnsigned: !signed, isBigEndian: big),
    };

    /// <summary>Reads a float of 2, 4 or 8 bytes, or an x87 extended long double (10 significant bytes in 12 or 16).</summary>
    public static FloatValue ReadFloat(ReadOnlySpan<byte> item, bool big) => item.Length switch
    {
        2 => new FloatValue((double)(big ? BinaryPrimitives.ReadHalfBigEndian(item) : BinaryPrimitives.ReadHalfLittleEndian(item)), FloatWidth.Half),
        4 => new FloatValue(big ? BinaryPrimitives.ReadSingleBigEndian(item) : BinaryPrimitives.ReadSingleLittleEndian(item), FloatWidth.Single),
        8 => new FloatValue(big ? BinaryPrimitives.ReadDoubleBigEndian(item) : BinaryPrimitives.ReadDoubleLittleEndian(item), FloatWidth.Double),
        _ => new FloatValue(ReadExtended(item, big), FloatWidth.Double),
    };

    /// <summary>Reads a little- or big-endian signed 64-bit count (datetime64, timedelta64).</summary>
    public static long ReadInt64(ReadOnlySpan<byte> item, bool big) =>
        big ? BinaryPrimitives.ReadInt64BigEndian(item) : BinaryPrimitives.ReadInt64LittleEndian(item);

    /// <summary>Converts an x87 80-bit extended value to the nearest double (shown with double precision).</summary>
    private static double ReadExtended(ReadOnlySpan<byte> item, bool big)
    {
        if (item.Length < 10)
        {
            return double.NaN;
        }

        // The 10 significant bytes sit at the low addresses in little-endian storage and at the high ones in big-endian.
        Span<byte> le = stackalloc byte[10];
        if (big)
        {
            item[^10..].CopyTo(le);
            le.Reverse();
        }
        else
        {
            item[..10].CopyTo(le);
        }

        ulong mantissa = BinaryPrimitives.ReadUInt64LittleEndian(le);
        ushort signExp = BinaryPrimitives.ReadUInt16LittleEndian(le[8..]);
        bool negative = (signExp & 0x8000) != 0;
        int exponent = signExp & 0x7FFF;
        double value;
        if (exponent == 0x7FFF)
        {
            value = (mantissa << 1) == 0 ? double.PositiveInfinity : double.NaN;
        }
        else
        {
            // value = mantissa × 2^(exponent − 16383 − 63); ScaleB handles the double's range and rounds subnormals.
            value = Math.ScaleB((double)mantissa, (exponent == 0 ? 1 : exponent) - 16383 - 63);
        }

        return negative ? -value : value;
    }
}

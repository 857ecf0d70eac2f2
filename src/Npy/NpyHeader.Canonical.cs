using Npy.Format;

namespace Npy;

public sealed partial class NpyHeader
{
    // Numeric descrs NumPy writes for fixed-size types; each maps to one shared, immutable dtype instance.
    private static readonly Dictionary<string, NpyDType> s_canonicalDescrs = BuildCanonicalDescrs();

    private static readonly Dictionary<string, NpyDType>.AlternateLookup<ReadOnlySpan<char>> s_canonicalDescrLookup =
        s_canonicalDescrs.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Gets the dimensions without copying them (both constructors store an array).</summary>
    internal ReadOnlySpan<long> ShapeSpan => (long[])Shape;

    /// <summary>Parses header text laid out exactly as NumPy writes it, without building a literal tree.</summary>
    /// <remarks>
    /// Accepts only <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (64,), }</c> followed by spaces and one
    /// newline, with a plain numeric descr and decimal dimensions. Anything else, and anything the full parser would
    /// refuse or report a limit for, returns <see langword="false"/> so the full parser produces the result or the
    /// error; when it returns <see langword="true"/> the result equals the full parser's. Saves ~2.5 KB of garbage
    /// and most of the time per header, which dominates archives of many small members.
    /// </remarks>
    internal static bool TryParseCanonical(ReadOnlySpan<byte> text, NpyLimits limits, out NpyDType? dtype, out long[]? dims, out bool fortranOrder)
    {
        dtype = null;
        dims = null;
        fortranOrder = false;
        if (!Take(ref text, "{'descr': '"u8))
        {
            return false;
        }

        int quote = text.IndexOf((byte)'\'');
        if (quote is < 2 or > 4)
        {
            return false;
        }

        Span<char> descr = stackalloc char[4];
        for (int i = 0; i < quote; i++)
        {
            descr[i] = (char)text[i];
        }

        if (!s_canonicalDescrLookup.TryGetValue(descr[..quote], out NpyDType? found))
        {
            return false;
        }

        text = text[quote..];
        if (!Take(ref text, "', 'fortran_order': "u8))
        {
            return false;
        }

        if (Take(ref text, "False"u8))
        {
            fortranOrder = false;
        }
        else if (Take(ref text, "True"u8))
        {
            fortranOrder = true;
        }
        else
        {
            return false;
        }

        if (!Take(ref text, ", 'shape': ("u8) || !TryTakeShape(ref text, limits, out long[]? shape) || !Take(ref text, "), }"u8))
        {
            return false;
        }

        // Only the padding NumPy writes may follow: spaces, then a single newline that ends the text.
        if (text.IsEmpty || text[^1] != (byte)'\n' || text[..^1].ContainsAnyExcept((byte)' '))
        {
            return false;
        }

        dtype = found;
        dims = shape;
        return true;
    }

    // Reads "", "N," or "N, M[, K…]" (NumPy's tuple repr) up to the closing parenthesis, which is left in place.
    private static bool TryTakeShape(ref ReadOnlySpan<byte> text, NpyLimits limits, out long[]? shape)
    {
        shape = null;
        if (!text.IsEmpty && text[0] == (byte)')')
        {
            shape = [];
            return true;
        }

        Span<long> dims = stackalloc long[8];
        int count = 0;
        while (true)
        {
            if (count == dims.Length || !TryTakeDimension(ref text, out dims[count]))
            {
                return false;
            }

            count++;
            if (text.IsEmpty)
            {
                return false;
            }

            if (text[0] == (byte)')')
            {
                // A one-element tuple needs its trailing comma; without it the value is a plain int.
                if (count == 1)
                {
                    return false;
                }

                break;
            }

            if (count == 1 && text.StartsWith(",)"u8))
            {
                text = text[1..];
                break;
            }

            if (!Take(ref text, ", "u8))
            {
                return false;
            }
        }

        if (count > limits.MaxDimensions)
        {
            return false;
        }

        shape = dims[..count].ToArray();
        return true;
    }

    // A decimal int without sign or leading zeros, small enough that no overflow check is needed.
    private static bool TryTakeDimension(ref ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        int i = 0;
        while (i < text.Length && i < 18 && char.IsAsciiDigit((char)text[i]))
        {
            value = (value * 10) + (text[i] - '0');
            i++;
        }

        if (i == 0 || (i > 1 && text[0] == (byte)'0') || (i < text.Length && char.IsAsciiDigit((char)text[i])))
        {
            return false;
        }

        text = text[i..];
        return true;
    }

    private static bool Take(ref ReadOnlySpan<byte> text, ReadOnlySpan<byte> expected)
    {
        if (!text.StartsWith(expected))
        {
            return false;
        }

        text = text[expected.Length..];
        return true;
    }

    private static Dictionary<string, NpyDType> BuildCanonicalDescrs()
    {
        var table = new Dictionary<string, NpyDType>(StringComparer.Ordinal);
        string[] sized = ["b1", "i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8", "f2", "f4", "f8", "c8", "c16"];
        foreach (char order in "<>|")
        {
            foreach (string code in sized)
            {
                string descr = order + code;

                // The same conversion the full parser applies to a descr string; numeric types carry no size limit.
                if (NpyDType.ParseSimple(descr, NpyLimits.Trusted) is { } dtype)
                {
                    table.Add(descr, dtype);
                }
            }
        }

        return table;
    }
}

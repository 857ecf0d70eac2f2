using System.Diagnostics.CodeAnalysis;
using Npy.Format;

namespace Npy;

public sealed partial class NpyDType
{
    /// <summary>The datetime units NumPy knows, coarsest first.</summary>
    internal static readonly string[] DateTimeUnits = ["Y", "M", "W", "D", "h", "m", "s", "ms", "us", "ns", "ps", "fs", "as"];

    /// <summary>Parses a descr: a simple one (<c>&lt;f8</c>, <c>?</c>, <c>i4</c>, <c>|O8</c>, <c>&lt;M8[10ms]</c>) or the Python-literal text of a structured list or subarray tuple.</summary>
    /// <param name="descr">The descr text.</param>
    /// <returns>The dtype, with native byte order resolved to the machine's.</returns>
    /// <remarks>Uses <see cref="NpyLimits.Default"/> for nesting depth and item size.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="descr"/> is null.</exception>
    /// <exception cref="NpyFormatException">The text is not a valid descr.</exception>
    /// <exception cref="NpyLimitExceededException">The item size or nesting exceeds the default limits.</exception>
    public static NpyDType Parse(string descr) => Parse(descr, null);

    /// <summary>Parses a descr under the given limits (see <see cref="Parse(string)"/>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="descr"/> is null.</exception>
    /// <exception cref="NpyFormatException">The text is not a valid descr.</exception>
    /// <exception cref="NpyLimitExceededException">The item size exceeds <see cref="NpyLimits.MaxItemSize"/>.</exception>
    public static NpyDType Parse(string descr, NpyLimits? limits)
    {
        ArgumentNullException.ThrowIfNull(descr);
        limits ??= NpyLimits.Default;
        string trimmed = descr.Trim();
        if (trimmed.Length > 0 && trimmed[0] is '[' or '(')
        {
            PyNode node = PyLiteralParser.Parse(descr, 0, utf8: true, allowLongSuffix: false, limits.MaxNestingDepth);
            return DescrConverter.Convert(node, limits);
        }

        return ParseSimple(descr, limits)
            ?? throw new NpyFormatException($"descr is not a valid dtype descriptor: {PyRepr.String(descr)}");
    }

    /// <summary>Tries to parse a descr (see <see cref="Parse(string)"/>); returns false instead of throwing for malformed or over-limit text.</summary>
    public static bool TryParse([NotNullWhen(true)] string? descr, [NotNullWhen(true)] out NpyDType? dtype)
    {
        dtype = null;
        if (descr is null)
        {
            return false;
        }

        try
        {
            dtype = Parse(descr);
            return true;
        }
        catch (NpyInvalidDataException)
        {
            return false;
        }
    }

    /// <summary>Parses a simple (non-structured) descr string; returns null if NumPy would not understand it.</summary>
    /// <exception cref="NpyLimitExceededException">The item size exceeds <see cref="NpyLimits.MaxItemSize"/>.</exception>
    /// <exception cref="NpyFormatException">The item size does not fit the model (over 2 GiB).</exception>
    internal static NpyDType? ParseSimple(string descr, NpyLimits limits)
    {
        NpyDType? named = ParseName(descr);
        if (named is not null)
        {
            return named;
        }

        ReadOnlySpan<char> s = descr;
        NpyByteOrder order = NativeOrder;
        if (s.Length > 0 && s[0] is '<' or '>' or '|' or '=')
        {
            // '|' on a multi-byte type means "not applicable", which NumPy reads as native; one-byte types drop it anyway.
            order = s[0] == '<' ? NpyByteOrder.Little : s[0] == '>' ? NpyByteOrder.Big : NativeOrder;
            s = s[1..];
        }

        if (s.Length == 0)
        {
            return null;
        }

        char code = s[0];
        ReadOnlySpan<char> rest = s[1..];
        if (code is 'M' or 'm')
        {
            return ParseDateTime(code == 'M' ? NpyKind.DateTime : NpyKind.TimeDelta, rest, order);
        }

        if (rest.Length == 0)
        {
            return ParseLetter(code, order);
        }

        if (!TryParseSize(rest, out long n))
        {
            return null;
        }

        switch (code)
        {
            case 'b' when n == 1:
                return Bool;
            case 'i' or 'u' when n is 1 or 2 or 4 or 8:
                return CreateSimple(code == 'i' ? NpyKind.Int : NpyKind.UInt, (int)n, order);
            case 'f' when n is 2 or 4 or 8 or 12 or 16:
                return CreateSimple(NpyKind.Float, (int)n, order);
            case 'c' when n is 8 or 16 or 24 or 32:
                return CreateSimple(NpyKind.Complex, (int)n, order);
            case 'O' when n is 4 or 8:
                return Object;
            case 'S' or 'a':
                return CreateSimple(NpyKind.Bytes, CheckItemSize(n, n, descr, limits), order);
            case 'V':
                return CreateSimple(NpyKind.Void, CheckItemSize(n, n, descr, limits), order);
            case 'U':
                long bytes = n > long.MaxValue / 4 ? long.MaxValue : n * 4;
                return CreateSimple(NpyKind.Unicode, CheckItemSize(bytes, n, descr, limits), order);
            default:
                return null;
        }
    }

    private static NpyDType? ParseLetter(char code, NpyByteOrder order) => code switch
    {
        '?' => Bool,
        'b' => Int8,
        'B' => UInt8,
        'h' => CreateSimple(NpyKind.Int, 2, order),
        'H' => CreateSimple(NpyKind.UInt, 2, order),
        'i' => CreateSimple(NpyKind.Int, 4, order),
        'I' => CreateSimple(NpyKind.UInt, 4, order),
        'l' or 'q' or 'p' => CreateSimple(NpyKind.Int, 8, order),
        'L' or 'Q' or 'P' => CreateSimple(NpyKind.UInt, 8, order),
        'e' => CreateSimple(NpyKind.Float, 2, order),
        'f' => CreateSimple(NpyKind.Float, 4, order),
        'd' => CreateSimple(NpyKind.Float, 8, order),
        'g' => CreateSimple(NpyKind.Float, 16, order),
        'F' => CreateSimple(NpyKind.Complex, 8, order),
        'D' => CreateSimple(NpyKind.Complex, 16, order),
        'G' => CreateSimple(NpyKind.Complex, 32, order),
        'S' => Bytes(0),
        'a' => Bytes(0),
        'c' => Bytes(1),
        'U' => CreateSimple(NpyKind.Unicode, 0, order),
        'V' => Void(0),
        'O' => Object,
        _ => null,
    };

    private static NpyDType? ParseName(string name) => name switch
    {
        "bool" or "bool_" => Bool,
        "int8" => Int8,
        "uint8" => UInt8,
        "int16" => Int16.WithByteOrder(NativeOrder),
        "uint16" => UInt16.WithByteOrder(NativeOrder),
        "int32" => Int32.WithByteOrder(NativeOrder),
        "uint32" => UInt32.WithByteOrder(NativeOrder),
        "int64" or "int" => Int64.WithByteOrder(NativeOrder),
        "uint64" => UInt64.WithByteOrder(NativeOrder),
        "float16" => Float16.WithByteOrder(NativeOrder),
        "float32" => Float32.WithByteOrder(NativeOrder),
        "float64" or "float" => Float64.WithByteOrder(NativeOrder),
        "complex64" => Complex64.WithByteOrder(NativeOrder),
        "complex128" or "complex" => Complex128.WithByteOrder(NativeOrder),
        "bytes" => Bytes(0),
        "str" => CreateSimple(NpyKind.Unicode, 0, NativeOrder),
        "void" => Void(0),
        "object" => Object,
        "datetime64" => CreateDateTimeUnchecked(NpyKind.DateTime, null, 1, NativeOrder),
        "timedelta64" => CreateDateTimeUnchecked(NpyKind.TimeDelta, null, 1, NativeOrder),
        _ when name.StartsWith("datetime64[", StringComparison.Ordinal) => ParseDateTime(NpyKind.DateTime, ("8" + name[10..]).AsSpan(), NativeOrder),
        _ when name.StartsWith("timedelta64[", StringComparison.Ordinal) => ParseDateTime(NpyKind.TimeDelta, ("8" + name[11..]).AsSpan(), NativeOrder),
        _ => null,
    };

    /// <summary>Parses what follows <c>M</c>/<c>m</c>: nothing (generic), <c>8</c>, or <c>8[unit]</c> / <c>8[Nunit]</c>.</summary>
    private static NpyDType? ParseDateTime(NpyKind kind, ReadOnlySpan<char> rest, NpyByteOrder order)
    {
        if (rest.Length == 0)
        {
            return CreateDateTimeUnchecked(kind, null, 1, order);
        }

        if (rest[0] != '8')
        {
            return null;
        }

        rest = rest[1..];
        if (rest.Length == 0)
        {
            return CreateDateTimeUnchecked(kind, null, 1, order);
        }

        if (rest[0] != '[' || rest[^1] != ']')
        {
            return null;
        }

        ReadOnlySpan<char> inner = rest[1..^1];
        if (inner.SequenceEqual("generic"))
        {
            return CreateDateTimeUnchecked(kind, null, 1, order);
        }

        int digits = 0;
        while (digits < inner.Length && char.IsAsciiDigit(inner[digits]))
        {
            digits++;
        }

        long multiplier = 1;
        if (digits > 0 && (!TryParseSize(inner[..digits], out multiplier) || multiplier is < 1 or > int.MaxValue))
        {
            // NumPy accepts a zero multiplier; it is meaningless, so it is refused here.
            return null;
        }

        string unit = inner[digits..].ToString();
        return Array.IndexOf(DateTimeUnits, unit) < 0 ? null : CreateDateTimeUnchecked(kind, unit, (int)multiplier, order);
    }

    /// <summary>Parses decimal digits (no sign); values beyond <see cref="long"/> saturate to <see cref="long.MaxValue"/>.</summary>
    private static bool TryParseSize(ReadOnlySpan<char> digits, out long value)
    {
        value = 0;
        if (digits.Length == 0)
        {
            return false;
        }

        foreach (char c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = value > (long.MaxValue - 9) / 10 ? long.MaxValue : (value * 10) + (c - '0');
        }

        return true;
    }

    private static int CheckItemSize(long bytes, long declared, string descr, NpyLimits limits)
    {
        if (bytes > limits.MaxItemSize)
        {
            throw new NpyLimitExceededException("item size", bytes, limits.MaxItemSize, nameof(NpyLimits.MaxItemSize), NpyConstants.MaxItemSizeFlag);
        }

        if (bytes > int.MaxValue)
        {
            throw new NpyFormatException($"descr {PyRepr.String(descr)} declares {declared} characters; item sizes over 2 GiB are not supported.");
        }

        return (int)bytes;
    }
}

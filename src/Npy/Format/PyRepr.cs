using System.Globalization;
using System.Text;

namespace Npy.Format;

/// <summary>Writes values exactly as CPython's <c>repr</c> does, for the parts of a header NumPy formats with it.</summary>
internal static class PyRepr
{
    /// <summary>Appends the Python <c>repr</c> of a <c>str</c>: quote choice, escapes and printability as CPython 3.</summary>
    public static void AppendString(StringBuilder sb, string value)
    {
        // CPython: use ' unless the text contains ' and no ".
        char quote = value.Contains('\'', StringComparison.Ordinal) && !value.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        sb.Append(quote);
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            int cp = c;
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                cp = char.ConvertToUtf32(c, value[i + 1]);
            }

            if (cp == quote || cp == '\\')
            {
                sb.Append('\\').Append(c);
            }
            else if (cp == '\t')
            {
                sb.Append("\\t");
            }
            else if (cp == '\n')
            {
                sb.Append("\\n");
            }
            else if (cp == '\r')
            {
                sb.Append("\\r");
            }
            else if (cp < 0x20 || cp == 0x7F)
            {
                AppendHex(sb, "\\x", cp, 2);
            }
            else if (cp < 0x7F)
            {
                sb.Append(c);
            }
            else if (IsPrintable(cp))
            {
                sb.Append(c);
                if (cp > 0xFFFF)
                {
                    sb.Append(value[++i]);
                }
            }
            else
            {
                if (cp > 0xFFFF)
                {
                    i++;
                }

                if (cp <= 0xFF)
                {
                    AppendHex(sb, "\\x", cp, 2);
                }
                else if (cp <= 0xFFFF)
                {
                    AppendHex(sb, "\\u", cp, 4);
                }
                else
                {
                    AppendHex(sb, "\\U", cp, 8);
                }
            }
        }

        sb.Append(quote);
    }

    /// <summary>Returns the Python <c>repr</c> of a <c>str</c>.</summary>
    public static string String(string value)
    {
        var sb = new StringBuilder(value.Length + 2);
        AppendString(sb, value);
        return sb.ToString();
    }

    /// <summary>Appends a Python tuple of ints: <c>()</c>, <c>(n,)</c>, <c>(a, b)</c>.</summary>
    /// <remarks>Not generic: a constrained generic over long is compiled at run time even in a ReadyToRun build, on every process's first save.</remarks>
    public static void AppendIntTuple(StringBuilder sb, ReadOnlySpan<long> items)
    {
        sb.Append('(');
        for (int i = 0; i < items.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            sb.Append(items[i].ToString(CultureInfo.InvariantCulture));
        }

        if (items.Length == 1)
        {
            sb.Append(',');
        }

        sb.Append(')');
    }

    /// <inheritdoc cref="AppendIntTuple(StringBuilder, ReadOnlySpan{long})"/>
    public static void AppendIntTuple(StringBuilder sb, IReadOnlyList<int> items)
    {
        Span<long> wide = items.Count <= 64 ? stackalloc long[items.Count] : new long[items.Count];
        for (int i = 0; i < wide.Length; i++)
        {
            wide[i] = items[i];
        }

        AppendIntTuple(sb, wide);
    }

    /// <summary>Tells whether CPython's <c>str.isprintable</c> holds for a code point (Unicode database of .NET).</summary>
    /// <remarks>
    /// CPython treats categories Cc, Cf, Cs, Co, Cn, Zl, Zp and Zs (except the ASCII space) as non-printable.
    /// Code points assigned in a newer Unicode version than the writer's Python may differ; that is rare and only
    /// affects exotic field names.
    /// </remarks>
    public static bool IsPrintable(int codePoint)
    {
        if (codePoint == ' ')
        {
            return true;
        }

        if (codePoint is >= 0xD800 and <= 0xDFFF)
        {
            return false;
        }

        return CharUnicodeInfo.GetUnicodeCategory(codePoint) switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.SpaceSeparator => false,
            _ => true,
        };
    }

    private static void AppendHex(StringBuilder sb, string prefix, int value, int digits)
    {
        sb.Append(prefix).Append(value.ToString("x" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
    }
}

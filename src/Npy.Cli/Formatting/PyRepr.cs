using System.Globalization;
using System.Text;

namespace Npy.Cli.Formatting;

/// <summary>Python's <c>repr</c> of <c>str</c> and <c>bytes</c> values, as NumPy prints string elements.</summary>
internal static class PyRepr
{
    /// <summary>Formats text as Python's <c>repr(str)</c>: single quotes unless the text has one and no double quote.</summary>
    public static string Str(string text)
    {
        char quote = text.Contains('\'', StringComparison.Ordinal) && !text.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        var sb = new StringBuilder(text.Length + 2).Append(quote);
        foreach (Rune rune in text.EnumerateRunes())
        {
            int c = rune.Value;
            switch (c)
            {
                case '\\': sb.Append(@"\\"); break;
                case '\t': sb.Append(@"\t"); break;
                case '\n': sb.Append(@"\n"); break;
                case '\r': sb.Append(@"\r"); break;
                default:
                    if (c == quote)
                    {
                        sb.Append('\\').Append(quote);
                    }
                    else if (IsPrintable(rune))
                    {
                        sb.Append(rune.ToString());
                    }
                    else if (c < 0x100)
                    {
                        sb.Append(CultureInfo.InvariantCulture, $"\\x{c:x2}");
                    }
                    else if (c < 0x10000)
                    {
                        sb.Append(CultureInfo.InvariantCulture, $"\\u{c:x4}");
                    }
                    else
                    {
                        sb.Append(CultureInfo.InvariantCulture, $"\\U{c:x8}");
                    }

                    break;
            }
        }

        return sb.Append(quote).ToString();
    }

    /// <summary>Formats bytes as Python's <c>repr(bytes)</c>: <c>b'...'</c> with <c>\xNN</c> escapes.</summary>
    public static string Bytes(ReadOnlySpan<byte> bytes)
    {
        char quote = bytes.Contains((byte)'\'') && !bytes.Contains((byte)'"') ? '"' : '\'';
        var sb = new StringBuilder(bytes.Length + 3).Append('b').Append(quote);
        foreach (byte b in bytes)
        {
            switch (b)
            {
                case (byte)'\\': sb.Append(@"\\"); break;
                case (byte)'\t': sb.Append(@"\t"); break;
                case (byte)'\n': sb.Append(@"\n"); break;
                case (byte)'\r': sb.Append(@"\r"); break;
                default:
                    if (b == quote)
                    {
                        sb.Append('\\').Append(quote);
                    }
                    else if (b is >= 0x20 and < 0x7F)
                    {
                        sb.Append((char)b);
                    }
                    else
                    {
                        sb.Append(CultureInfo.InvariantCulture, $"\\x{b:x2}");
                    }

                    break;
            }
        }

        return sb.Append(quote).ToString();
    }

    private static bool IsPrintable(Rune rune)
    {
        if (rune.Value == ' ')
        {
            return true;
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.SpaceSeparator => false,
            _ => true,
        };
    }
}

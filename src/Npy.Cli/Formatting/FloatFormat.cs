using System.Globalization;

namespace Npy.Cli.Formatting;

/// <summary>Formats the floats of one array the way NumPy's default <c>repr</c> does (<c>floatmode='maxprec'</c>, precision 8).</summary>
/// <remarks>
/// One format serves all elements, so columns line up: positional notation unless the largest magnitude is at least
/// 1e8, the smallest non-zero one is below 1e-4, or they are more than 1000 apart; then scientific notation with the
/// same number of digits for all. Each value prints its shortest round-trip digits, cut to 8 fractional digits.
/// </remarks>
internal sealed class FloatFormat
{
    private const int Precision = 8;

    private readonly bool _scientific;
    private readonly bool _forceSign;
    private readonly int _padLeft;
    private readonly int _padRight;
    private readonly int _fractionDigits;
    private readonly int _exponentDigits;

    public FloatFormat(IEnumerable<FloatValue> values, bool forceSign = false)
    {
        _forceSign = forceSign;
        var finite = new List<FloatValue>();
        bool anyNonFinite = false;
        bool negativeInfinity = false;
        foreach (FloatValue v in values)
        {
            if (v.IsFinite)
            {
                finite.Add(v);
            }
            else
            {
                anyNonFinite = true;
                negativeInfinity |= double.IsNegativeInfinity(v.Value);
            }
        }

        double max = 0, min = double.MaxValue;
        foreach (FloatValue v in finite)
        {
            double a = Math.Abs(v.Value);
            if (a != 0)
            {
                max = Math.Max(max, a);
                min = Math.Min(min, a);
            }
        }

        _scientific = max != 0 && (max >= 1e8 || min < 1e-4 || max / min > 1000);
        if (finite.Count == 0)
        {
            _padLeft = 0;
            _padRight = 0;
        }
        else if (_scientific)
        {
            int intWidth = 0, frac = 0, exp = 0;
            foreach (FloatValue v in finite)
            {
                var (mantissa, exponent) = Scientific(v, Precision);
                mantissa = Signed(mantissa);
                int dot = mantissa.IndexOf('.', StringComparison.Ordinal);
                intWidth = Math.Max(intWidth, dot);
                frac = Math.Max(frac, mantissa.Length - dot - 1);
                exp = Math.Max(exp, Math.Abs(exponent).ToString(CultureInfo.InvariantCulture).Length);
            }

            _fractionDigits = frac;
            _exponentDigits = Math.Max(2, exp);
            _padLeft = intWidth;
            _padRight = _exponentDigits + 2 + _fractionDigits;
        }
        else
        {
            int intWidth = 0, frac = 0;
            foreach (FloatValue v in finite)
            {
                string s = Signed(Positional(v, Precision));
                int dot = s.IndexOf('.', StringComparison.Ordinal);
                intWidth = Math.Max(intWidth, dot);
                frac = Math.Max(frac, s.Length - dot - 1);
            }

            _padLeft = intWidth;
            _padRight = frac;
        }

        if (anyNonFinite)
        {
            int infWidth = 3 + (forceSign || negativeInfinity ? 1 : 0);
            int offset = _padRight + 1;
            _padLeft = Math.Max(_padLeft, Math.Max(3 - offset, infWidth - offset));
        }
    }

    /// <summary>Formats one value with this array's common layout.</summary>
    public string Format(FloatValue v)
    {
        int width = _padLeft + _padRight + 1;
        if (!v.IsFinite)
        {
            string text = double.IsNaN(v.Value) ? (_forceSign ? "+nan" : "nan") : v.Value < 0 ? "-inf" : _forceSign ? "+inf" : "inf";
            return text.PadLeft(width);
        }

        if (_scientific)
        {
            var (mantissa, exponent) = Scientific(v, Precision);
            mantissa = Signed(mantissa);
            int dot = mantissa.IndexOf('.', StringComparison.Ordinal);
            string intPart = mantissa[..dot];
            string frac = mantissa[(dot + 1)..].PadRight(_fractionDigits, '0');
            string exp = (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString(CultureInfo.InvariantCulture).PadLeft(_exponentDigits, '0');
            return intPart.PadLeft(_padLeft) + "." + frac + "e" + exp;
        }
        else
        {
            string s = Signed(Positional(v, Precision));
            int dot = s.IndexOf('.', StringComparison.Ordinal);
            return s[..dot].PadLeft(_padLeft) + "." + s[(dot + 1)..].PadRight(_padRight);
        }
    }

    private string Signed(string text) => _forceSign && !text.StartsWith('-') ? "+" + text : text;

    /// <summary>Gets the shortest round-trip digits of a value and the position of its decimal point.</summary>
    /// <returns>The significant digits (no leading zeros; "0" for zero) and the exponent: value = 0.digits × 10^exponent.</returns>
    internal static (string Digits, int PointPosition, bool Negative) Shortest(FloatValue v)
    {
        string r = v.Width switch
        {
            FloatWidth.Half => ((Half)v.Value).ToString("R", CultureInfo.InvariantCulture),
            FloatWidth.Single => ((float)v.Value).ToString("R", CultureInfo.InvariantCulture),
            _ => v.Value.ToString("R", CultureInfo.InvariantCulture),
        };
        return Decompose(r);
    }

    /// <summary>Splits .NET's invariant number text ("-1.25E-05", "123.5", "0") into digits, point position and sign.</summary>
    internal static (string Digits, int PointPosition, bool Negative) Decompose(string text)
    {
        bool negative = text.StartsWith('-');
        if (negative)
        {
            text = text[1..];
        }

        int exponent = 0;
        int e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        int dot = text.IndexOf('.', StringComparison.Ordinal);
        string digits = dot < 0 ? text : text[..dot] + text[(dot + 1)..];
        int point = (dot < 0 ? text.Length : dot) + exponent;
        int lead = 0;
        while (lead < digits.Length - 1 && digits[lead] == '0')
        {
            lead++;
        }

        digits = digits[lead..];
        point -= lead;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0)
        {
            return ("0", 1, negative);
        }

        return (digits, point, negative);
    }

    /// <summary>Formats a value positionally: shortest digits, at most <paramref name="precision"/> after the point, always with a point.</summary>
    internal static string Positional(FloatValue v, int precision)
    {
        var (digits, point, negative) = Shortest(v);
        if (digits.Length - point > precision)
        {
            // More digits than the precision allows: round the exact value, as NumPy's Dragon4 cut-off does.
            // The widened double holds a narrower float's value exactly, so rounding it rounds the original.
            (digits, point, negative) = Decompose(v.Value.ToString("F" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
        }

        string intPart, frac;
        if (digits == "0")
        {
            intPart = "0";
            frac = string.Empty;
        }
        else if (point <= 0)
        {
            intPart = "0";
            frac = new string('0', -point) + digits;
        }
        else if (point >= digits.Length)
        {
            intPart = digits + new string('0', point - digits.Length);
            frac = string.Empty;
        }
        else
        {
            intPart = digits[..point];
            frac = digits[point..];
        }

        return (negative ? "-" : string.Empty) + intPart + "." + frac;
    }

    /// <summary>Formats a value in scientific notation: shortest digits, at most <paramref name="precision"/> after the point.</summary>
    /// <returns>The mantissa text with its sign and point ("-1.5", "2.") and the decimal exponent.</returns>
    internal static (string Mantissa, int Exponent) Scientific(FloatValue v, int precision)
    {
        var (digits, point, negative) = Shortest(v);
        if (digits.Length - 1 > precision)
        {
            (digits, point, negative) = Decompose(v.Value.ToString("E" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
        }

        int exponent = digits == "0" ? 0 : point - 1;
        return ((negative ? "-" : string.Empty) + digits[..1] + "." + digits[1..], exponent);
    }
}

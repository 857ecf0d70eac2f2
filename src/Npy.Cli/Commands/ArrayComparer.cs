using System.Globalization;
using Npy.Cli.Formatting;

namespace Npy.Cli.Commands;

/// <summary>Compares the values of two arrays of the same dtype and shape: floats within tolerances (NaN equals NaN), the rest exactly.</summary>
internal sealed class ArrayComparer(double rtol, double atol)
{
    /// <summary>Compares two arrays in logical (C) order.</summary>
    /// <returns>A one-line description of the differences, or <see langword="null"/> when the values are equal.</returns>
    public string? Compare(NpyArray a, NpyArray b)
    {
        NpyArray ca = a.ToCOrder();
        NpyArray cb = b.ToCOrder();
        int size = ca.DType.ItemSize;
        if (size == 0)
        {
            // Zero-width items ('S0', 'V0') hold no values, however many there are.
            return null;
        }

        ReadOnlySpan<byte> da = ca.Data.Span;
        ReadOnlySpan<byte> db = cb.Data.Span;
        bool big = ElementReader.IsBig(ca.DType);
        bool numeric = ca.DType.Kind is NpyKind.Float or NpyKind.Complex;
        long count = 0;
        long first = -1;
        double maxDiff = 0;
        for (long i = 0; i < ca.Length; i++)
        {
            ReadOnlySpan<byte> x = da.Slice(checked((int)(i * size)), size);
            ReadOnlySpan<byte> y = db.Slice(checked((int)(i * size)), size);
            bool equal;
            if (numeric)
            {
                equal = true;
                int parts = ca.DType.Kind == NpyKind.Complex ? 2 : 1;
                int part = size / parts;
                for (int p = 0; p < parts; p++)
                {
                    double u = ElementReader.ReadFloat(x.Slice(p * part, part), big).Value;
                    double v = ElementReader.ReadFloat(y.Slice(p * part, part), big).Value;
                    if (!Close(u, v))
                    {
                        equal = false;
                        double d = Math.Abs(u - v);
                        if (!double.IsNaN(d))
                        {
                            maxDiff = Math.Max(maxDiff, d);
                        }
                    }
                }
            }
            else
            {
                equal = x.SequenceEqual(y);
            }

            if (!equal)
            {
                count++;
                if (first < 0)
                {
                    first = i;
                }
            }
        }

        if (count == 0)
        {
            return null;
        }

        var format = Formatting.ElementFormat.Create(ca.DType, [ca.Data.Slice(checked((int)(first * size)), size), cb.Data.Slice(checked((int)(first * size)), size)], zeroDimensional: true);
        string at = Index(first, ca.Shape);
        string text = string.Create(CultureInfo.InvariantCulture, $"{count} of {ca.Length} values differ; first at {at}: {format.Format(da.Slice(checked((int)(first * size)), size)).Trim()} != {format.Format(db.Slice(checked((int)(first * size)), size)).Trim()}");
        if (numeric)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"; max abs difference {maxDiff:R}");
        }

        return text;
    }

    /// <summary>Tells whether two values are equal within the tolerances, as <c>numpy.isclose(equal_nan=True)</c>.</summary>
    public bool Close(double a, double b)
    {
        if (a.Equals(b) || (double.IsNaN(a) && double.IsNaN(b)))
        {
            return true;
        }

        if (!double.IsFinite(a) || !double.IsFinite(b))
        {
            return false;
        }

        return Math.Abs(a - b) <= atol + (rtol * Math.Abs(b));
    }

    private static string Index(long flat, IReadOnlyList<long> shape)
    {
        if (shape.Count == 0)
        {
            return "()";
        }

        var index = new long[shape.Count];
        for (int k = shape.Count - 1; k >= 0; k--)
        {
            index[k] = flat % shape[k];
            flat /= shape[k];
        }

        return "[" + string.Join(", ", index.Select(i => i.ToString(CultureInfo.InvariantCulture))) + "]";
    }
}

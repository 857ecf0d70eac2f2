using System.Globalization;
using System.Text;

namespace Npy.Cli.Formatting;

/// <summary>Renders an array as NumPy's <c>repr</c> does with default print options: 75 columns, 3 edge items, summarised past a threshold.</summary>
internal static class ArrayRepr
{
    private const string Prefix = "array(";
    private const string Separator = ", ";
    private const string SummaryInsert = "...";
    private const int LineWidth = 75;

    /// <summary>Renders the array.</summary>
    /// <param name="array">The array (any memory order; elements are shown in logical order).</param>
    /// <param name="threshold">Arrays with more elements than this are summarised (NumPy's default is 1000).</param>
    /// <param name="edgeItems">Elements kept at each end of a summarised axis.</param>
    public static string Format(NpyArray array, long threshold = 1000, int edgeItems = 3)
    {
        NpyArray c = array.ToCOrder();
        long[] shape = c.Shape.ToArray();
        string dtypeText = DTypeNames.ShortRepr(c.DType);
        if (c.Length == 0)
        {
            string body = shape is [0] ? "[]" : "[], shape=" + ShapeText(shape);
            return Prefix + body + ", dtype=" + dtypeText + ")";
        }

        bool skipDType = DTypeNames.IsImplied(c.DType);
        string suffix = skipDType ? ")" : ",";
        bool summarise = c.Length > threshold;
        int itemSize = c.DType.ItemSize;
        ReadOnlyMemory<byte> data = c.Data;

        var shown = new List<ReadOnlyMemory<byte>>();
        foreach (long flat in ShownIndices(shape, summarise, edgeItems))
        {
            shown.Add(data.Slice(checked((int)(flat * itemSize)), itemSize));
        }

        ElementFormat format = ElementFormat.Create(c.DType, shown, zeroDimensional: shape.Length == 0);
        var strides = new long[shape.Length];
        long stride = 1;
        for (int k = shape.Length - 1; k >= 0; k--)
        {
            strides[k] = stride;
            stride *= shape[k];
        }

        string Element(long flat) => format.Format(data.Span.Slice(checked((int)(flat * itemSize)), itemSize));

        var formatter = new Layout(shape, strides, Element, summarise ? edgeItems : -1);
        string text = formatter.Render(LineWidth - suffix.Length, " " + new string(' ', Prefix.Length));
        string result = Prefix + text + suffix;
        if (skipDType)
        {
            return result;
        }

        string dtypeArgument = "dtype=" + dtypeText + ")";
        int lastLine = result.Length - (result.LastIndexOf('\n') + 1);
        string spacer = lastLine + dtypeArgument.Length + 1 > LineWidth ? "\n" + new string(' ', Prefix.Length) : " ";
        return result + spacer + dtypeArgument;
    }

    /// <summary>Formats a shape as Python prints a tuple: <c>()</c>, <c>(3,)</c>, <c>(2, 3)</c>.</summary>
    public static string ShapeText(IReadOnlyList<long> shape) => shape.Count switch
    {
        0 => "()",
        1 => "(" + shape[0].ToString(CultureInfo.InvariantCulture) + ",)",
        _ => "(" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + ")",
    };

    /// <summary>Enumerates the flat C-order indices of the elements that will be printed, in order.</summary>
    private static IEnumerable<long> ShownIndices(long[] shape, bool summarise, int edgeItems)
    {
        var axes = new long[shape.Length][];
        for (int k = 0; k < shape.Length; k++)
        {
            long n = shape[k];
            axes[k] = summarise && 2L * edgeItems < n
                ? [.. Enumerable.Range(0, edgeItems).Select(i => (long)i), .. Enumerable.Range(0, edgeItems).Select(i => n - edgeItems + i)]
                : [.. LongRange(n)];
        }

        // An odometer over the kept indices of every axis: iterative, whatever the rank.
        var position = new int[shape.Length];
        while (true)
        {
            long flat = 0;
            for (int k = 0; k < shape.Length; k++)
            {
                flat = (flat * shape[k]) + axes[k][position[k]];
            }

            yield return flat;
            int axis = shape.Length - 1;
            while (axis >= 0 && ++position[axis] == axes[axis].Length)
            {
                position[axis] = 0;
                axis--;
            }

            if (axis < 0)
            {
                yield break;
            }
        }
    }

    private static IEnumerable<long> LongRange(long n)
    {
        for (long i = 0; i < n; i++)
        {
            yield return i;
        }
    }

    /// <summary>NumPy's nested-bracket layout with line wrapping and summarisation.</summary>
    private sealed class Layout(long[] shape, long[] strides, Func<long, string> element, int edgeItems)
    {
        public string Render(int lineWidth, string nextLinePrefix) => Recurse(0, 0, nextLinePrefix, lineWidth);

        // Recursion depth is the array's rank, which the header parser bounds (MaxDimensions).
        private string Recurse(int axis, long offset, string hangingIndent, int currentWidth)
        {
            if (axis == shape.Length)
            {
                return element(offset);
            }

            string nextHangingIndent = hangingIndent + " ";
            int nextWidth = currentWidth - 1;
            long length = shape[axis];
            bool showSummary = edgeItems >= 0 && 2L * edgeItems < length;
            long leading = showSummary ? edgeItems : 0;
            long trailing = showSummary ? edgeItems : length;
            int axesLeft = shape.Length - axis;
            var s = new StringBuilder();
            if (axesLeft == 1)
            {
                int elementWidth = currentWidth - Math.Max(Separator.TrimEnd().Length, 1);
                string line = hangingIndent;
                for (long i = 0; i < leading; i++)
                {
                    line = Extend(s, line, Recurse(axis + 1, offset + (i * strides[axis]), nextHangingIndent, nextWidth), elementWidth, hangingIndent);
                    line += Separator;
                }

                if (showSummary)
                {
                    line = Extend(s, line, SummaryInsert, elementWidth, hangingIndent);
                    line += Separator;
                }

                for (long i = trailing; i > 1; i--)
                {
                    line = Extend(s, line, Recurse(axis + 1, offset + ((length - i) * strides[axis]), nextHangingIndent, nextWidth), elementWidth, hangingIndent);
                    line += Separator;
                }

                line = Extend(s, line, Recurse(axis + 1, offset + ((length - 1) * strides[axis]), nextHangingIndent, nextWidth), elementWidth, hangingIndent);
                s.Append(line);
            }
            else
            {
                string lineSeparator = Separator.TrimEnd() + new string('\n', axesLeft - 1);
                for (long i = 0; i < leading; i++)
                {
                    s.Append(hangingIndent).Append(Recurse(axis + 1, offset + (i * strides[axis]), nextHangingIndent, nextWidth)).Append(lineSeparator);
                }

                if (showSummary)
                {
                    s.Append(hangingIndent).Append(SummaryInsert).Append(lineSeparator);
                }

                for (long i = trailing; i > 1; i--)
                {
                    s.Append(hangingIndent).Append(Recurse(axis + 1, offset + ((length - i) * strides[axis]), nextHangingIndent, nextWidth)).Append(lineSeparator);
                }

                s.Append(hangingIndent).Append(Recurse(axis + 1, offset + ((length - 1) * strides[axis]), nextHangingIndent, nextWidth));
            }

            return "[" + s.ToString(hangingIndent.Length, s.Length - hangingIndent.Length) + "]";
        }

        private static string Extend(StringBuilder s, string line, string word, int lineWidth, string nextLinePrefix)
        {
            bool wrap = line.Length + word.Length > lineWidth && line.Length > nextLinePrefix.Length;
            if (wrap)
            {
                s.Append(line.TrimEnd()).Append('\n');
                line = nextLinePrefix;
            }

            return line + word;
        }
    }
}

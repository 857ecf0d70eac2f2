using System.Globalization;
using System.Numerics;
using System.Text;

namespace Npy.Cli.Formatting;

/// <summary>Formats the elements of one array, with one layout chosen from the elements that will be shown (as NumPy does).</summary>
internal abstract class ElementFormat
{
    /// <summary>Formats one element from its bytes.</summary>
    public abstract string Format(ReadOnlySpan<byte> item);

    /// <summary>Chooses the format for a dtype from the elements that will be printed.</summary>
    /// <param name="dtype">The element dtype.</param>
    /// <param name="items">The bytes of each element that will be printed.</param>
    /// <param name="zeroDimensional">Whether the array is 0-d (NumPy then drops the padding of booleans).</param>
    public static ElementFormat Create(NpyDType dtype, IReadOnlyList<ReadOnlyMemory<byte>> items, bool zeroDimensional)
    {
        bool big = ElementReader.IsBig(dtype);
        return dtype.Kind switch
        {
            NpyKind.Bool => new BoolFormat(zeroDimensional),
            NpyKind.Int or NpyKind.UInt => new IntegerFormat(items, dtype.Kind == NpyKind.Int, big),
            NpyKind.Float => new RealFormat(items, big),
            NpyKind.Complex => new ComplexFormat(items, big),
            NpyKind.Bytes => new BytesFormat(),
            NpyKind.Void when dtype.Fields.Count == 0 => new VoidFormat(),
            NpyKind.Unicode => new UnicodeFormat(big),
            NpyKind.DateTime => new TimeFormat(items, big, dtype, isDate: true),
            NpyKind.TimeDelta => new TimeFormat(items, big, dtype, isDate: false),
            NpyKind.Structured or NpyKind.Void => new StructuredFormat(dtype, items),
            _ => new VoidFormat(),
        };
    }

    private sealed class BoolFormat(bool zeroDimensional) : ElementFormat
    {
        public override string Format(ReadOnlySpan<byte> item) => item[0] != 0 ? (zeroDimensional ? "True" : " True") : "False";
    }

    private sealed class IntegerFormat : ElementFormat
    {
        private readonly bool _signed;
        private readonly bool _big;
        private readonly int _width;

        public IntegerFormat(IReadOnlyList<ReadOnlyMemory<byte>> items, bool signed, bool big)
        {
            _signed = signed;
            _big = big;
            foreach (ReadOnlyMemory<byte> item in items)
            {
                _width = Math.Max(_width, Text(item.Span).Length);
            }
        }

        public override string Format(ReadOnlySpan<byte> item) => Text(item).PadLeft(_width);

        private string Text(ReadOnlySpan<byte> item) => ElementReader.ReadInteger(item, _signed, _big).ToString(CultureInfo.InvariantCulture);
    }

    private sealed class RealFormat : ElementFormat
    {
        private readonly bool _big;
        private readonly FloatFormat _format;

        public RealFormat(IReadOnlyList<ReadOnlyMemory<byte>> items, bool big)
        {
            _big = big;
            _format = new FloatFormat(items.Select(i => ElementReader.ReadFloat(i.Span, big)).ToList());
        }

        public override string Format(ReadOnlySpan<byte> item) => _format.Format(ElementReader.ReadFloat(item, _big));
    }

    private sealed class ComplexFormat : ElementFormat
    {
        private readonly bool _big;
        private readonly FloatFormat _real;
        private readonly FloatFormat _imaginary;

        public ComplexFormat(IReadOnlyList<ReadOnlyMemory<byte>> items, bool big)
        {
            _big = big;
            _real = new FloatFormat(items.Select(i => Part(i.Span, 0)).ToList());
            _imaginary = new FloatFormat(items.Select(i => Part(i.Span, 1)).ToList(), forceSign: true);
        }

        public override string Format(ReadOnlySpan<byte> item)
        {
            string imaginary = _imaginary.Format(Part(item, 1));
            int end = imaginary.TrimEnd().Length;
            return _real.Format(Part(item, 0)) + imaginary[..end] + "j" + imaginary[end..];
        }

        private FloatValue Part(ReadOnlySpan<byte> item, int index)
        {
            int half = item.Length / 2;
            return ElementReader.ReadFloat(item.Slice(index * half, half), _big);
        }
    }

    private sealed class BytesFormat : ElementFormat
    {
        // NumPy's bytes_ scalars drop trailing NULs.
        public override string Format(ReadOnlySpan<byte> item) => PyRepr.Bytes(item.TrimEnd((byte)0));
    }

    private sealed class VoidFormat : ElementFormat
    {
        // Unstructured void elements print every byte as \xNN, as NumPy's void repr does.
        public override string Format(ReadOnlySpan<byte> item)
        {
            var sb = new StringBuilder("b'", 3 + (item.Length * 4));
            foreach (byte b in item)
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\x{b:x2}");
            }

            return sb.Append('\'').ToString();
        }
    }

    private sealed class UnicodeFormat(bool big) : ElementFormat
    {
        public override string Format(ReadOnlySpan<byte> item)
        {
            var sb = new StringBuilder(item.Length / 4);
            int end = item.Length / 4;
            while (end > 0 && Code(item, end - 1) == 0)
            {
                end--;
            }

            for (int i = 0; i < end; i++)
            {
                uint code = Code(item, i);
                sb.Append(Rune.IsValid(code) ? new Rune(code).ToString() : "\uFFFD");
            }

            return PyRepr.Str(sb.ToString());
        }

        private uint Code(ReadOnlySpan<byte> item, int index) => (uint)ElementReader.ReadInteger(item.Slice(index * 4, 4), signed: false, big);
    }

    private sealed class TimeFormat : ElementFormat
    {
        private readonly bool _big;
        private readonly NpyDType _dtype;
        private readonly bool _isDate;
        private readonly int _width;

        public TimeFormat(IReadOnlyList<ReadOnlyMemory<byte>> items, bool big, NpyDType dtype, bool isDate)
        {
            _big = big;
            _dtype = dtype;
            _isDate = isDate;
            bool anyNaT = false;
            foreach (ReadOnlyMemory<byte> item in items)
            {
                long count = ElementReader.ReadInt64(item.Span, big);
                if (count == TimeText.NaT)
                {
                    anyNaT = true;
                }
                else
                {
                    _width = Math.Max(_width, Text(count).Length);
                }
            }

            if (anyNaT)
            {
                _width = Math.Max(_width, 5);
            }
        }

        public override string Format(ReadOnlySpan<byte> item)
        {
            long count = ElementReader.ReadInt64(item, _big);
            string text = count == TimeText.NaT ? "'NaT'" : Text(count);
            return text.PadLeft(_width);
        }

        private string Text(long count) => _isDate
            ? "'" + TimeText.DateTime(count, _dtype.DateTimeUnit, _dtype.DateTimeMultiplier) + "'"
            : count.ToString(CultureInfo.InvariantCulture);
    }

    private sealed class StructuredFormat : ElementFormat
    {
        private readonly NpyDType _dtype;
        private readonly (NpyField Field, ElementFormat Format, int Count)[] _fields;

        public StructuredFormat(NpyDType dtype, IReadOnlyList<ReadOnlyMemory<byte>> items)
        {
            _dtype = dtype;
            _fields = new (NpyField, ElementFormat, int)[dtype.Fields.Count];
            for (int f = 0; f < _fields.Length; f++)
            {
                NpyField field = dtype.Fields[f];
                int count = 1;
                foreach (int d in field.Shape)
                {
                    count *= d;
                }

                int size = field.DType.ItemSize;
                var values = new List<ReadOnlyMemory<byte>>(items.Count * Math.Max(count, 1));
                foreach (ReadOnlyMemory<byte> item in items)
                {
                    for (int k = 0; k < count; k++)
                    {
                        values.Add(item.Slice(field.Offset + (k * size), size));
                    }
                }

                _fields[f] = (field, Create(field.DType, values, zeroDimensional: false), count);
            }
        }

        public override string Format(ReadOnlySpan<byte> item)
        {
            if (_fields.Length == 0)
            {
                return new VoidFormat().Format(item[.._dtype.ItemSize]);
            }

            var sb = new StringBuilder("(");
            for (int f = 0; f < _fields.Length; f++)
            {
                var (field, format, count) = _fields[f];
                int size = field.DType.ItemSize;
                if (f > 0)
                {
                    sb.Append(", ");
                }

                if (field.Shape.Count == 0)
                {
                    sb.Append(format.Format(item.Slice(field.Offset, size)));
                }
                else
                {
                    AppendSubarray(sb, item.Slice(field.Offset, count * size), field.Shape, 0, format, size);
                }
            }

            return sb.Append(_fields.Length == 1 ? ",)" : ")").ToString();
        }

        private static void AppendSubarray(StringBuilder sb, ReadOnlySpan<byte> data, IReadOnlyList<int> shape, int axis, ElementFormat format, int size)
        {
            // Depth is the field's own subarray rank, which the dtype parser bounds.
            int inner = size;
            for (int k = axis + 1; k < shape.Count; k++)
            {
                inner *= shape[k];
            }

            sb.Append('[');
            for (int i = 0; i < shape[axis]; i++)
            {
                if (i > 0)
                {
                    sb.Append(", ");
                }

                ReadOnlySpan<byte> part = data.Slice(i * inner, inner);
                if (axis == shape.Count - 1)
                {
                    sb.Append(format.Format(part));
                }
                else
                {
                    AppendSubarray(sb, part, shape, axis + 1, format, size);
                }
            }

            sb.Append(']');
        }
    }
}

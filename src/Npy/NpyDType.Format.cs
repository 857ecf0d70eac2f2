using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Npy.Format;

namespace Npy;

public sealed partial class NpyDType
{
    /// <summary>Returns the descr NumPy writes for this type.</summary>
    /// <returns>
    /// For simple types, exactly NumPy's <c>dtype.str</c> (<c>&lt;f8</c>, <c>|b1</c>, <c>&lt;U5</c>, <c>&lt;M8[10ms]</c>, <c>|O</c>);
    /// for structured types, exactly the Python <c>repr</c> of <c>dtype.descr</c>, with padding entries for gaps;
    /// for a subarray type, the tuple <c>('&lt;f8', (5,))</c> (NumPy itself never writes one at top level).
    /// </returns>
    public override string ToString()
    {
        if (Kind is not NpyKind.Structured and not NpyKind.Subarray)
        {
            return SimpleDescr();
        }

        var sb = new StringBuilder();
        AppendDescrRepr(sb, quoteSimple: false);
        return sb.ToString();
    }

    /// <summary>Appends the Python <c>repr</c> of this type's descr as NumPy writes it in a header (simple descrs quoted).</summary>
    internal void AppendDescrRepr(StringBuilder sb, bool quoteSimple = true)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (Kind)
        {
            case NpyKind.Structured:
                sb.Append('[');
                int offset = 0;
                bool first = true;
                foreach (NpyField f in Fields)
                {
                    if (f.Offset > offset)
                    {
                        AppendPadding(sb, f.Offset - offset, ref first);
                        offset = f.Offset;
                    }

                    if (!first)
                    {
                        sb.Append(", ");
                    }

                    first = false;
                    AppendFieldDescr(sb, f);
                    offset += f.ItemSize;
                }

                if (ItemSize > offset)
                {
                    AppendPadding(sb, ItemSize - offset, ref first);
                }

                sb.Append(']');
                break;
            case NpyKind.Subarray:
                sb.Append('(');
                SubarrayBase!.AppendDescrRepr(sb);
                sb.Append(", ");
                PyRepr.AppendIntTuple(sb, SubarrayShape);
                sb.Append(')');
                break;
            default:
                if (quoteSimple)
                {
                    // Simple descrs never contain quotes or backslashes, so their repr is the text in single quotes.
                    sb.Append('\'').Append(SimpleDescr()).Append('\'');
                }
                else
                {
                    sb.Append(SimpleDescr());
                }

                break;
        }
    }

    /// <summary>Appends one <c>dtype.descr</c> entry: <c>(name, format)</c> or <c>(name, format, shape)</c>, name being <c>(title, name)</c> when titled.</summary>
    internal static void AppendFieldDescr(StringBuilder sb, NpyField field)
    {
        sb.Append('(');
        if (field.Title is not null)
        {
            sb.Append('(');
            PyRepr.AppendString(sb, field.Title);
            sb.Append(", ");
            PyRepr.AppendString(sb, field.Name);
            sb.Append(')');
        }
        else
        {
            PyRepr.AppendString(sb, field.Name);
        }

        sb.Append(", ");
        field.DType.AppendDescrRepr(sb);
        if (field.Shape.Count > 0)
        {
            sb.Append(", ");
            PyRepr.AppendIntTuple(sb, field.Shape);
        }

        sb.Append(')');
    }

    private static void AppendPadding(StringBuilder sb, int size, ref bool first)
    {
        if (!first)
        {
            sb.Append(", ");
        }

        first = false;
        sb.Append("('', '|V").Append(size.ToString(CultureInfo.InvariantCulture)).Append("')");
    }

    private string SimpleDescr()
    {
        char order = ByteOrder switch { NpyByteOrder.Little => '<', NpyByteOrder.Big => '>', _ => '|' };
        char code = Kind switch
        {
            NpyKind.Bool => 'b',
            NpyKind.Int => 'i',
            NpyKind.UInt => 'u',
            NpyKind.Float => 'f',
            NpyKind.Complex => 'c',
            NpyKind.Bytes => 'S',
            NpyKind.Unicode => 'U',
            NpyKind.Void => 'V',
            NpyKind.DateTime => 'M',
            NpyKind.TimeDelta => 'm',
            _ => 'O',
        };
        if (Kind == NpyKind.Object)
        {
            return "|O";
        }

        int size = Kind == NpyKind.Unicode ? ItemSize / 4 : ItemSize;
        string text = string.Concat(order.ToString(), code.ToString(), size.ToString(CultureInfo.InvariantCulture));
        if (Kind is NpyKind.DateTime or NpyKind.TimeDelta && DateTimeUnit is not null)
        {
            text = DateTimeMultiplier == 1
                ? $"{text}[{DateTimeUnit}]"
                : string.Create(CultureInfo.InvariantCulture, $"{text}[{DateTimeMultiplier}{DateTimeUnit}]");
        }

        return text;
    }
}

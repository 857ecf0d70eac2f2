using System.Globalization;
using System.Numerics;
using System.Text;

namespace Npy.Format;

/// <summary>A value of the Python-literal subset found in <c>.npy</c> headers.</summary>
internal abstract class PyNode
{
    protected PyNode(int offset) => Offset = offset;

    /// <summary>Gets the byte offset (from the start of the file or descr text) where the value starts.</summary>
    public int Offset { get; }

    /// <summary>Returns a short Python-like rendering for error messages (bounded in depth and length).</summary>
    public string ToShortRepr()
    {
        var sb = new StringBuilder();
        AppendRepr(sb, 0);
        return sb.Length > 200 ? string.Concat(sb.ToString(0, 200), "...") : sb.ToString();
    }

    // Depth is bounded here (and by the parser's nesting limit) so messages never recurse deeply.
    internal abstract void AppendRepr(StringBuilder sb, int depth);
}

/// <summary>A Python <c>str</c> or <c>bytes</c> literal (after escapes and concatenation).</summary>
internal sealed class PyString(int offset, string value, bool isBytes) : PyNode(offset)
{
    public string Value { get; } = value;

    public bool IsBytes { get; } = isBytes;

    internal override void AppendRepr(StringBuilder sb, int depth)
    {
        if (IsBytes)
        {
            sb.Append('b');
        }

        PyRepr.AppendString(sb, Value);
    }
}

/// <summary>A Python <c>int</c> of any size.</summary>
internal sealed class PyInt(int offset, BigInteger value) : PyNode(offset)
{
    public BigInteger Value { get; } = value;

    internal override void AppendRepr(StringBuilder sb, int depth) => sb.Append(Value.ToString(CultureInfo.InvariantCulture));
}

/// <summary>A Python <c>float</c>; kept as text since headers never need its value.</summary>
internal sealed class PyFloat(int offset, string text) : PyNode(offset)
{
    public string Text { get; } = text;

    internal override void AppendRepr(StringBuilder sb, int depth) => sb.Append(Text);
}

/// <summary>One of the Python constants <c>True</c>, <c>False</c>, <c>None</c>.</summary>
internal sealed class PyConstant(int offset, bool? value) : PyNode(offset)
{
    /// <summary>Gets true or false for the booleans, null for <c>None</c>.</summary>
    public bool? Value { get; } = value;

    internal override void AppendRepr(StringBuilder sb, int depth) => sb.Append(Value switch { true => "True", false => "False", null => "None" });
}

/// <summary>A Python tuple or list.</summary>
internal sealed class PySequence(int offset, bool isTuple, List<PyNode> items) : PyNode(offset)
{
    public bool IsTuple { get; } = isTuple;

    public IReadOnlyList<PyNode> Items { get; } = items;

    internal override void AppendRepr(StringBuilder sb, int depth)
    {
        sb.Append(IsTuple ? '(' : '[');
        if (depth > 6)
        {
            sb.Append("...");
        }
        else
        {
            for (int i = 0; i < Items.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append(", ");
                }

                Items[i].AppendRepr(sb, depth + 1);
                if (sb.Length > 300)
                {
                    break;
                }
            }

            if (IsTuple && Items.Count == 1)
            {
                sb.Append(',');
            }
        }

        sb.Append(IsTuple ? ')' : ']');
    }
}

/// <summary>A Python dict, with its entries in source order (duplicates kept so the caller can reject them).</summary>
internal sealed class PyDict(int offset, List<KeyValuePair<PyNode, PyNode>> entries) : PyNode(offset)
{
    public IReadOnlyList<KeyValuePair<PyNode, PyNode>> Entries { get; } = entries;

    internal override void AppendRepr(StringBuilder sb, int depth)
    {
        sb.Append('{');
        if (depth > 6)
        {
            sb.Append("...");
        }
        else
        {
            for (int i = 0; i < Entries.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append(", ");
                }

                Entries[i].Key.AppendRepr(sb, depth + 1);
                sb.Append(": ");
                Entries[i].Value.AppendRepr(sb, depth + 1);
                if (sb.Length > 300)
                {
                    break;
                }
            }
        }

        sb.Append('}');
    }
}

using System.Text;

namespace Npy.Format;

/// <summary>One of the Python constants <c>True</c>, <c>False</c>, <c>None</c>.</summary>
internal sealed class PyConstant(int offset, bool? value) : PyNode(offset)
{
    /// <summary>Gets true or false for the booleans, null for <c>None</c>.</summary>
    public bool? Value { get; } = value;

    internal override void AppendRepr(StringBuilder sb, int depth) => sb.Append(Value switch { true => "True", false => "False", null => "None" });
}

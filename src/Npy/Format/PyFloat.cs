using System.Text;

namespace Npy.Format;

/// <summary>A Python <c>float</c>; kept as text since headers never need its value.</summary>
internal sealed class PyFloat(int offset, string text) : PyNode(offset)
{
    public string Text { get; } = text;

    internal override void AppendRepr(StringBuilder sb, int depth) => sb.Append(Text);
}

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

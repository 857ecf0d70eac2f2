using System.Text;

namespace Npy.Format;

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

using System.Text;

namespace Npy.Format;

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

using System.Text;

namespace Npy.Format;

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

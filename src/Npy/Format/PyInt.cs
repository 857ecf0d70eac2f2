using System.Globalization;
using System.Numerics;
using System.Text;

namespace Npy.Format;

/// <summary>A Python <c>int</c> of any size.</summary>
internal sealed class PyInt(int offset, BigInteger value) : PyNode(offset)
{
    public BigInteger Value { get; } = value;

    internal override void AppendRepr(StringBuilder sb, int depth) => sb.Append(Value.ToString(CultureInfo.InvariantCulture));
}

using System.Globalization;
using System.Text;
using Npy.Format;

namespace Npy;

public sealed partial class NpyHeader
{
    /// <summary>Returns the complete prefix (magic, version, length, header text), byte-identical to NumPy 1.24+ <c>np.save</c>.</summary>
    /// <param name="version">1, 2 or 3; null picks the oldest version that can hold the header, as NumPy does.</param>
    /// <remarks>The text is padded with spaces and a newline so that the data starts at a multiple of 64 bytes.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="version"/> is not 1, 2 or 3.</exception>
    /// <exception cref="ArgumentException">The header does not fit the requested version (too long for 1.0, or not latin-1 for 1.0/2.0).</exception>
    public byte[] Format(int? version = null)
    {
        string text = BuildText();
        int v = version ?? ChooseVersion(text);
        if (v is < 1 or > 3)
        {
            throw new ArgumentOutOfRangeException(nameof(version), v, "we only support format version (1,0), (2,0), and (3,0)");
        }

        if (v < 3 && !IsLatin1(text))
        {
            throw new ArgumentException($"The header text is not latin-1 encodable, which version {v}.0 requires; use version 3.", nameof(version));
        }

        int prefix = NpyConstants.PrefixLengthFor(v);
        int textBytes = v == 3 ? Encoding.UTF8.GetByteCount(text) : text.Length;
        int hlen = textBytes + 1;
        int pad = NpyConstants.ArrayAlign - ((prefix + hlen) % NpyConstants.ArrayAlign);
        long headerLen = (long)hlen + pad;
        if (v == 1 && headerLen > ushort.MaxValue)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Header length {hlen} too big for version=(1, 0)"), nameof(version));
        }

        byte[] result = new byte[checked(prefix + (int)headerLen)];
        NpyConstants.Magic.CopyTo(result);
        result[6] = (byte)v;
        result[7] = 0;
        if (v == 1)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(result.AsSpan(NpyConstants.HeaderLengthOffset), (ushort)headerLen);
        }
        else
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(NpyConstants.HeaderLengthOffset), (uint)headerLen);
        }

        // Latin-1 narrowed and the padding filled by hand: Encoding.Latin1's vectorised narrowing and Span<byte>.Fill
        // are compiled at run time in a ReadyToRun process, on its first save (0.3 ms each; see ByteFill).
        Span<byte> body = result.AsSpan(prefix);
        if (v == 3)
        {
            Encoding.UTF8.GetBytes(text, body);
        }
        else
        {
            for (int i = 0; i < text.Length; i++)
            {
                body[i] = (byte)text[i];
            }
        }

        Internal.ByteFill.Fill(body[textBytes..^1], (byte)' ');
        body[^1] = (byte)'\n';
        return result;
    }

    /// <summary>Builds <c>DICT</c> + <c>GROWTH</c>: the header text before padding.</summary>
    private string BuildText()
    {
        string dict = BuildDict();
        ReadOnlySpan<long> shape = ShapeSpan;
        if (shape.IsEmpty)
        {
            return dict;
        }

        // NumPy 1.24 leaves room for the growing axis (first, or last in Fortran order) to reach 21 digits.
        long axis = shape[FortranOrder ? shape.Length - 1 : 0];
        int digits = axis.ToString(CultureInfo.InvariantCulture).Length;
        int growth = Math.Max(0, NpyConstants.GrowthAxisMaxDigits - digits);
        return string.Concat(dict, GrowthSpaces.AsSpan(0, growth));
    }

    // As many spaces as the growth can need (NpyConstants.GrowthAxisMaxDigits); sliced rather than built with
    // new string(' ', n), whose fill a ReadyToRun process compiles at run time.
    private const string GrowthSpaces = "                     ";

    /// <summary>Builds <c>{'descr': ..., 'fortran_order': ..., 'shape': (...), }</c> with keys sorted, as NumPy's writer does.</summary>
    private string BuildDict()
    {
        var sb = new StringBuilder(128);
        sb.Append("{'descr': ");
        DType.AppendDescrRepr(sb);
        sb.Append(", 'fortran_order': ").Append(FortranOrder ? "True" : "False");
        sb.Append(", 'shape': ");
        PyRepr.AppendIntTuple(sb, ShapeSpan);
        sb.Append(", }");
        return sb.ToString();
    }

    /// <summary>Picks v1 if the text is latin-1 and fits a 2-byte length, else v2 if latin-1, else v3 (NumPy's rule).</summary>
    private static int ChooseVersion(string text)
    {
        if (!IsLatin1(text))
        {
            return 3;
        }

        return PaddedHeaderLength(text, 1) <= ushort.MaxValue ? 1 : 2;
    }

    private static int PaddedHeaderLength(string text, int version)
    {
        int prefix = NpyConstants.PrefixLengthFor(version);
        long hlen = (version == 3 ? Encoding.UTF8.GetByteCount(text) : text.Length) + 1L;
        long pad = NpyConstants.ArrayAlign - ((prefix + hlen) % NpyConstants.ArrayAlign);
        return checked((int)(hlen + pad));
    }

    private static bool IsLatin1(string text)
    {
        foreach (char c in text)
        {
            if (c > 0xFF)
            {
                return false;
            }
        }

        return true;
    }
}

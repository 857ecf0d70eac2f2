using System.Buffers.Binary;
using System.Text;

namespace Npy.Tests.Format;

/// <summary>Forges .npy prefixes around arbitrary header text, for malformed-input tests.</summary>
internal static class HeaderBytes
{
    /// <summary>Builds magic + version + length + text (encoded latin-1 for v1/v2, UTF-8 for v3), without padding.</summary>
    public static byte[] Make(string text, int version = 1)
    {
        byte[] body = version == 3 ? Encoding.UTF8.GetBytes(text) : Encoding.Latin1.GetBytes(text);
        return MakeRaw(body, version);
    }

    /// <summary>Builds magic + version + length around raw header bytes.</summary>
    public static byte[] MakeRaw(byte[] body, int version = 1)
    {
        int prefix = version == 1 ? 10 : 12;
        byte[] result = new byte[prefix + body.Length];
        "\u0093NUMPY".Select(c => (byte)c).ToArray().CopyTo(result, 0);
        result[6] = (byte)version;
        if (version == 1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(result.AsSpan(8), (ushort)body.Length);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(8), (uint)body.Length);
        }

        body.CopyTo(result, prefix);
        return result;
    }

    /// <summary>A standard header dict with the given shape text and descr text.</summary>
    public static byte[] Dict(string shape, string descr = "'<f8'", string fortran = "False", int version = 1)
        => Make($"{{'descr': {descr}, 'fortran_order': {fortran}, 'shape': {shape}, }}\n", version);
}

using System.Buffers.Binary;
using System.Text;

namespace Npy.Internal;

/// <summary>Converts between .NET strings (UTF-16) and NumPy's <c>U</c> elements (UTF-32 code units, NUL-padded).</summary>
/// <remarks>
/// NumPy strings may hold lone surrogates (Python allows them); they round-trip as lone UTF-16 surrogates. Code
/// units above U+10FFFF cannot be represented in .NET and decode to U+FFFD.
/// </remarks>
internal static class TextCodec
{
    /// <summary>Counts the UTF-32 code units a string needs (surrogate pairs count once, lone surrogates once).</summary>
    public static int Utf32Length(string? value)
    {
        if (value is null)
        {
            return 0;
        }

        int n = 0;
        for (int i = 0; i < value.Length; i++, n++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
        }

        return n;
    }

    /// <summary>Writes a string as UTF-32 code units into an element, NUL-padding the rest.</summary>
    /// <exception cref="ArgumentException">The string needs more code units than the element holds.</exception>
    public static void EncodeUtf32(string? value, Span<byte> element, bool bigEndian)
    {
        element.Clear();
        if (value is null)
        {
            return;
        }

        int units = element.Length / 4;
        int n = 0;
        for (int i = 0; i < value.Length; i++, n++)
        {
            if (n >= units)
            {
                throw new ArgumentException($"The string \"{value}\" is longer than the array's {units} characters.", nameof(value));
            }

            uint code = value[i];
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                code = (uint)char.ConvertToUtf32(value[i], value[i + 1]);
                i++;
            }

            Span<byte> slot = element.Slice(n * 4, 4);
            if (bigEndian)
            {
                BinaryPrimitives.WriteUInt32BigEndian(slot, code);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(slot, code);
            }
        }
    }

    /// <summary>Reads a <c>U</c> element, dropping trailing NULs as NumPy does.</summary>
    public static string DecodeUtf32(ReadOnlySpan<byte> element, bool bigEndian)
    {
        int units = element.Length / 4;
        int end = units;
        while (end > 0 && Read(element, end - 1, bigEndian) == 0)
        {
            end--;
        }

        var sb = new StringBuilder(end);
        for (int i = 0; i < end; i++)
        {
            uint code = Read(element, i, bigEndian);
            if (code < 0x10000)
            {
                sb.Append((char)code);
            }
            else if (code <= 0x10FFFF)
            {
                sb.Append(char.ConvertFromUtf32((int)code));
            }
            else
            {
                sb.Append('\uFFFD');
            }
        }

        return sb.ToString();
    }

    /// <summary>Reads an <c>S</c> element, dropping trailing NULs as NumPy does.</summary>
    public static byte[] DecodeBytes(ReadOnlySpan<byte> element)
    {
        int end = element.Length;
        while (end > 0 && element[end - 1] == 0)
        {
            end--;
        }

        return element[..end].ToArray();
    }

    private static uint Read(ReadOnlySpan<byte> element, int index, bool bigEndian)
    {
        ReadOnlySpan<byte> slot = element.Slice(index * 4, 4);
        return bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(slot) : BinaryPrimitives.ReadUInt32LittleEndian(slot);
    }
}

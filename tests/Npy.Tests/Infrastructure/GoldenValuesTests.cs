using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace Npy.Tests.Infrastructure;

/// <summary>Checks that the manifest's "values" agree with its canonical bytes, decoded in C#.</summary>
public sealed class GoldenValuesTests
{
    [Fact]
    public void Values_agree_with_canonical_bytes()
    {
        int compared = 0;
        foreach (GoldenArray array in GoldenData.NpyFiles.Select(f => f.Array!))
        {
            if (array.Values is not { } values || array.CanonicalBytes is not { } data || array.ItemSize is not int size)
            {
                continue;
            }

            JsonElement[] items = GoldenValues.Flatten(values, array.Shape.Length).ToArray();
            Assert.Equal(array.Count, items.Length);
            string descr = array.Descr;
            char kind = descr[1];
            for (int i = 0; i < items.Length; i++)
            {
                ReadOnlySpan<byte> e = data.AsSpan(i * size, size);
                JsonElement v = items[i];
                string where = $"{descr} element {i}";
                switch (kind)
                {
                    case 'b':
                        Assert.True(v.GetBoolean() == (e[0] != 0), where);
                        break;
                    case 'i':
                        Assert.True(v.GetInt64() == ReadSigned(e), where);
                        break;
                    case 'u':
                        Assert.True(v.GetUInt64() == ReadUnsigned(e), where);
                        break;
                    case 'f' when size <= 8:
                        AssertSameDouble(GoldenValues.ParseDouble(v), ReadFloat(e), where);
                        break;
                    case 'c' when size <= 16:
                        (double re, double im) = GoldenValues.ParseComplex(v);
                        AssertSameDouble(re, ReadFloat(e[..(size / 2)]), where);
                        AssertSameDouble(im, ReadFloat(e[(size / 2)..]), where);
                        break;
                    case 'S':
                        Assert.True(GoldenValues.Latin1Bytes(v).AsSpan().SequenceEqual(e.TrimEnd((byte)0)), where);
                        break;
                    case 'V':
                        Assert.True(GoldenValues.Latin1Bytes(v).AsSpan().SequenceEqual(e), where);
                        break;
                    case 'U':
                        Assert.Equal(v.GetString(), new UTF32Encoding(false, false).GetString(e).TrimEnd('\0'));
                        break;
                    case 'M' or 'm':
                        long raw = BinaryPrimitives.ReadInt64LittleEndian(e);
                        Assert.True(GoldenValues.DateTimeCount(v) == (raw == long.MinValue ? null : raw), where);
                        break;
                    default:
                        continue; // longdouble: text only, no .NET type to compare with
                }

                compared++;
            }
        }

        Assert.True(compared > 300, $"only {compared} values were compared");
    }

    private static long ReadSigned(ReadOnlySpan<byte> e) => e.Length switch
    {
        1 => (sbyte)e[0],
        2 => BinaryPrimitives.ReadInt16LittleEndian(e),
        4 => BinaryPrimitives.ReadInt32LittleEndian(e),
        _ => BinaryPrimitives.ReadInt64LittleEndian(e),
    };

    private static ulong ReadUnsigned(ReadOnlySpan<byte> e) => e.Length switch
    {
        1 => e[0],
        2 => BinaryPrimitives.ReadUInt16LittleEndian(e),
        4 => BinaryPrimitives.ReadUInt32LittleEndian(e),
        _ => BinaryPrimitives.ReadUInt64LittleEndian(e),
    };

    private static double ReadFloat(ReadOnlySpan<byte> e) => e.Length switch
    {
        2 => (double)BinaryPrimitives.ReadHalfLittleEndian(e),
        4 => BinaryPrimitives.ReadSingleLittleEndian(e),
        _ => BinaryPrimitives.ReadDoubleLittleEndian(e),
    };

    private static void AssertSameDouble(double expected, double actual, string where)
    {
        // NaN payloads live only in the canonical bytes; the text says "nan".
        if (double.IsNaN(expected))
        {
            Assert.True(double.IsNaN(actual), where);
            return;
        }

        Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual),
            $"{where}: {expected:R} vs {actual:R}");
    }
}

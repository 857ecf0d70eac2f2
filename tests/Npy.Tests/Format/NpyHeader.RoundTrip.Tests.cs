using CsCheck;

namespace Npy.Tests.Format;

public class NpyHeaderRoundTripTests
{
    private static readonly string[] s_simple =
    [
        "|b1", "|i1", "|u1", "<i2", ">i2", "<u2", "<i4", ">i4", "<u4", "<i8", ">u8", "<f2", "<f4", ">f4", "<f8", ">f8",
        "<c8", ">c16", "<f16", "<c32", "|S0", "|S3", "<U0", "<U2", ">U7", "|V0", "|V5", "<M8", "<M8[ms]", ">M8[25us]",
        "<m8", "<m8[D]", "|O",
    ];

    private static readonly Gen<NpyDType> s_simpleGen = Gen.Int[0, s_simple.Length - 1].Select(i => NpyDType.Parse(s_simple[i]));

    private static readonly Gen<string> s_nameGen = Gen.String[Gen.Char["abcxyz_09 'é€\"\\\t\u00a0\u007f😀"], 0, 6];

    private static readonly Gen<int[]> s_fieldShapeGen = Gen.Int[0, 3].Array[0, 2];

    private static Gen<NpyDType> DTypeGen(int depth)
    {
        if (depth == 0)
        {
            return s_simpleGen;
        }

        Gen<NpyDType> inner = DTypeGen(depth - 1);
        Gen<(string Name, string? Title, NpyDType Type, int Gap, int[] Shape)> fieldGen =
            Gen.Select(s_nameGen, Gen.Bool, s_nameGen, inner, Gen.Int[0, 3], s_fieldShapeGen)
                .Select((name, titled, title, type, gap, shape) => (name, titled ? "t" + title : (string?)null, type, gap, shape));
        Gen<NpyDType> structured = Gen.Select(fieldGen.Array[0, 4], Gen.Int[0, 3]).Select((specs, tail) =>
        {
            var fields = new List<NpyField>();
            var used = new HashSet<string>();
            int offset = 0;
            for (int i = 0; i < specs.Length; i++)
            {
                (string name, string? title, NpyDType type, int gap, int[] shape) = specs[i];

                // Keep names and titles unique, and avoid unnamed void fields (NumPy reads those back as padding).
                name = used.Contains(name) || name.Length == 0 ? $"{name}_{i}" : name;
                title = title is not null && (used.Contains(title) || title == name) ? null : title;
                used.Add(name);
                if (title is not null)
                {
                    used.Add(title);
                }

                var field = new NpyField(name, type, offset + gap, shape, title);
                fields.Add(field);
                offset = field.Offset + field.ItemSize;
            }

            return NpyDType.Structured(fields, offset + tail);
        });
        Gen<NpyDType> subarray = Gen.Select(inner, Gen.Int[0, 3].Array[1, 2]).Select((b, shape) => NpyDType.Subarray(b, shape));
        return Gen.Frequency((3, s_simpleGen), (3, structured), (1, subarray));
    }

    private static readonly Gen<NpyHeader> s_headerGen =
        Gen.Select(DTypeGen(2), Gen.Long[0, 300].Array[0, 5], Gen.Bool)
            .Select((dt, shape, fortran) => new NpyHeader(dt, shape, fortran));

    [Fact]
    public void Parse_of_Format_gives_the_same_header()
    {
        s_headerGen.Sample(h =>
        {
            byte[] bytes = h.Format();
            Assert.Equal(h.PrefixLength, bytes.Length);
            Assert.Equal(0, bytes.Length % 64);
            NpyHeader parsed = NpyHeader.Parse(bytes, NpyLimits.Trusted);
            Assert.Equal(h, parsed);
            Assert.Equal(h.FormatVersion, parsed.FormatVersion);
            Assert.Equal(h.DataLength, parsed.DataLength);
            Assert.Equal(h.DType.ToString(), parsed.DType.ToString());
        }, iter: 2000);
    }

    [Fact]
    public void Parse_of_ToString_gives_the_same_dtype()
    {
        DTypeGen(3).Sample(dt =>
        {
            NpyDType parsed = NpyDType.Parse(dt.ToString(), NpyLimits.Trusted);
            Assert.Equal(dt, parsed);
            Assert.Equal(dt.GetHashCode(), parsed.GetHashCode());
        }, iter: 2000);
    }

    [Fact]
    public void Huge_dimensions_round_trip()
    {
        var h = new NpyHeader(NpyDType.Int8, [long.MaxValue], false);
        Assert.Equal(long.MaxValue, NpyHeader.Parse(h.Format()).DataLength);
        Assert.Throws<ArgumentException>(() => new NpyHeader(NpyDType.Int16, [long.MaxValue], false));
        Assert.Throws<ArgumentException>(() => new NpyHeader(NpyDType.Int8, [1L << 32, 1L << 32], false));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NpyHeader(NpyDType.Int8, [-1], false));
        Assert.Equal(0, new NpyHeader(NpyDType.Int8, [long.MaxValue, 0, long.MaxValue], false).ElementCount);
        Assert.Equal(1, new NpyHeader(NpyDType.Int8, [], false).ElementCount);
    }
}

using CsCheck;

namespace Npy.Tests.Format;

/// <summary>The canonical-layout fast path of <see cref="NpyHeader.Parse(ReadOnlySpan{byte}, NpyLimits?)"/> must be indistinguishable from the full parser.</summary>
public class NpyHeaderCanonicalTests
{
    private static readonly string[] s_descrs =
    [
        "<f4", "<f8", ">f8", "|b1", "|i1", "|u1", "<i2", ">u2", "<i4", "<u4", "<i8", ">u8", "<f2", "<c8", ">c16", "|f4", "|i8",
        "<f16", "<c32", "=f4", "f4", "<i3", "<f", "<F4", "|S3", "<U2", "|V4", "|O", "<M8", "<f4 ", " <f4", "<4f", "<f04", "<", "",
        "<f4\u00e9", "<\u20ac4",
    ];

    private static readonly string[] s_fortrans = ["False", "True", "false", "0", "1", "None", "False ", "Tru"];

    private static readonly string[] s_dims =
    [
        "0", "1", "2", "3", "64", "1000", "123456789012345678", "999999999999999999", "1234567890123456789", "9223372036854775807",
        "9223372036854775808", "01", "00", "-1", "+1", "1L", "1_0", "0x10", "True", "1.0", " 1",
    ];

    private static readonly string[] s_tails = ["\n", " \n", "          \n", "", " ", "\n\n", "\t\n", " \n ", "\r\n", "\0\n", "# c\n"];

    private static readonly Gen<string> s_shapeGen = Gen.OneOf(
        Gen.Const("()"),
        Gen.Int[0, s_dims.Length - 1].Array[1, 10].Select(dims => "(" + string.Join(", ", dims.Select(i => s_dims[i])) + (dims.Length == 1 ? ",)" : ")")),
        Gen.Int[0, s_dims.Length - 1].Array[1, 3].Select(dims => "(" + string.Join(",", dims.Select(i => s_dims[i])) + ")"),
        Gen.Int[0, s_dims.Length - 1].Array[1, 3].Select(dims => "(" + string.Join(", ", dims.Select(i => s_dims[i])) + ", )"),
        Gen.Int[0, s_dims.Length - 1].Array[1, 3].Select(dims => "[" + string.Join(", ", dims.Select(i => s_dims[i])) + "]"),
        Gen.Int[0, s_dims.Length - 1].Select(i => "(" + s_dims[i] + ")"));

    // Mostly NumPy's exact layout, with one field or separator swapped for a near miss now and then.
    private static readonly Gen<string> s_textGen =
        from descr in Gen.Int[0, s_descrs.Length - 1]
        from fortran in Gen.Frequency((6, Gen.Int[0, 1]), (1, Gen.Int[0, s_fortrans.Length - 1]))
        from shape in s_shapeGen
        from tail in Gen.Frequency((6, Gen.Int[0, 2]), (1, Gen.Int[0, s_tails.Length - 1]))
        from closing in Gen.Frequency((6, Gen.Const(", }")), (1, Gen.OneOfConst("}", ",}", " }", ", } ")))
        from padding in Gen.Int[0, 80]
        select $"{{'descr': '{s_descrs[descr]}', 'fortran_order': {s_fortrans[fortran]}, 'shape': {shape}{closing}{new string(' ', padding)}{s_tails[tail]}";

    [Theory]
    [InlineData("<f4", new long[] { 64 }, false)]
    [InlineData("<f8", new long[] { 2, 3 }, false)]
    [InlineData(">i8", new long[] { 2, 3, 4 }, true)]
    [InlineData("|b1", new long[0], false)]
    [InlineData("|u1", new long[] { 0 }, false)]
    [InlineData("<c16", new long[] { 1, 0, 5 }, true)]
    [InlineData("<f2", new long[] { 123456789012 }, false)]
    public void Headers_as_NumPy_writes_them_take_the_fast_path_with_the_full_parsers_result(string descr, long[] shape, bool fortran)
    {
        var written = new NpyHeader(NpyDType.Parse(descr), shape, fortran);
        foreach (int version in new[] { 1, 2, 3 })
        {
            byte[] prefix = written.Format(version);
            int textStart = version == 1 ? 10 : 12;
            Assert.True(NpyHeader.TryParseCanonical(prefix.AsSpan(textStart), NpyLimits.Default, out NpyDType? dtype, out long[]? dims, out bool order));
            Assert.Equal(NpyDType.Parse(descr), dtype);
            Assert.Equal(shape, dims);
            Assert.Equal(fortran, order);
            Assert.Equal(Outcome(prefix, NpyLimits.Default, fast: false), Outcome(prefix, NpyLimits.Default, fast: true));
        }
    }

    [Theory]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (64,), }                                          \n")]
    [InlineData("{'descr': '<f8', 'fortran_order': True, 'shape': (), }          \n")]
    [InlineData("{'descr': '|u1', 'fortran_order': False, 'shape': (3, 0, 999999999999999999), }\n")]
    public void Golden_canonical_headers_are_taken_by_the_fast_path(string text)
    {
        byte[] prefix = HeaderBytes.Make(text);
        Assert.True(NpyHeader.TryParseCanonical(prefix.AsSpan(10), NpyLimits.Default, out _, out _, out _));
        Assert.Equal(Outcome(prefix, NpyLimits.Default, fast: false), Outcome(prefix, NpyLimits.Default, fast: true));
    }

    [Theory]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (64), }\n")] // an int, not a tuple
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (064,), }\n")] // leading zero: a syntax error
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }\n")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (9223372036854775808,), }\n")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 4), }\n")] // overflows the count
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (1152921504606846976,), }\n")] // overflows the byte size
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (64,), }")] // no newline
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (64,), }\n\n")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (64,), } \t\n")]
    [InlineData("{'descr': '<f4', 'fortran_order': false, 'shape': (64,), }\n")]
    [InlineData("{'descr': '<f4', 'fortran_order': 0, 'shape': (64,), }\n")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (True,), }\n")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (64L,), }\n")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (64,), 'shape': (64,), }\n")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (64,)}\n")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': [64], }\n")]
    [InlineData("{'descr': '=f4', 'fortran_order': False, 'shape': (64,), }\n")]
    [InlineData("{'descr': '|O', 'fortran_order': False, 'shape': (64,), }\n")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2, 3, 4, 5, 6, 7, 8, 9), }\n")] // more dims than the fast path holds
    [InlineData("{'descr': \"<f4\", 'fortran_order': False, 'shape': (64,), }\n")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (64,), }\0\n")]
    public void Near_canonical_headers_fall_back_and_get_the_full_parsers_answer(string text)
    {
        foreach (int version in new[] { 1, 3 })
        {
            byte[] prefix = HeaderBytes.Make(text, version);
            int textStart = version == 1 ? 10 : 12;
            Assert.False(NpyHeader.TryParseCanonical(prefix.AsSpan(textStart), NpyLimits.Default, out _, out _, out _));
            Assert.Equal(Outcome(prefix, NpyLimits.Default, fast: false), Outcome(prefix, NpyLimits.Default, fast: true));
        }
    }

    [Theory]
    [InlineData("(999999999999999999, 999999999999999999)")]
    [InlineData("(999999999999999999, 0, 999999999999999999)")]
    [InlineData("(576460752303423488,)")]
    public void Sizes_that_overflow_are_reported_as_by_the_full_parser(string shape)
    {
        byte[] prefix = HeaderBytes.Dict(shape, "'<c16'");
        Assert.Equal(Outcome(prefix, NpyLimits.Default, fast: false), Outcome(prefix, NpyLimits.Default, fast: true));
    }

    [Fact]
    public void A_dimension_limit_below_the_shape_is_reported_as_by_the_full_parser()
    {
        byte[] prefix = HeaderBytes.Dict("(2, 3, 4)");
        var limits = NpyLimits.Default with { MaxDimensions = 2 };
        string outcome = Outcome(prefix, limits, fast: true);
        Assert.StartsWith(nameof(NpyLimitExceededException), outcome, StringComparison.Ordinal);
        Assert.Equal(Outcome(prefix, limits, fast: false), outcome);
    }

    [Fact]
    public void Generated_near_canonical_headers_parse_the_same_with_and_without_the_fast_path()
    {
        Gen.Select(s_textGen, Gen.Int[1, 3], Gen.Int[1, 12]).Sample((text, version, maxDims) =>
        {
            byte[] prefix = HeaderBytes.Make(text, version);
            var limits = NpyLimits.Default with { MaxDimensions = maxDims };
            Assert.Equal(Outcome(prefix, limits, fast: false), Outcome(prefix, limits, fast: true));
        }, iter: 20000);
    }

    [Fact]
    public void Generated_canonical_headers_mostly_take_the_fast_path()
    {
        // Guards the property test above against comparing the full parser with itself.
        int taken = 0;
        Gen.Select(Gen.Int[0, 13], Gen.Int[0, 5].Array[0, 4], Gen.Bool).Sample((d, dims, fortran) =>
        {
            var header = new NpyHeader(NpyDType.Parse(s_descrs[d]), dims.Select(x => (long)x).ToArray(), fortran);
            if (NpyHeader.TryParseCanonical(header.Format().AsSpan(10), NpyLimits.Default, out _, out _, out _))
            {
                taken++;
            }
        }, iter: 500, threads: 1);
        Assert.Equal(500, taken);
    }

    private static string Outcome(byte[] prefix, NpyLimits limits, bool fast)
    {
        try
        {
            NpyHeader h = NpyHeader.ParsePrefix(prefix, limits, fast);
            return $"ok {h.DType} {h.DType.Kind} {h.DType.ByteOrder} {h.DType.ItemSize} [{string.Join(",", h.Shape)}] {h.FortranOrder} {h.ElementCount} {h.DataLength} v{h.FormatVersion} {h.PrefixLength}";
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
    }
}

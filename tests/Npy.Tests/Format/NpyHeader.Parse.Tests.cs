using System.Text;

namespace Npy.Tests.Format;

public class NpyHeaderParseTests
{
    private static readonly NpyLimits s_bigHeaders = NpyLimits.Default with { MaxHeaderBytes = 1 << 20 };

    [Fact]
    public void Parses_a_numpy_prefix()
    {
        byte[] bytes = new NpyHeader(NpyDType.Float64, [2, 3], fortranOrder: true).Format();
        NpyHeader h = NpyHeader.Parse(bytes);
        Assert.Equal(NpyDType.Float64, h.DType);
        Assert.Equal([2L, 3L], h.Shape);
        Assert.True(h.FortranOrder);
        Assert.Equal(6, h.ElementCount);
        Assert.Equal(48, h.DataLength);
        Assert.Equal(1, h.FormatVersion);
        Assert.Equal(128, h.PrefixLength);
    }

    [Fact]
    public void Trailing_bytes_after_the_prefix_are_ignored()
    {
        byte[] bytes = [.. new NpyHeader(NpyDType.Int32, [1], false).Format(), 1, 2, 3, 4];
        Assert.Equal(128, NpyHeader.Parse(bytes).PrefixLength);
    }

    // N1
    [Fact]
    public void Short_or_foreign_input_is_refused()
    {
        Assert.Throws<NpyFormatException>(() => NpyHeader.Parse([]));
        Assert.Throws<NpyFormatException>(() => NpyHeader.Parse([0x93, (byte)'N', (byte)'U', (byte)'M']));
        Assert.Throws<NpyFormatException>(() => NpyHeader.Parse([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]));
        Assert.Throws<NpyFormatException>(() => NpyHeader.Parse(new byte[10]));
        Assert.False(NpyHeader.TryGetPrefixLength([0x93, (byte)'N', (byte)'U'], null, out _));
        Assert.False(NpyHeader.TryGetPrefixLength([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 2, 0, 0, 0], null, out _));
        Assert.Throws<NpyFormatException>(() => NpyHeader.TryGetPrefixLength("PK\u0003\u0004"u8, null, out _));
        Assert.True(NpyHeader.IsNpyMagic(new NpyHeader(NpyDType.Int8, [], false).Format()));
        Assert.False(NpyHeader.IsNpyMagic("PK\u0003\u0004"u8));
    }

    [Fact]
    public void Prefix_length_check_allocates_nothing()
    {
        byte[] bytes = new NpyHeader(NpyDType.Float64, [2], false).Format();
        NpyLimits limits = NpyLimits.Default;
        Assert.True(NpyHeader.TryGetPrefixLength(bytes, limits, out _));
        long total = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            NpyHeader.TryGetPrefixLength(bytes, limits, out int length);
            total += length;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(12800, total);
        Assert.Equal(0, allocated);
    }

    // N2
    [Theory]
    [InlineData(4, 0)]
    [InlineData(1, 1)]
    [InlineData(0, 0)]
    [InlineData(2, 2)]
    [InlineData(255, 255)]
    public void Unknown_versions_are_not_supported(byte major, byte minor)
    {
        byte[] bytes = new NpyHeader(NpyDType.Float64, [2], false).Format();
        bytes[6] = major;
        bytes[7] = minor;
        var ex = Assert.Throws<NotSupportedException>(() => NpyHeader.Parse(bytes));
        Assert.Contains($"{major}.{minor}", ex.Message, StringComparison.Ordinal);
    }

    // N3
    [Fact]
    public void Declared_length_beyond_the_input_is_truncation()
    {
        byte[] bytes = HeaderBytes.Make("{'descr'");
        bytes[8] = 0xF8;
        bytes[9] = 0xFF;
        var ex = Assert.Throws<NpyFormatException>(() => NpyHeader.Parse(bytes, NpyLimits.Trusted));
        Assert.Contains("header truncated: declared 65528, 8 available", ex.Message, StringComparison.Ordinal);
        Assert.Throws<NpyLimitExceededException>(() => NpyHeader.Parse(bytes));
    }

    // N4
    [Fact]
    public void Huge_declared_length_exceeds_the_limit_before_reading()
    {
        byte[] bytes = HeaderBytes.MakeRaw([], version: 2);
        bytes[8] = 0xF0;
        bytes[9] = bytes[10] = bytes[11] = 0xFF;
        var ex = Assert.Throws<NpyLimitExceededException>(() => NpyHeader.TryGetPrefixLength(bytes, null, out _));
        Assert.Equal(nameof(NpyLimits.MaxHeaderBytes), ex.OptionName);
        Assert.Equal(0xFFFFFFF0L, ex.Actual);
        Assert.Throws<NpyLimitExceededException>(() => NpyHeader.Parse(bytes, NpyLimits.Trusted));
    }

    [Fact]
    public void A_valid_200KB_header_needs_a_raised_limit()
    {
        NpyDType dt = NpyDType.Structured(Enumerable.Range(0, 10001).Select(i => new NpyField($"f{i}", NpyDType.Float64, i * 8)));
        byte[] bytes = new NpyHeader(dt, [1], false).Format();
        Assert.Equal(2, bytes[6]);
        Assert.Throws<NpyLimitExceededException>(() => NpyHeader.Parse(bytes));
        NpyHeader h = NpyHeader.Parse(bytes, s_bigHeaders with { MaxItemSize = 1 << 20 });
        Assert.Equal(10001, h.DType.Fields.Count);
    }

    [Fact]
    public void Header_length_limit_is_inclusive()
    {
        string dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }";
        byte[] exact = HeaderBytes.Make(dict + new string(' ', 10000 - dict.Length - 1) + "\n");
        Assert.Equal(10010, NpyHeader.Parse(exact).PrefixLength);
        byte[] over = HeaderBytes.Make(dict + new string(' ', 10000 - dict.Length) + "\n");
        Assert.Throws<NpyLimitExceededException>(() => NpyHeader.Parse(over));
    }

    // N5, N17
    [Theory]
    [InlineData('(')]
    [InlineData('[')]
    [InlineData('{')]
    public void Deep_nesting_is_refused_without_recursion(char open)
    {
        byte[] bytes = HeaderBytes.Make("{'descr': " + new string(open, 60000));
        var ex = Assert.Throws<NpyFormatException>(() => NpyHeader.Parse(bytes, s_bigHeaders));
        Assert.Contains("nesting depth exceeds 32", ex.Message, StringComparison.Ordinal);

        // Even with the depth limit lifted the parser is iterative: it reports the unterminated text, not a crash.
        Assert.Throws<NpyFormatException>(() => NpyHeader.Parse(bytes, s_bigHeaders with { MaxNestingDepth = int.MaxValue }));
    }

    [Fact]
    public void Deeply_nested_structured_dtype_is_refused_by_depth()
    {
        string descr = "'<f8'";
        for (int i = 0; i < 40; i++)
        {
            descr = $"[('a', {descr})]";
        }

        byte[] bytes = HeaderBytes.Dict("(1,)", descr);
        Assert.Throws<NpyFormatException>(() => NpyHeader.Parse(bytes));
        NpyHeader h = NpyHeader.Parse(bytes, NpyLimits.Default with { MaxNestingDepth = 200 });
        Assert.Equal(8, h.DataLength);
    }

    [Fact]
    public void Very_deep_structured_dtype_with_no_depth_limit_does_not_crash()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < 20000; i++)
        {
            sb.Append("[('a', ");
        }

        sb.Append("'<f8'");
        for (int i = 0; i < 20000; i++)
        {
            sb.Append(")]");
        }

        byte[] bytes = HeaderBytes.Dict("(1,)", sb.ToString());
        var limits = NpyLimits.Trusted with { MaxNestingDepth = int.MaxValue };
        try
        {
            NpyHeader h = NpyHeader.Parse(bytes, limits);
            Assert.Equal(8, h.DataLength);
        }
        catch (NpyFormatException)
        {
            // Refusing is also fine; what matters is that no StackOverflow kills the process.
        }
    }

    // N6
    [Theory]
    [InlineData("{'descr': '<f4', 'shape': (3,")]
    [InlineData("{'descr': '<f4', 'shape': (3,), 'fortran_order': False")]
    [InlineData("{'descr': '<f4' 'fortran_order': False, 'shape': (3,)}")]
    [InlineData("{'descr': '<f4, 'fortran_order': False, 'shape': (3,)}")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (3,)} x")]
    [InlineData("{'descr': '<f4', 'fortran_order': false, 'shape': (3,)}")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': tuple([3])}")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (3,)}\0")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (03,)}")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (3,),,}")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (,)}")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (3,]}")]
    [InlineData("{'descr': '\\x4', 'fortran_order': False, 'shape': (3,)}")]
    [InlineData("")]
    [InlineData("   \n")]
    public void Malformed_literals_are_format_errors_with_an_offset(string text)
    {
        var ex = Assert.Throws<NpyFormatException>(() => NpyHeader.Parse(HeaderBytes.Make(text)));
        Assert.Contains("byte offset", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Top_level_must_be_a_dict()
    {
        var ex = Assert.Throws<NpyFormatException>(() => NpyHeader.Parse(HeaderBytes.Make("[1, 2]\n")));
        Assert.Contains("Header is not a dictionary: [1, 2]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void V3_requires_valid_utf8_and_v1_decodes_latin1()
    {
        byte[] body = [.. Encoding.ASCII.GetBytes("{'descr': [('"), 0xC3, 0x28, .. Encoding.ASCII.GetBytes("', '<i4')], 'fortran_order': False, 'shape': (1,), }\n")];
        var ex = Assert.Throws<NpyFormatException>(() => NpyHeader.Parse(HeaderBytes.MakeRaw(body, 3)));
        Assert.Contains("UTF-8 at byte offset 25", ex.Message, StringComparison.Ordinal);

        byte[] latin = [.. Encoding.ASCII.GetBytes("{'descr': [('"), 0xE9, .. Encoding.ASCII.GetBytes("', '<i4')], 'fortran_order': False, 'shape': (1,), }\n")];
        Assert.Equal("é", NpyHeader.Parse(HeaderBytes.MakeRaw(latin, 1)).DType.Fields[0].Name);
        Assert.Equal("é", NpyHeader.Parse(HeaderBytes.MakeRaw(latin, 2)).DType.Fields[0].Name);
        Assert.Equal("€", NpyHeader.Parse(HeaderBytes.Dict("(1,)", "[('€', '<i4')]", version: 3)).DType.Fields[0].Name);
    }

    // N7
    [Theory]
    [InlineData("{'descr': '<f8', 'shape': (2,)}", "found ['descr', 'shape']")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'extrakey': -1}", "exactly the keys descr, fortran_order, shape")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, b'shape': (2,)}", "exactly the keys")]
    [InlineData("{}", "found []")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'shape': (3,)}", "duplicate key 'shape'")]
    [InlineData("{'descr': '<f8', 'fortran_order': 1, 'shape': (2,)}", "fortran_order must be True or False, not 1")]
    [InlineData("{'descr': '<f8', 'fortran_order': 'False', 'shape': (2,)}", "fortran_order must be True or False")]
    [InlineData("{'descr': '<f8', 'fortran_order': None, 'shape': (2,)}", "fortran_order must be True or False, not None")]
    [InlineData("{'descr': '<i3', 'fortran_order': False, 'shape': (2,)}", "descr is not a valid dtype descriptor: '<i3'")]
    [InlineData("{'descr': b'<f8', 'fortran_order': False, 'shape': (2,)}", "descr is not a valid dtype descriptor: b'<f8'")]
    [InlineData("{'descr': 8, 'fortran_order': False, 'shape': (2,)}", "descr is not a valid dtype descriptor: 8")]
    public void Key_and_value_errors_name_the_problem(string text, string message)
    {
        var ex = Assert.Throws<NpyFormatException>(() => NpyHeader.Parse(HeaderBytes.Make(text)));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    // N8
    [Theory]
    [InlineData("(-1,)", "negative dimension -1 at axis 0")]
    [InlineData("(3, -2)", "negative dimension -2 at axis 1")]
    [InlineData("(- 1,)", "negative dimension -1 at axis 0")]
    public void Negative_dimensions_are_refused(string shape, string message)
    {
        var ex = Assert.Throws<NpyFormatException>(() => NpyHeader.Parse(HeaderBytes.Dict(shape)));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    // N9
    [Theory]
    [InlineData("(3.0,)")]
    [InlineData("('3',)")]
    [InlineData("(True,)")]
    [InlineData("(None,)")]
    [InlineData("(0x10,)")]
    [InlineData("(1_000,)")]
    [InlineData("(1e3,)")]
    [InlineData("[2]")]
    [InlineData("2")]
    [InlineData("((2,),)")]
    public void Non_int_dimensions_are_refused(string shape)
    {
        Assert.Throws<NpyFormatException>(() => NpyHeader.Parse(HeaderBytes.Dict(shape)));
    }

    [Fact]
    public void Python2_long_suffix_is_accepted_in_v1_and_v2_only()
    {
        Assert.Equal([2L, 3L], NpyHeader.Parse(HeaderBytes.Dict("(2L, 3L)")).Shape);
        Assert.Equal([2L], NpyHeader.Parse(HeaderBytes.Dict("(2L,)", version: 2)).Shape);
        Assert.Throws<NpyFormatException>(() => NpyHeader.Parse(HeaderBytes.Dict("(2L,)", version: 3)));
        Assert.Throws<NpyFormatException>(() => NpyHeader.Parse(HeaderBytes.Dict("(2l,)")));
    }

    // N10
    [Fact]
    public void Too_many_dimensions_exceed_the_limit()
    {
        string shape = "(" + string.Join(", ", Enumerable.Repeat("1", 65)) + ")";
        var ex = Assert.Throws<NpyLimitExceededException>(() => NpyHeader.Parse(HeaderBytes.Dict(shape)));
        Assert.Equal(nameof(NpyLimits.MaxDimensions), ex.OptionName);
        Assert.Equal(65, ex.Actual);
        string ok = "(" + string.Join(", ", Enumerable.Repeat("1", 64)) + ")";
        Assert.Equal(64, NpyHeader.Parse(HeaderBytes.Dict(ok)).Shape.Count);
    }

    // N11
    [Theory]
    [InlineData("(4294967296, 4294967296, 4294967296)", "element count overflows")]
    [InlineData("(2305843009213693952,)", "byte size overflows")]
    [InlineData("(99999999999999999999999,)", "element count overflows")]
    public void Size_overflow_is_a_format_error(string shape, string message)
    {
        var ex = Assert.Throws<NpyFormatException>(() => NpyHeader.Parse(HeaderBytes.Dict(shape)));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(4611686018427387904, 4611686018427387904, 0)")]
    [InlineData("(0, 4611686018427387904, 4611686018427387904)")]
    [InlineData("(4611686018427387904, 0, 4611686018427387904)")]
    public void A_zero_dimension_makes_an_empty_array_whatever_the_order(string shape)
    {
        NpyHeader h = NpyHeader.Parse(HeaderBytes.Dict(shape));
        Assert.Equal(0, h.ElementCount);
        Assert.Equal(0, h.DataLength);
    }

    // N15
    [Theory]
    [InlineData("'|O'")]
    [InlineData("[('a', '<i4'), ('b', '|O')]")]
    [InlineData("[('a', [('b', '|O8')], (2,))]")]
    public void Object_dtypes_parse_and_are_flagged(string descr)
    {
        NpyHeader h = NpyHeader.Parse(HeaderBytes.Dict("(3,)", descr));
        Assert.True(h.DType.HasObject);
    }

    // N16
    [Theory]
    [InlineData("'<f3'")]
    [InlineData("'<q16'")]
    [InlineData("'<U-1'")]
    [InlineData("('|V4', (-1,))")]
    public void Odd_descrs_are_format_errors(string descr)
    {
        Assert.Throws<NpyFormatException>(() => NpyHeader.Parse(HeaderBytes.Dict("(3,)", descr)));
    }

    [Theory]
    [InlineData("'<U99999999999'")]
    [InlineData("'|S2147483648'")]
    [InlineData("[('a', '|V1048577')]")]
    public void Oversized_descrs_exceed_the_item_size_limit(string descr)
    {
        var ex = Assert.Throws<NpyLimitExceededException>(() => NpyHeader.Parse(HeaderBytes.Dict("(3,)", descr)));
        Assert.Equal(nameof(NpyLimits.MaxItemSize), ex.OptionName);
    }

    [Fact]
    public void Zero_size_items_have_no_data()
    {
        NpyHeader h = NpyHeader.Parse(HeaderBytes.Dict("(5,)", "'|V0'"));
        Assert.Equal(5, h.ElementCount);
        Assert.Equal(0, h.DataLength);
    }

    [Theory]
    [InlineData("{'shape': (2, 3), 'descr': '<f8', 'fortran_order': False}")]
    [InlineData("{\"descr\": \"<f8\", \"fortran_order\": False, \"shape\": (2, 3,),}")]
    [InlineData("{'descr': u'<f8', 'fortran_order': False, 'shape': (2,3)}")]
    [InlineData("{'descr': '<' 'f8', 'fortran_order': False, 'shape': (2, +3)}")]
    [InlineData("{'descr':'<f8','fortran_order':False,'shape':(2,3)}")]
    [InlineData("  {'descr': '<f8', # a comment\n\t'fortran_order': False,\r\n 'shape': ((2), 3)}")]
    [InlineData("{'descr': '\\x3cf8', 'fortran_order': False, 'shape': (2, 3), }")]
    [InlineData("{'descr': '\\u003cf8', 'fortran_order': False, 'shape': (2, 3), }")]
    [InlineData("{'descr': '\\74f8', 'fortran_order': False, 'shape': (2, 3), }")]
    [InlineData("{'descr': r'<f8', 'fortran_order': False, 'shape': (2, 3), }")]
    [InlineData("{'descr': '''<f8''', 'fortran_order': False, 'shape': (2, 3), }")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2, \\\n 3), }")]
    [InlineData("{'descr': '<f8',\n 'fortran_order': False,\n 'shape': (2, 3)}\n")]
    public void Lenient_but_valid_literals_are_accepted(string text)
    {
        NpyHeader h = NpyHeader.Parse(HeaderBytes.Make(text));
        Assert.Equal([2L, 3L], h.Shape);
        Assert.Equal(NpyDType.Float64, h.DType);
    }

    [Fact]
    public void Python_string_escapes_are_decoded()
    {
        string text = "{'descr': [('a\\\\b\\'c\\\"d\\n\\t\\r\\x41\\u00e9\\U0001F600\\101\\q', '<i4')], 'fortran_order': False, 'shape': (1,)}";
        NpyHeader h = NpyHeader.Parse(HeaderBytes.Make(text));
        Assert.Equal("a\\b'c\"d\n\t\rAé\U0001F600A\\q", h.DType.Fields[0].Name);
    }
}

using Npy.Format;

namespace Npy.Tests.Format;

public class PyReprTests
{
    // Expected values are CPython 3.11 repr() output.
    [Theory]
    [InlineData("abc", "'abc'")]
    [InlineData("it's", "\"it's\"")]
    [InlineData("both ' \"", "'both \\' \"'")]
    [InlineData("say \"hi\"", "'say \"hi\"'")]
    [InlineData("tab\there", "'tab\\there'")]
    [InlineData("nl\n", "'nl\\n'")]
    [InlineData("cr\r", "'cr\\r'")]
    [InlineData("nul\0", "'nul\\x00'")]
    [InlineData("\u001b", "'\\x1b'")]
    [InlineData("del\u007f", "'del\\x7f'")]
    [InlineData("\u0080\u009f", "'\\x80\\x9f'")]
    [InlineData("nbsp\u00a0", "'nbsp\\xa0'")]
    [InlineData("shy\u00ad", "'shy\\xad'")]
    [InlineData("é", "'é'")]
    [InlineData("ÿ", "'ÿ'")]
    [InlineData("€", "'€'")]
    [InlineData("\u2028", "'\\u2028'")]
    [InlineData("\u200b", "'\\u200b'")]
    [InlineData("\ufeff", "'\\ufeff'")]
    [InlineData("\ue000", "'\\ue000'")]
    [InlineData("\U0001F600", "'\U0001F600'")]
    [InlineData("\U000E0001", "'\\U000e0001'")]
    [InlineData("\U0010FFFF", "'\\U0010ffff'")]
    [InlineData("a\U00020000b", "'a\U00020000b'")]
    [InlineData("back\\slash", "'back\\\\slash'")]
    [InlineData("\u0378", "'\\u0378'")]
    [InlineData(" ", "' '")]
    [InlineData("\u3000", "'\\u3000'")]
    [InlineData("", "''")]
    public void String_repr_matches_cpython(string value, string expected)
    {
        Assert.Equal(expected, PyRepr.String(value));
    }

    [Fact]
    public void Lone_surrogates_are_escaped()
    {
        Assert.Equal("'\\ud800x'", PyRepr.String("\ud800x"));
        Assert.Equal("'\\udc00'", PyRepr.String("\udc00"));
    }

    [Fact]
    public void Repr_then_parse_round_trips_every_bmp_char()
    {
        for (int c = 1; c < 0x10000; c++)
        {
            string s = "a" + (char)c + "'\"";
            string repr = PyRepr.String(s);
            var node = (PyString)PyLiteralParser.Parse(repr, 0, utf8: true, allowLongSuffix: false, maxDepth: 4);
            Assert.Equal(s, node.Value);
        }
    }
}

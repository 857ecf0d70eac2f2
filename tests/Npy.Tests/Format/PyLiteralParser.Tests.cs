using System.Numerics;
using Npy.Format;

namespace Npy.Tests.Format;

public class PyLiteralParserTests
{
    private static PyNode Parse(string text, bool allowLong = false, int depth = 32)
        => PyLiteralParser.Parse(text, 0, utf8: true, allowLong, depth);

    [Theory]
    [InlineData("()", true, 0)]
    [InlineData("(1,)", true, 1)]
    [InlineData("(1, 2,)", true, 2)]
    [InlineData("[]", false, 0)]
    [InlineData("[1, [2], (3)]", false, 3)]
    public void Sequences(string text, bool tuple, int count)
    {
        var seq = Assert.IsType<PySequence>(Parse(text));
        Assert.Equal(tuple, seq.IsTuple);
        Assert.Equal(count, seq.Items.Count);
    }

    [Fact]
    public void Parenthesised_values_are_not_tuples()
    {
        Assert.IsType<PyInt>(Parse("(((1)))"));
        Assert.IsType<PyString>(Parse("('a')"));
    }

    [Fact]
    public void Big_ints_and_signs()
    {
        Assert.Equal(BigInteger.Pow(10, 40), Assert.IsType<PyInt>(Parse("10000000000000000000000000000000000000000")).Value);
        Assert.Equal(new BigInteger(-5), Assert.IsType<PyInt>(Parse("-+-(-5)".Replace("(", "", StringComparison.Ordinal).Replace(")", "", StringComparison.Ordinal))).Value);
        Assert.Equal(BigInteger.Zero, Assert.IsType<PyInt>(Parse("000")).Value);
        Assert.Throws<NpyFormatException>(() => Parse(new string('9', 4301)));
        Assert.Equal(new BigInteger(7), Assert.IsType<PyInt>(Parse("7L", allowLong: true)).Value);
        Assert.Throws<NpyFormatException>(() => Parse("7L"));
    }

    [Fact]
    public void Dicts_keep_duplicates_in_order()
    {
        var dict = Assert.IsType<PyDict>(Parse("{'a': 1, 'a': 2,}"));
        Assert.Equal(2, dict.Entries.Count);
        Assert.Throws<NpyFormatException>(() => Parse("{1, 2}"));
        Assert.Throws<NpyFormatException>(() => Parse("{'a' 1}"));
        Assert.Throws<NpyFormatException>(() => Parse("{'a': }"));
        Assert.Throws<NpyFormatException>(() => Parse("{'a', }"));
    }

    [Theory]
    [InlineData("'a' 'b' \"c\"", "abc", false)]
    [InlineData("u'a' U'b'", "ab", false)]
    [InlineData("b'a' B'b'", "ab", true)]
    [InlineData("r'\\n'", "\\n", false)]
    [InlineData("'''x'y'''", "x'y", false)]
    [InlineData("\"\"\"a\nb\"\"\"", "a\nb", false)]
    [InlineData("'\\a\\b\\f\\v\\0\\777'", "\a\b\f\v\0\u01ff", false)]
    [InlineData("b'\\u00e9'", "\\u00e9", true)]
    public void Strings(string text, string value, bool isBytes)
    {
        var s = Assert.IsType<PyString>(Parse(text));
        Assert.Equal(value, s.Value);
        Assert.Equal(isBytes, s.IsBytes);
    }

    [Theory]
    [InlineData("'a' b'b'")]
    [InlineData("b'é'")]
    [InlineData("'abc")]
    [InlineData("'a\nb'")]
    [InlineData("'\\x4'")]
    [InlineData("'\\U00110000'")]
    [InlineData("'\\UFFFFFFFF'")]
    [InlineData("'\\u12'")]
    [InlineData("'\\N{DASH}'")]
    [InlineData("f'x'")]
    [InlineData("1j")]
    [InlineData("0b101")]
    [InlineData("0o17")]
    [InlineData("01")]
    [InlineData("1 2")]
    [InlineData("-'a'")]
    [InlineData("-True")]
    [InlineData("none")]
    [InlineData("[1, 2")]
    [InlineData("[1, 2)")]
    [InlineData(")")]
    [InlineData(",")]
    [InlineData("")]
    [InlineData("#only a comment")]
    [InlineData("1 # fine\n 2")]
    public void Malformed(string text)
    {
        var ex = Assert.Throws<NpyFormatException>(() => Parse(text));
        Assert.Contains("byte offset", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Offsets_count_utf8_bytes_from_the_base()
    {
        var ex = Assert.Throws<NpyFormatException>(() => PyLiteralParser.Parse("['€€', ?]", 12, utf8: true, allowLongSuffix: false, maxDepth: 4));
        Assert.Contains("byte offset 23", ex.Message, StringComparison.Ordinal);
        ex = Assert.Throws<NpyFormatException>(() => PyLiteralParser.Parse("['éé', ?]", 10, utf8: false, allowLongSuffix: false, maxDepth: 4));
        Assert.Contains("byte offset 17", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Depth_is_capped()
    {
        Assert.IsType<PySequence>(Parse("[[[[1]]]]", depth: 4));
        var ex = Assert.Throws<NpyFormatException>(() => Parse("[[[[[1]]]]]", depth: 4));
        Assert.Contains("nesting depth exceeds 4", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unbounded_depth_is_iterative()
    {
        string text = new string('[', 200000) + new string(']', 200000);
        PyNode node = Parse(text, depth: int.MaxValue);
        Assert.IsType<PySequence>(node);
        Assert.StartsWith("[[[[", node.ToShortRepr(), StringComparison.Ordinal);
    }

    [Fact]
    public void Constants()
    {
        Assert.Equal(true, Assert.IsType<PyConstant>(Parse("True")).Value);
        Assert.Equal(false, Assert.IsType<PyConstant>(Parse(" False ")).Value);
        Assert.Null(Assert.IsType<PyConstant>(Parse("None")).Value);
        Assert.IsType<PyFloat>(Parse("-1.5e3"));
    }
}

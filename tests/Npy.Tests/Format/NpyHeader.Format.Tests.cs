using System.Text;
using System.Text.Json;

namespace Npy.Tests.Format;

public class NpyHeaderFormatTests
{
    // Appendix A of the spec: np.save(np.array([1.0, 2.0])), the 128-byte prefix.
    // 67 bytes of magic, version, length and dict, then 60 spaces (20 growth + 40 pad) and the newline.
    private static readonly string F8Shape2 =
        "934E554D5059010076007B276465736372273A20273C6638272C2027666F727472616E5F6F72646572273A2046616C73652C20277368617065273A2028322C292C207D"
        + string.Concat(Enumerable.Repeat("20", 60)) + "0A";

    [Fact]
    public void Format_matches_the_spec_hexdump_without_numpy()
    {
        var header = new NpyHeader(NpyDType.Float64, [2], fortranOrder: false);
        Assert.Equal(F8Shape2, Convert.ToHexString(header.Format()));
        Assert.Equal(1, header.FormatVersion);
        Assert.Equal(128, header.PrefixLength);
    }

    [Theory]
    [InlineData("<f8", new long[] { }, false, "{'descr': '<f8', 'fortran_order': False, 'shape': (), }")]
    [InlineData("|b1", new long[] { 3, 4 }, true, "{'descr': '|b1', 'fortran_order': True, 'shape': (3, 4), }")]
    [InlineData("[('x', '<i4', (2,)), ('', '|V4'), ('y', '<f8')]", new long[] { 5 }, false,
        "{'descr': [('x', '<i4', (2,)), ('', '|V4'), ('y', '<f8')], 'fortran_order': False, 'shape': (5,), }")]
    public void Dict_text_is_numpys(string descr, long[] shape, bool fortran, string expected)
    {
        var header = new NpyHeader(NpyDType.Parse(descr), shape, fortran);
        Assert.Equal(expected, header.ToString());
    }

    [Theory]
    [InlineData(new long[] { }, false, 0)]
    [InlineData(new long[] { 2 }, false, 20)]
    [InlineData(new long[] { 12345, 7 }, false, 16)]
    [InlineData(new long[] { 12345, 7 }, true, 20)]
    [InlineData(new long[] { 123456789012345678 }, false, 3)]
    public void Growth_spaces_follow_the_growing_axis(long[] shape, bool fortran, int growth)
    {
        var header = new NpyHeader(NpyDType.Float64, shape, fortran);
        byte[] bytes = header.Format();
        string text = Encoding.Latin1.GetString(bytes, 10, bytes.Length - 10);
        int dictEnd = text.IndexOf('}') + 1;
        int total = text.Length - dictEnd - 1;
        int pad = 64 - ((10 + dictEnd + growth + 1) % 64);
        Assert.Equal(growth + pad, total);
        Assert.Equal(0, bytes.Length % 64);
        Assert.Equal((byte)'\n', bytes[^1]);
    }

    [Fact]
    public void Versions_are_chosen_like_numpy()
    {
        Assert.Equal(1, new NpyHeader(NpyDType.Parse("[('é', '<i4')]"), [1], false).FormatVersion);
        Assert.Equal(3, new NpyHeader(NpyDType.Parse("[('€', '<i4')]"), [1], false).FormatVersion);
        var big = NpyDType.Structured(Enumerable.Range(0, 3000).Select(i => new NpyField($"name_{i:D20}", NpyDType.Float64, i * 8)));
        var header = new NpyHeader(big, [1], false);
        Assert.Equal(2, header.FormatVersion);
        Assert.Equal(header.PrefixLength, header.Format().Length);
        Assert.Equal(0, header.PrefixLength % 64);
    }

    [Fact]
    public void Explicit_versions_are_checked()
    {
        var euro = new NpyHeader(NpyDType.Parse("[('€', '<i4')]"), [1], false);
        Assert.Throws<ArgumentException>(() => euro.Format(1));
        Assert.Throws<ArgumentException>(() => euro.Format(2));
        Assert.Equal(3, euro.Format(3)[6]);
        Assert.Throws<ArgumentOutOfRangeException>(() => euro.Format(4));
        var big = NpyDType.Structured(Enumerable.Range(0, 3000).Select(i => new NpyField($"name_{i:D20}", NpyDType.Float64, i * 8)));
        var ex = Assert.Throws<ArgumentException>(() => new NpyHeader(big, [1], false).Format(1));
        Assert.Contains("too big for version=(1, 0)", ex.Message, StringComparison.Ordinal);
        byte[] v3 = new NpyHeader(NpyDType.Float64, [2], false).Format(3);
        Assert.Equal(3, v3[6]);
        Assert.Equal(0, v3.Length % 64);
    }

    [Fact]
    public void Format_is_byte_identical_to_numpy()
    {
        string[] lines = NumPyOracle.RunScript("format/numpy_headers.py");
        Assert.True(lines.Length > 100);
        var failures = new List<string>();
        foreach (string line in lines)
        {
            using JsonDocument doc = JsonDocument.Parse(line);
            JsonElement root = doc.RootElement;
            string descr = root.GetProperty("descr").GetString()!;
            long[] shape = [.. root.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64())];
            bool fortran = root.GetProperty("fortran").GetBoolean();
            string hex = root.GetProperty("hex").GetString()!;
            try
            {
                NpyDType dtype = NpyDType.Parse(descr, NpyLimits.Trusted);
                if (dtype.ToString() != descr)
                {
                    failures.Add($"ToString {dtype} != {descr}");
                    continue;
                }

                var header = new NpyHeader(dtype, shape, fortran);
                string actual = Convert.ToHexString(header.Format());
                if (actual != hex)
                {
                    failures.Add($"Format differs for {descr} {string.Join(",", shape)} {fortran}:\n  got  {actual}\n  want {hex}");
                    continue;
                }

                NpyHeader parsed = NpyHeader.Parse(Convert.FromHexString(hex), NpyLimits.Trusted);
                if (!parsed.Equals(header) || parsed.PrefixLength != hex.Length / 2 || parsed.FormatVersion != header.FormatVersion)
                {
                    failures.Add($"Parse differs for {descr}");
                }
            }
            catch (Exception ex)
            {
                failures.Add($"{descr}: {ex.GetType().Name}: {ex.Message}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));
    }
}

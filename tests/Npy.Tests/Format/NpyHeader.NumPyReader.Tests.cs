using System.Text.Json;

namespace Npy.Tests.Format;

/// <summary>Differential tests: the same header text through NumPy's reader and ours.</summary>
public class NpyHeaderNumPyReaderTests
{
    [Fact]
    public void Parse_agrees_with_numpy_except_for_documented_strictness()
    {
        string[] lines = NumPyOracle.RunScript("format/numpy_read_headers.py");
        Assert.True(lines.Length > 30);
        var failures = new List<string>();
        foreach (string line in lines)
        {
            using JsonDocument doc = JsonDocument.Parse(line);
            JsonElement root = doc.RootElement;
            int version = root.GetProperty("version").GetInt32();
            string text = root.GetProperty("text").GetString()!;
            bool numpyOk = root.GetProperty("ok").GetBoolean();
            bool deviation = root.GetProperty("deviation").GetBoolean();
            NpyHeader? ours = null;
            Exception? error = null;
            try
            {
                ours = NpyHeader.Parse(HeaderBytes.Make(text, version));
            }
            catch (Exception ex)
            {
                error = ex;
            }

            if (error is not null && error is not NpyInvalidDataException)
            {
                failures.Add($"{text}: unexpected exception type {error.GetType().Name}");
            }
            else if (numpyOk && !deviation)
            {
                if (ours is null)
                {
                    failures.Add($"{text}: NumPy accepts, we refuse: {error!.Message}");
                    continue;
                }

                string descr = root.GetProperty("descr").GetString()!;
                long[] shape = [.. root.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64())];
                if (ours.DType.ToString() != descr || !ours.Shape.SequenceEqual(shape) || ours.FortranOrder != root.GetProperty("fortran").GetBoolean())
                {
                    failures.Add($"{text}: NumPy {descr} ({string.Join(",", shape)}), ours {ours.DType} ({string.Join(",", ours.Shape)})");
                }
            }
            else if (ours is not null)
            {
                failures.Add($"{text}: NumPy refuses (or we refuse on purpose), we accept");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [InlineData("python3.npy", new long[] { 2 })]
    [InlineData("win64python2.npy", new long[] { 2 })]
    [InlineData("py2-objarr.npy", new long[] { 4 })]
    [InlineData("py3-objarr.npy", new long[] { 4 })]
    public void Parses_numpys_own_legacy_test_files(string name, long[] shape)
    {
        string path = Path.Combine("/usr/lib/python3/dist-packages/numpy/lib/tests/data", name);
        if (!File.Exists(path))
        {
            NumPyOracle.RequireNumPy();
            Assert.Skip($"{path} is not installed.");
        }

        NpyHeader h = NpyHeader.Parse(File.ReadAllBytes(path));
        Assert.Equal(shape, h.Shape);
        Assert.Equal(80, h.PrefixLength);
    }
}

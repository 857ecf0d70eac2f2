using Npy.Tests.Helpers;

namespace Npy.Tests;

/// <summary>
/// The README's examples live here, between <c>// README:name</c> and <c>// END</c> markers, so they compile and
/// run; a test checks that README.md shows each of them verbatim.
/// </summary>
public class ReadmeExamplesTests
{
    [Fact]
    public void Save_and_load_one_array()
    {
        using var dir = new TempDir();
        using var cwd = new WorkingDirectory(dir.Path);
        // README:npy
        double[,] matrix = { { 1, 2, 3 }, { 4, 5, 6 } };
        NpyFile.Save("matrix.npy", matrix);                  // numpy.save

        NpyArray array = NpyFile.Load("matrix.npy");         // numpy.load
        Console.WriteLine(array);                            // NpyArray(dtype='<f8', shape=(2, 3))
        var back = (double[,])array.ToMultidimensionalArray<double>();
        Span<double> view = array.AsSpan<double>();          // no copy
        // END
        Assert.Equal(matrix, back);
        Assert.Equal(6, view[5]);
    }

    [Fact]
    public void Savez_compressed_and_load()
    {
        using var dir = new TempDir();
        using var cwd = new WorkingDirectory(dir.Path);
        float[] weights = new float[1024 * 1024];
        int[] labels = [3, 1, 4];
        // README:npz
        NpzFile.SaveCompressed("model.npz", new Dictionary<string, NpyArray>
        {
            ["weights"] = NpyArray.FromArray(weights, 1024, 1024),   // shares the float[]
            ["labels"] = NpyArray.FromArray(labels),
            ["names"] = NpyArray.FromStrings(["cat", "dog", "数据"]),
        });                                                           // numpy.savez_compressed

        using NpzReader npz = NpzFile.Open("model.npz");              // numpy.load: lazy
        Console.WriteLine(string.Join(", ", npz.Files));              // weights, labels, names
        float[] w = npz.Read<float>("weights");                       // inflated on all cores
        string[] names = npz["names"].ToArray<string>();
        // END
        Assert.Equal(weights, w);
        Assert.Equal(["cat", "dog", "数据"], names);
    }

    [Fact]
    public void Readme_shows_every_example_verbatim()
    {
        string source = File.ReadAllText(FindUp("tests/Npy.Tests/ReadmeExamples.Tests.cs"));
        string readme = File.ReadAllText(FindUp("README.md")).ReplaceLineEndings("\n");
        var examples = System.Text.RegularExpressions.Regex.Matches(source, @"// README:(\w+)\n(.*?)\n\s*// END", System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.NotEmpty(examples);
        foreach (System.Text.RegularExpressions.Match m in examples)
        {
            string code = string.Join('\n', m.Groups[2].Value.ReplaceLineEndings("\n").Split('\n').Select(l => l.Length >= 8 ? l[8..] : l.TrimStart()));
            Assert.True(readme.Contains(code, StringComparison.Ordinal), $"README.md does not show example '{m.Groups[1].Value}':\n{code}");
        }
    }

    /// <summary>Runs the examples in a temporary folder, restoring the working directory before the folder is deleted.</summary>
    private sealed class WorkingDirectory : IDisposable
    {
        private readonly string _previous = Directory.GetCurrentDirectory();

        public WorkingDirectory(string path) => Directory.SetCurrentDirectory(path);

        public void Dispose() => Directory.SetCurrentDirectory(_previous);
    }

    private static string FindUp(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(relative);
    }
}

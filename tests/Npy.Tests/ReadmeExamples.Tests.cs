using Npy.Tests.Helpers;

namespace Npy.Tests;

/// <summary>
/// The README's examples live here, between <c>// README:name</c> and <c>// END</c> markers, so they compile and
/// run; a test checks that README.md shows each of them verbatim.
/// </summary>
/// <remarks>
/// The examples use relative paths, so each runs with a temporary folder as the process's current directory. That
/// directory is process-wide, so these tests run alone (no parallel test may start a process meanwhile).
/// </remarks>
[Collection(nameof(WorkingDirectoryCollection))]
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
    public void Chunked_write_and_read()
    {
        using var dir = new TempDir();
        using var cwd = new WorkingDirectory(dir.Path);
        const long rows = 20_000;
        double total = 0;
        void Consume(ReadOnlySpan<float> values)
        {
            foreach (float v in values)
            {
                total += v;
            }
        }

        IEnumerable<ReadOnlyMemory<float>> ProduceRows()
        {
            var row = new float[1024];
            for (int r = 0; r < rows; r++)
            {
                row.AsSpan().Fill(r);
                yield return row;
            }
        }

        // README:chunks
        var header = new NpyHeader(NpyDType.Float32, [rows, 1024], fortranOrder: false);
        NpzFile.Write("big.npz", npz => npz.WriteArray("embeddings", header, ProduceRows()));

        using NpzReader archive = NpzFile.Open("big.npz");
        using (NpyArrayReader reader = archive.OpenArray("embeddings"))
        {
            foreach (ReadOnlyMemory<float> chunk in reader.ReadChunks<float>(1 << 20))
            {
                Consume(chunk.Span);                          // one reused buffer: bounded memory
            }
        }

        var row5000 = new float[1024];
        archive.ReadInto<float>("embeddings", 5000L * 1024, row5000);   // inflates only what it needs
        // END
        Assert.Equal(1024.0 * rows * (rows - 1) / 2, total);
        Assert.All(row5000, v => Assert.Equal(5000, v));
    }

    [Fact]
    public void Memory_map()
    {
        using var dir = new TempDir();
        using var cwd = new WorkingDirectory(dir.Path);
        // README:mmap
        var header = new NpyHeader(NpyDType.Float64, [1000, 1000], fortranOrder: false);
        using (var map = NpyMemoryMap.Create("grid.npy", header))    // numpy.lib.format.open_memmap(..., mode='w+')
        {
            Span<double> grid = map.GetSpan<double>();
            grid.Fill(1.5);
        }

        using var view = NpyMemoryMap.Open("grid.npy");                // numpy.load(..., mmap_mode='r')
        ReadOnlySpan<double> lastRow = view.GetReadOnlySpan<double>(999 * 1000, 1000);   // zero-copy

        // Stored members of archives written with AlignData map aligned too.
        NpzFile.Write("grids.npz", npz => npz.Add("grid", NpyFile.Load("grid.npy")), NpzWriterOptions.Stored with { AlignData = true });
        using var member = NpyMemoryMap.OpenMember("grids.npz", "grid");
        // END
        Assert.Equal(1.5, lastRow[999]);
        Assert.Equal(0, member.DataOffset % 64);
        Assert.Equal(1.5, member.GetReadOnlySpan<double>()[123]);
    }

    [Fact]
    public void Append()
    {
        using var dir = new TempDir();
        using var cwd = new WorkingDirectory(dir.Path);
        double[] monday = [1, 2], tuesday = [3];
        // README:append
        NpzFile.Save("log.npz", new Dictionary<string, NpyArray> { ["monday"] = NpyArray.FromArray(monday) });
        NpzFile.Append("log.npz", new Dictionary<string, NpyArray> { ["tuesday"] = NpyArray.FromArray(tuesday) });
        // END
        using NpzReader npz = NpzFile.Open("log.npz");
        Assert.Equal(["monday", "tuesday"], npz.Files);
    }

    [Fact]
    public async Task Pipe()
    {
        using var server = new System.IO.Pipes.AnonymousPipeServerStream(System.IO.Pipes.PipeDirection.Out);
        using var pipeIn = new System.IO.Pipes.AnonymousPipeClientStream(System.IO.Pipes.PipeDirection.In, server.ClientSafePipeHandle);
        Task sending = Task.Run(() => Send(server, [1, 2, 3]), TestContext.Current.CancellationToken);
        // README:pipe_read
        using NpzReader received = NpzFile.Open(pipeIn);   // unseekable: spooled to a temporary file, size-capped
        // END
        await sending;
        Assert.Equal([1.0, 2, 3], received.Read<double>("x"));
    }

    private static void Send(Stream pipeOut, double[] values)
    {
        // README:pipe_write
        using (var writer = new NpzWriter(pipeOut))        // no seeking needed: members get data descriptors
        {
            writer.Add("x", values);
        }
        // END
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

    /// <summary>Makes a folder the current directory and restores the previous one before the folder is deleted
    /// (a deleted current directory makes every later Process.Start in the test run fail).</summary>
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

/// <summary>Tests that change the process's current directory: they run alone.</summary>
[CollectionDefinition(nameof(WorkingDirectoryCollection), DisableParallelization = true)]
public sealed class WorkingDirectoryCollection;

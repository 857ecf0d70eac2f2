using Npy.Cli.Tests.Helpers;

namespace Npy.Cli.Tests;

/// <summary>The tool as a separate process (<c>dotnet Npy.Cli.dll</c>): real standard streams, exit codes, pipes.</summary>
public sealed class ProcessTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Help_exits_0()
    {
        CliResult result = Tool.RunProcess(null, _dir.Path, "--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Commands:", result.Out, StringComparison.Ordinal);
        Assert.Contains("Examples:", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_command_runs_as_a_process()
    {
        Samples.WriteMixedNpz(_dir["m.npz"], compressed: true);
        NpyFile.Save(_dir["a.npy"], Samples.Floats());

        CliResult ls = Tool.RunProcess(null, _dir.Path, "ls", "m.npz", "--json");
        Assert.Equal(0, ls.ExitCode);
        Assert.Contains("\"dtype\": \"<f8\"", ls.Out, StringComparison.Ordinal);

        CliResult show = Tool.RunProcess(null, _dir.Path, "show", "a.npy");
        Assert.Equal(0, show.ExitCode);
        Assert.Contains("array([[0.        , 0.33333333", show.Out, StringComparison.Ordinal);

        Assert.Equal(0, Tool.RunProcess(null, _dir.Path, "convert", "m.npz", "c.npz", "--store").ExitCode);
        Assert.Equal(0, Tool.RunProcess(null, _dir.Path, "pack", "p.npz", "a.npy", "b=a.npy").ExitCode);
        Assert.Equal(0, Tool.RunProcess(null, _dir.Path, "unpack", "p.npz", "-o", "out").ExitCode);
        Assert.True(File.Exists(_dir["out/b.npy"]));

        CliResult verify = Tool.RunProcess(null, _dir.Path, "verify", "m.npz", "c.npz", "p.npz", "out/a.npy");
        Assert.Equal(0, verify.ExitCode);
        Assert.Equal(4, verify.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        Assert.Equal(0, Tool.RunProcess(null, _dir.Path, "diff", "m.npz", "c.npz").ExitCode);
        CliResult diff = Tool.RunProcess(null, _dir.Path, "diff", "m.npz", "p.npz");
        Assert.Equal(1, diff.ExitCode);
        Assert.Empty(diff.Err);
    }

    [Fact]
    public void Pipes_work_both_ways()
    {
        string npy = NpyFile.Save(_dir["a.npy"], Samples.Floats());
        CliResult converted = Tool.RunProcess(File.ReadAllBytes(npy), _dir.Path, "convert", "-", "-", "--compress");
        Assert.Equal(0, converted.ExitCode);
        CliResult listed = Tool.RunProcess(converted.StdoutBytes, _dir.Path, "ls", "-");
        Assert.Equal(0, listed.ExitCode);
        Assert.Contains("arr_0", listed.Out, StringComparison.Ordinal);
        Assert.Contains("deflate", listed.Out, StringComparison.Ordinal);
        Assert.Empty(listed.Err);
    }

    [Theory]
    [InlineData("N4-huge-header-length.npy")]
    [InlineData("N5-deep-nesting.npy")]
    [InlineData("N12-declares-800GB.npy")]
    [InlineData("N15-object.npy")]
    [InlineData("Z7-duplicate-names.npz")]
    [InlineData("Z9-crc-mismatch.npz")]
    public void Hostile_files_exit_3_with_one_line_and_no_trace(string name)
    {
        _dir.Write(name, HostileInputs.Get(name));
        foreach (string command in HostileInputs.ListedByLs(name) ? new[] { "show" } : new[] { "ls", "show" })
        {
            CliResult result = Tool.RunProcess(null, _dir.Path, command, name);
            Expect.Failure(result, 3, name);
        }

        Assert.Equal(1, Tool.RunProcess(null, _dir.Path, "verify", name).ExitCode);
    }

    [Fact]
    public void Usage_and_io_errors_have_their_codes()
    {
        Assert.Equal(2, Tool.RunProcess(null, _dir.Path, "ls").ExitCode);
        Expect.Failure(Tool.RunProcess(null, _dir.Path, "ls", "absent.npy"), 4, "absent.npy");
    }
}

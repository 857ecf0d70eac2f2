using Npy.Cli.Tests.Helpers;

namespace Npy.Cli.Tests.Commands;

/// <summary>Exit codes and the one-line error contract, for every command.</summary>
public sealed class ErrorHandlingTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [MemberData(nameof(HostileInputs.Names), MemberType = typeof(HostileInputs))]
    public void Hostile_files_give_exit_3_and_one_line_naming_the_file(string name)
    {
        string path = _dir.Write(name, HostileInputs.Get(name));
        if (!HostileInputs.ListedByLs(name))
        {
            Expect.Failure(Tool.Run("ls", path), 3, name);
        }

        Expect.Failure(Tool.Run("show", path), 3, name);
        Expect.Failure(Tool.Run("convert", path, _dir["out.npz"]), 3, name);
        Expect.Failure(Tool.Run("diff", path, path), 3, name);
        Assert.False(File.Exists(_dir["out.npz"]));
        Assert.Equal([name], _dir.Files());
    }

    [Theory]
    [MemberData(nameof(HostileInputs.Names), MemberType = typeof(HostileInputs))]
    public void Hostile_files_through_standard_input_give_exit_3(string name)
    {
        Expect.Failure(Tool.RunWithInput(HostileInputs.Get(name), "show", "-"), 3, "-");
    }

    [Fact]
    public void Standard_input_is_spooled_only_up_to_the_total_bytes_limit()
    {
        byte[] input = File.ReadAllBytes(Samples.WriteMixedNpz(_dir["m.npz"], compressed: false));
        CliResult refused = Tool.RunWithInput(input, "ls", "-", "--max-total-bytes", "1000");
        Expect.Failure(refused, 3, "-");
        Assert.Contains("--max-total-bytes", refused.Err, StringComparison.Ordinal);
        Expect.Success(Tool.RunWithInput(input, "ls", "-", "--max-total-bytes", "1000000"));
    }

    [Fact]
    public void Verbose_adds_the_stack_trace()
    {
        string path = _dir.Write("bad.npy", HostileInputs.Get("N8-negative-dim.npy"));
        CliResult result = Tool.Run("ls", path, "--verbose");
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("   at ", result.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData]
    [InlineData("nosuchcommand")]
    [InlineData("ls")]
    [InlineData("ls", "a", "b")]
    [InlineData("show", "x.npy", "--limit", "many")]
    [InlineData("diff", "a.npy")]
    [InlineData("ls", "x.npy", "--max-array-bytes", "0")]
    [InlineData("ls", "x.npy", "--no-such-option")]
    public void Usage_errors_exit_2_with_one_line(params string[] args)
    {
        CliResult result = Tool.Run(args);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Single(result.ErrLines);
        Assert.DoesNotContain("   at ", result.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ls")]
    [InlineData("show")]
    [InlineData("convert")]
    [InlineData("pack")]
    [InlineData("unpack")]
    [InlineData("verify")]
    [InlineData("diff")]
    public void Every_command_has_help_with_an_example(string command)
    {
        CliResult result = Tool.Run(command, "--help");
        Expect.Success(result);
        Assert.Contains("Usage:", result.Out, StringComparison.Ordinal);
        Assert.Contains("Examples:\n  npy " + command + " ", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Limit_errors_name_a_flag_that_raises_the_limit()
    {
        var array = NpyArray.FromArray(new double[1000]);
        string npy = NpyFile.Save(_dir["a.npy"], array);
        CliResult refused = Tool.Run("ls", npy, "--max-array-bytes", "100");
        Expect.Failure(refused, 3, "a.npy");
        Assert.Contains("--max-array-bytes", refused.Err, StringComparison.Ordinal);
        Expect.Success(Tool.Run("ls", npy, "--max-array-bytes", "8000"));
    }

    [Fact]
    public void Header_limit_flag_is_honoured()
    {
        string npy = NpyFile.Save(_dir["a.npy"], Samples.Floats());
        CliResult refused = Tool.Run("ls", npy, "--max-header-bytes", "10");
        Expect.Failure(refused, 3, "a.npy");
        Assert.Contains("--max-header-bytes", refused.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Member_limit_flag_is_honoured()
    {
        string npz = Samples.WriteMixedNpz(_dir["m.npz"], compressed: false);
        CliResult refused = Tool.Run("ls", npz, "--max-members", "2");
        Expect.Failure(refused, 3, "m.npz");
        Assert.Contains("--max-members", refused.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--max-header-bytes", "20000")]
    [InlineData("--max-nesting-depth", "8")]
    [InlineData("--max-dims", "8")]
    [InlineData("--max-dimensions", "8")]
    [InlineData("--max-item-size", "100")]
    [InlineData("--max-array-bytes", "100000")]
    [InlineData("--max-total-bytes", "100000")]
    [InlineData("--max-members", "10")]
    [InlineData("--max-central-directory-bytes", "100000")]
    [InlineData("--max-name-length", "100")]
    [InlineData("--trusted", null)]
    public void Every_limit_flag_is_accepted_by_every_command(string flag, string? value)
    {
        string npz = Samples.WriteMixedNpz(_dir["m.npz"], compressed: true);
        string[] extra = value is null ? [flag] : [flag, value];
        Expect.Success(Tool.Run(["ls", npz, .. extra]));
        Expect.Success(Tool.Run(["verify", npz, .. extra]));
        Expect.Success(Tool.Run(["diff", npz, npz, .. extra]));
    }

    [Fact]
    public void The_flags_the_library_quotes_are_the_ones_the_tool_accepts()
    {
        // Every flag a limit message can advise must parse; the library's messages use these exact strings.
        string[] flags = ["--max-header-bytes", "--max-dims", "--max-item-size", "--max-array-bytes", "--max-total-bytes", "--max-members", "--max-central-directory-bytes", "--max-name-length"];
        string npy = NpyFile.Save(_dir["a.npy"], Samples.Floats());
        foreach (string flag in flags)
        {
            Expect.Success(Tool.Run("ls", npy, flag, "100000"));
        }
    }
}

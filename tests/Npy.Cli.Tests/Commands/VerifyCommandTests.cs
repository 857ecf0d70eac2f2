using Npy.Cli.Tests.Helpers;

namespace Npy.Cli.Tests.Commands;

public sealed class VerifyCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Sound_files_are_ok()
    {
        string npz = Samples.WriteMixedNpz(_dir["m.npz"], compressed: true);
        string npy = NpyFile.Save(_dir["a.npy"], Samples.Floats());
        CliResult result = Tool.Run("verify", npz, npy);
        Expect.Success(result);
        Assert.Equal($"{npz}: OK (6 arrays, 1 other member)\n{npy}: OK (1 array)\n", result.Out);
    }

    [Fact]
    public void A_corrupt_member_fails_verification_with_exit_1_and_the_others_are_still_checked()
    {
        string bad = _dir.Write("bad.npz", HostileInputs.Get("Z9-crc-mismatch.npz"));
        string good = NpyFile.Save(_dir["a.npy"], Samples.Floats());
        CliResult result = Tool.Run("verify", bad, good);
        Assert.Equal(1, result.ExitCode);
        string[] lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"{bad}: FAILED: ", lines[0], StringComparison.Ordinal);
        Assert.Contains("a.npy", lines[0], StringComparison.Ordinal);
        Assert.Equal($"{good}: OK (1 array)", lines[1]);
        Assert.Empty(result.Err);
    }

    [Theory]
    [MemberData(nameof(HostileInputs.Names), MemberType = typeof(HostileInputs))]
    public void Every_hostile_file_fails_verification(string name)
    {
        string path = _dir.Write(name, HostileInputs.Get(name));
        CliResult result = Tool.Run("verify", path);
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith($"{path}: FAILED: ", result.Out, StringComparison.Ordinal);
        Assert.Single(result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Trailing_bytes_after_a_npy_array_are_reported_but_sound()
    {
        string path = _dir.Write("t.npy", [.. Samples.SmallNpy(), 1, 2, 3]);
        CliResult result = Tool.Run("verify", path);
        Expect.Success(result);
        Assert.Contains("3 trailing bytes", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_an_io_error()
    {
        string good = NpyFile.Save(_dir["a.npy"], Samples.Floats());
        CliResult result = Tool.Run("verify", _dir["absent.npz"], good);
        Assert.Equal(4, result.ExitCode);
        Assert.Single(result.ErrLines);
        Assert.Contains("absent.npz", result.Err, StringComparison.Ordinal);
        Assert.Contains($"{good}: OK", result.Out, StringComparison.Ordinal);
    }
}

namespace Npy.Cli.Tests.Helpers;

/// <summary>Assertions shared by the command tests.</summary>
public static class Expect
{
    /// <summary>Asserts a failure: the exit code, one line on standard error that names the file, and no stack trace.</summary>
    public static void Failure(CliResult result, int exitCode, string? file = null)
    {
        Assert.True(result.ExitCode == exitCode, $"expected exit {exitCode}\n{result}");
        Assert.True(result.ErrLines.Length == 1, $"expected one line on stderr\n{result}");
        Assert.StartsWith("npy: ", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", result.Err, StringComparison.Ordinal);
        if (file is not null)
        {
            Assert.Contains(file, result.Err, StringComparison.Ordinal);
        }
    }

    /// <summary>Asserts success with nothing on standard error.</summary>
    public static void Success(CliResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(result.Err.Length == 0, result.ToString());
    }
}

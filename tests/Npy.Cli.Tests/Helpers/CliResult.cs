namespace Npy.Cli.Tests.Helpers;

/// <summary>What one run of the tool produced.</summary>
public sealed record CliResult(int ExitCode, string Out, string Err, byte[] StdoutBytes)
{
    /// <summary>Gets the lines written to standard error.</summary>
    public string[] ErrLines => Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Err}";
}

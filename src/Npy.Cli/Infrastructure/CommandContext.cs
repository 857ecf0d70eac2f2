namespace Npy.Cli.Infrastructure;

/// <summary>What a command needs from the command line and the process: the console, the input limits.</summary>
internal sealed class CommandContext(CliConsole console, NpyLimits limits)
{
    public CliConsole Console { get; } = console;

    public NpyLimits Limits { get; } = limits;

    /// <summary>Opens an input file (or standard input for <c>-</c>), attributing failures to it.</summary>
    public InputFile Open(string path) => FileFailureException.Attribute(path, () => InputFile.Open(path, Limits, Console));
}

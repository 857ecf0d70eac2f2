namespace Npy.Cli.Infrastructure;

/// <summary>The streams a command talks to: text out and error, binary standard input and output.</summary>
/// <remarks>Tests substitute writers and streams to run commands in-process; the tool uses <see cref="FromSystem"/>.</remarks>
internal sealed class CliConsole
{
    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    public required Func<Stream> OpenStandardInput { get; init; }

    public required Func<Stream> OpenStandardOutput { get; init; }

    /// <summary>Gets whether standard output is a terminal (tables get borders and the terminal's width).</summary>
    public bool IsOutputTerminal { get; init; }

    /// <summary>Gets whether standard error is a terminal; progress bars are drawn only then.</summary>
    public bool IsErrorTerminal { get; init; }

    public static CliConsole FromSystem() => new()
    {
        Out = Console.Out,
        Error = Console.Error,
        OpenStandardInput = Console.OpenStandardInput,
        OpenStandardOutput = Console.OpenStandardOutput,
        IsOutputTerminal = !Console.IsOutputRedirected,
        IsErrorTerminal = !Console.IsErrorRedirected,
    };
}

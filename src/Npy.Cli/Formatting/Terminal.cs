using Npy.Cli.Infrastructure;
using Spectre.Console;

namespace Npy.Cli.Formatting;

/// <summary>Creates Spectre consoles over the tool's writers: plain text when the output is not a terminal.</summary>
internal static class Terminal
{
    /// <summary>Width used when the output is a file or a pipe, wide enough that tables are not wrapped.</summary>
    private const int PipeWidth = 200;

    public static IAnsiConsole ForOutput(CliConsole console)
    {
        IAnsiConsole output = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(console.Out),
            Ansi = console.IsOutputTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = console.IsOutputTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!console.IsOutputTerminal)
        {
            output.Profile.Width = PipeWidth;
        }

        return output;
    }
}

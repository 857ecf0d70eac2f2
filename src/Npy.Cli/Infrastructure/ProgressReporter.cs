using Spectre.Console;

namespace Npy.Cli.Infrastructure;

/// <summary>Shows a progress bar on standard error for long work, and nothing when standard error is not a terminal.</summary>
internal static class ProgressReporter
{
    /// <summary>Work below this many bytes usually takes under a second, so it gets no bar.</summary>
    public const long Threshold = 256L << 20;

    /// <summary>Runs work that reports the bytes it has done; draws a bar when it is large and standard error is a terminal.</summary>
    public static void Run(CliConsole console, string description, long totalBytes, Action<Action<long>> work)
    {
        if (!console.IsErrorTerminal || totalBytes < Threshold)
        {
            work(static _ => { });
            return;
        }

        IAnsiConsole terminal = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(console.Error),
        });
        new Progress(terminal) { AutoClear = true, HideCompleted = true }.Start(context =>
        {
            ProgressTask task = context.AddTask(Markup.Escape(description), autoStart: true, maxValue: totalBytes);
            work(bytes => task.Increment(bytes));
        });
    }
}

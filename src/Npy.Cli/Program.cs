namespace Npy.Cli;

/// <summary>The entry point of the <c>npy</c> tool.</summary>
internal static class Program
{
    private static int Main(string[] args) => Infrastructure.CliApp.RunWithSystemConsole(args);
}

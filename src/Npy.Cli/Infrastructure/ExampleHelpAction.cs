using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Npy.Cli.Infrastructure;

/// <summary>Prints the standard help, then the command's examples, so every <c>--help</c> ends with something to copy.</summary>
internal sealed class ExampleHelpAction(HelpAction standard, IReadOnlyDictionary<Command, string> examples) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        int code = standard.Invoke(parseResult);
        if (examples.TryGetValue(parseResult.CommandResult.Command, out string? example))
        {
            TextWriter output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Examples:");
            foreach (string line in example.Split('\n'))
            {
                output.WriteLine("  " + line);
            }

            output.WriteLine();
        }

        return code;
    }
}

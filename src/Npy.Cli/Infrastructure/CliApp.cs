using System.CommandLine;
using System.CommandLine.Help;
using Npy.Cli.Commands;

namespace Npy.Cli.Infrastructure;

/// <summary>The <c>npy</c> command line: builds the commands, runs one, and turns every failure into an exit code and one line on standard error.</summary>
internal sealed class CliApp
{
    private readonly CliConsole _console;
    private readonly CliLimits _limits = new();
    private readonly Dictionary<Command, string> _examples = [];
    private readonly Option<bool> _verbose = new("--verbose", "-v")
    {
        Description = "On failure, print the full error with its stack trace.",
        Recursive = true,
    };

    public CliApp(CliConsole console)
    {
        _console = console;
    }

    /// <summary>Runs the tool with the process's console.</summary>
    public static int RunWithSystemConsole(string[] args)
    {
        // Ctrl+C ends the process as usual, but first removes the temporary file of a write in progress.
        Console.CancelKeyPress += (_, _) => AtomicOutput.DeletePendingTemporaryFiles();
        return new CliApp(CliConsole.FromSystem()).Run(args);
    }

    /// <summary>Parses and runs a command line.</summary>
    /// <returns>The exit code.</returns>
    public int Run(string[] args)
    {
        RootCommand root = BuildRoot();
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is not (HelpAction or ExampleHelpAction))
        {
            string command = parse.CommandResult.Command is RootCommand ? "npy" : "npy " + parse.CommandResult.Command.Name;
            _console.Error.WriteLine($"npy: {ErrorClassifier.OneLine(parse.Errors[0].Message)} (see '{command} --help')");
            return ExitCodes.Usage;
        }

        var configuration = new InvocationConfiguration
        {
            Output = _console.Out,
            Error = _console.Error,
            EnableDefaultExceptionHandler = false,
        };
        int code = parse.Invoke(configuration);
        _console.Out.Flush();
        return code;
    }

    /// <summary>Runs a command body, mapping failures to an exit code and one line on standard error.</summary>
    public int Execute(ParseResult parse, Func<CommandContext, int> body)
    {
        try
        {
            var context = new CommandContext(_console, _limits.Resolve(parse));
            return body(context);
        }
#pragma warning disable CA1031 // The tool's last line of defence: every failure becomes an exit code, never a crash.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _console.Out.Flush();
            var (code, message) = ErrorClassifier.Classify(e);
            _console.Error.WriteLine("npy: " + message);
            if (parse.GetValue(_verbose))
            {
                _console.Error.WriteLine(e.ToString());
            }

            return code;
        }
    }

    /// <summary>Registers the examples printed at the end of a command's <c>--help</c> (one per line).</summary>
    public void AddExample(Command command, string examples) => _examples[command] = examples;

    private RootCommand BuildRoot()
    {
        var root = new RootCommand(
            "Inspect, convert and check NumPy .npy and .npz files.\n"
            + "Exit codes: 0 ok, 1 difference or verification failure, 2 usage error, 3 invalid or unsupported input, 4 I/O error.");
        root.Options.Add(_verbose);
        foreach (Option option in _limits.Options)
        {
            root.Options.Add(option);
        }

        root.Subcommands.Add(LsCommand.Create(this));
        root.Subcommands.Add(ShowCommand.Create(this));
        root.Subcommands.Add(ConvertCommand.Create(this));
        root.Subcommands.Add(PackCommand.Create(this));
        root.Subcommands.Add(UnpackCommand.Create(this));
        root.Subcommands.Add(VerifyCommand.Create(this));
        root.Subcommands.Add(DiffCommand.Create(this));
        AddExample(root, "npy ls data.npz\nnpy show data.npz weights\nnpy verify data.npz");
        foreach (Option option in root.Options)
        {
            if (option is HelpOption { Action: HelpAction standard } help)
            {
                help.Action = new ExampleHelpAction(standard, _examples);
            }
        }

        return root;
    }
}

using System.CommandLine;
using System.Globalization;
using Npy.Cli.Formatting;
using Npy.Cli.Infrastructure;

namespace Npy.Cli.Commands;

/// <summary><c>npy show FILE [MEMBER] [--limit N]</c>: prints values as NumPy's repr does, with dtype and shape.</summary>
internal static class ShowCommand
{
    public static Command Create(CliApp app)
    {
        var file = new Argument<string>("FILE") { Description = "A .npy or .npz file, or - for standard input." };
        var member = new Argument<string?>("MEMBER") { Description = "The array to show (default: all arrays).", Arity = ArgumentArity.ZeroOrOne };
        var limit = new Option<long>("--limit")
        {
            Description = "Summarise arrays with more elements than this, keeping 3 at each end of each axis (NumPy's threshold).",
            DefaultValueFactory = _ => 1000,
            HelpName = "N",
        };
        var command = new Command(
            "show",
            "Print the values of arrays the way NumPy's repr does (large arrays summarised with ...).")
        {
            file,
            member,
            limit,
        };
        app.AddExample(command, "npy show data.npz\nnpy show data.npz weights --limit 100");
        command.SetAction(parse => app.Execute(parse, context => Run(context, parse.GetValue(file)!, parse.GetValue(member), parse.GetValue(limit))));
        return command;
    }

    public static int Run(CommandContext context, string path, string? memberName, long limit)
    {
        if (limit < 0)
        {
            throw new UsageException("--limit must be 0 or more.");
        }

        TextWriter output = context.Console.Out;
        FileFailureException.Attribute(path, () =>
        {
            using InputFile input = context.Open(path);
            IEnumerable<InputMember> members = input.Members;
            if (memberName is not null)
            {
                InputMember found = input.Members.FirstOrDefault(m => m.MemberName == memberName)
                    ?? input.Members.FirstOrDefault(m => m.Name == memberName)
                    ?? throw new UsageException($"there is no member '{memberName}'; members: {string.Join(", ", input.Members.Select(m => m.Name))}.");
                members = [found];
            }

            bool first = true;
            foreach (InputMember member in members)
            {
                if (!first)
                {
                    output.WriteLine();
                }

                first = false;
                if (!input.IsArray(member))
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{member.MemberName}: not an array ({member.Size} bytes)"));
                    continue;
                }

                NpyArray array = input.ReadArray(member);
                output.WriteLine(Describe(member.Name, array));
                output.WriteLine(ArrayRepr.Format(array, limit));
            }
        });
        return ExitCodes.Ok;
    }

    /// <summary>The line above the values: name, dtype, shape and order, and the fields of a structured dtype.</summary>
    public static string Describe(string name, NpyArray array)
    {
        string text = $"{name}: dtype {array.DType}, shape {ArrayRepr.ShapeText(array.Shape)}, order {(array.FortranOrder ? "F" : "C")}";
        if (array.DType.Fields.Count > 0)
        {
            text += ", fields " + string.Join(", ", array.DType.Fields.Select(f => f.Name));
        }

        return text;
    }
}

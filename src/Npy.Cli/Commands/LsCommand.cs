using System.CommandLine;
using Npy.Cli.Formatting;
using Npy.Cli.Infrastructure;

namespace Npy.Cli.Commands;

/// <summary><c>npy ls FILE [--json]</c>: one row per member with its dtype, shape, order, sizes and compression.</summary>
internal static class LsCommand
{
    public static Command Create(CliApp app)
    {
        var file = new Argument<string>("FILE") { Description = "A .npy or .npz file, or - for standard input." };
        var json = new Option<bool>("--json") { Description = "Print one JSON document instead of a table." };
        var command = new Command(
            "ls",
            "List the arrays of a .npy or .npz file: name, dtype, shape, order, size, stored size, method, ratio.")
        {
            file,
            json,
        };
        app.AddExample(command, "npy ls weights.npz\nnpy ls weights.npz --json\ncat weights.npz | npy ls -");
        command.SetAction(parse => app.Execute(parse, context => Run(context, parse.GetValue(file)!, parse.GetValue(json))));
        return command;
    }

    public static int Run(CommandContext context, string path, bool json)
    {
        IReadOnlyList<ListingRow> rows = FileFailureException.Attribute(path, () =>
        {
            using InputFile input = context.Open(path);
            return List(input);
        });
        if (json)
        {
            ListingFormatter.WriteJson(context.Console, path, rows);
        }
        else
        {
            ListingFormatter.WriteTable(context.Console, rows);
        }

        return ExitCodes.Ok;
    }

    /// <summary>Reads each member's header (only the header: nothing large is decompressed).</summary>
    public static IReadOnlyList<ListingRow> List(InputFile input)
    {
        var rows = new List<ListingRow>(input.Members.Count);
        foreach (InputMember member in input.Members)
        {
            if (input.IsArray(member))
            {
                NpyHeader header = input.ReadHeaderForListing(member);
                rows.Add(new ListingRow(member.Name, header.DType.ToString(), header.Shape, header.FortranOrder, header.DataLength, member.CompressedSize, member.Size, member.Method));
            }
            else
            {
                rows.Add(new ListingRow(member.MemberName, null, null, null, member.Size, member.CompressedSize, member.Size, member.Method));
            }
        }

        return rows;
    }
}

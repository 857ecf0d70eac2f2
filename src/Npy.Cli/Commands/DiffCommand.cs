using System.CommandLine;
using Npy.Cli.Formatting;
using Npy.Cli.Infrastructure;

namespace Npy.Cli.Commands;

/// <summary><c>npy diff A B [--rtol R] [--atol A]</c>: compares names, dtypes, shapes and values member by member.</summary>
internal static class DiffCommand
{
    public static Command Create(CliApp app)
    {
        var a = new Argument<string>("A") { Description = "A .npy or .npz file (- for standard input)." };
        var b = new Argument<string>("B") { Description = "A .npy or .npz file." };
        var rtol = new Option<double>("--rtol") { Description = "Relative tolerance for float and complex values: |a - b| <= atol + rtol * |b| (default 0: exact).", HelpName = "R" };
        var atol = new Option<double>("--atol") { Description = "Absolute tolerance for float and complex values (default 0: exact).", HelpName = "A" };
        var command = new Command(
            "diff",
            "Compare two .npy/.npz files member by member: names, dtypes, shapes and values. NaN equals NaN; floats and complex "
            + "values compare within the tolerances, everything else exactly. Exits 0 when equal, 1 when different.")
        {
            a,
            b,
            rtol,
            atol,
        };
        app.AddExample(command, "npy diff before.npz after.npz\nnpy diff before.npz after.npz --rtol 1e-6 --atol 1e-9");
        command.SetAction(parse => app.Execute(parse, context => Run(context, parse.GetValue(a)!, parse.GetValue(b)!, parse.GetValue(rtol), parse.GetValue(atol))));
        return command;
    }

    public static int Run(CommandContext context, string pathA, string pathB, double rtol, double atol)
    {
        if (!(rtol >= 0) || !(atol >= 0) || double.IsInfinity(rtol) || double.IsInfinity(atol))
        {
            throw new UsageException("--rtol and --atol must be finite numbers of 0 or more.");
        }

        if (pathA == "-" && pathB == "-")
        {
            throw new UsageException("standard input (-) can be read only once.");
        }

        using InputFile a = context.Open(pathA);
        using InputFile b = context.Open(pathB);
        var differences = new List<string>();
        var tolerance = new ArrayComparer(rtol, atol);
        if (!a.IsArchive && !b.IsArchive)
        {
            // Two .npy files: one array each, whatever the file names.
            Compare(a, a.Members[0], pathA, b, b.Members[0], pathB, tolerance, differences, label: null);
        }
        else
        {
            var inB = b.Members.ToDictionary(m => m.MemberName, StringComparer.Ordinal);
            var inA = a.Members.ToDictionary(m => m.MemberName, StringComparer.Ordinal);
            foreach (InputMember ma in a.Members)
            {
                if (inB.TryGetValue(ma.MemberName, out InputMember? mb))
                {
                    Compare(a, ma, pathA, b, mb, pathB, tolerance, differences, ma.Name);
                }
                else
                {
                    differences.Add($"{ma.Name}: only in {pathA}");
                }
            }

            foreach (InputMember mb in b.Members.Where(m => !inA.ContainsKey(m.MemberName)))
            {
                differences.Add($"{mb.Name}: only in {pathB}");
            }
        }

        foreach (string line in differences)
        {
            context.Console.Out.WriteLine(line);
        }

        return differences.Count == 0 ? ExitCodes.Ok : ExitCodes.Different;
    }

    private static void Compare(InputFile a, InputMember ma, string pathA, InputFile b, InputMember mb, string pathB, ArrayComparer comparer, List<string> differences, string? label)
    {
        string prefix = label is null ? string.Empty : label + ": ";
        bool arrayA = FileFailureException.Attribute(pathA, () => a.IsArray(ma));
        bool arrayB = FileFailureException.Attribute(pathB, () => b.IsArray(mb));
        if (!arrayA || !arrayB)
        {
            if (arrayA != arrayB)
            {
                differences.Add($"{prefix}an array in {(arrayA ? pathA : pathB)} but not in {(arrayA ? pathB : pathA)}");
            }
            else if (!FileFailureException.Attribute(pathA, () => a.ReadBytes(ma)).AsSpan().SequenceEqual(FileFailureException.Attribute(pathB, () => b.ReadBytes(mb))))
            {
                differences.Add($"{prefix}contents differ");
            }

            return;
        }

        NpyHeader ha = FileFailureException.Attribute(pathA, () => a.ReadHeader(ma));
        NpyHeader hb = FileFailureException.Attribute(pathB, () => b.ReadHeader(mb));
        if (!ha.DType.Equals(hb.DType))
        {
            differences.Add($"{prefix}dtype {ha.DType} != {hb.DType}");
            return;
        }

        if (!ha.Shape.SequenceEqual(hb.Shape))
        {
            differences.Add($"{prefix}shape {ArrayRepr.ShapeText(ha.Shape)} != {ArrayRepr.ShapeText(hb.Shape)}");
            return;
        }

        NpyArray va = FileFailureException.Attribute(pathA, () => a.ReadArray(ma));
        NpyArray vb = FileFailureException.Attribute(pathB, () => b.ReadArray(mb));
        if (comparer.Compare(va, vb) is { } report)
        {
            differences.Add(prefix + report);
        }
    }
}

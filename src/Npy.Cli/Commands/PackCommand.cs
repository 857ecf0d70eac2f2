using System.CommandLine;
using Npy.Cli.Infrastructure;

namespace Npy.Cli.Commands;

/// <summary><c>npy pack OUT.npz [NAME=]FILE.npy…</c>: builds an archive from <c>.npy</c> files.</summary>
internal static class PackCommand
{
    public static Command Create(CliApp app)
    {
        var output = new Argument<string>("OUT.npz") { Description = "The archive to write, or - for standard output." };
        var inputs = new Argument<string[]>("[NAME=]FILE.npy") { Description = "Arrays to add; the name defaults to the file name without .npy.", Arity = ArgumentArity.OneOrMore };
        var write = new WriteOptions(withCompress: false);
        var command = new Command(
            "pack",
            "Pack .npy files into a .npz archive, deflated unless --store is given, in the order given.")
        {
            output,
            inputs,
        };
        write.AddTo(command);
        app.AddExample(command, "npy pack model.npz weights.npy bias=b.npy\nnpy pack model.npz *.npy --store");
        command.SetAction(parse => app.Execute(parse, context => Run(context, parse, parse.GetValue(output)!, parse.GetValue(inputs)!, write)));
        return command;
    }

    private static int Run(CommandContext context, ParseResult parse, string outPath, string[] specs, WriteOptions write)
    {
        bool force = parse.GetValue(write.Force);
        NpzWriterOptions options = write.Resolve(parse, compressByDefault: true);
        if (outPath != "-" && !outPath.EndsWith(NpzFile.Extension, StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException($"OUT.npz must end with .npz (or be -), not '{outPath}'.");
        }

        // Every name is settled and every input opened before the output is created.
        var plan = new List<(string Name, string Path)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (string spec in specs)
        {
            var (name, path) = Split(spec);
            if (name.Length == 0 || name.Contains('\0', StringComparison.Ordinal))
            {
                throw new UsageException($"'{spec}' gives an empty or invalid member name.");
            }

            if (!names.Add(name))
            {
                throw new UsageException($"the name '{name}' is given twice.");
            }

            plan.Add((name, path));
        }

        if (plan.Count(p => p.Path == "-") > 1)
        {
            throw new UsageException("standard input (-) can be read only once.");
        }

        AtomicOutput.CheckTarget(outPath, force);
        var opened = new List<(string Name, string Path, InputFile File)>();
        try
        {
            foreach (var (name, path) in plan)
            {
                InputFile file = context.Open(path);
                opened.Add((name, path, file));
                if (file.IsArchive)
                {
                    throw new FileFailureException(path, "is a .npz archive", new UsageException("is a .npz archive, not a .npy file; use 'npy convert' to re-save an archive."));
                }
            }

            long total = opened.Sum(o => o.File.Length);
            FileFailureException.Attribute(outPath, () => AtomicOutput.Write(outPath, force, context.Console, stream =>
            {
                using var writer = new NpzWriter(stream, options, leaveOpen: true);
                ProgressReporter.Run(context.Console, "pack", total, progress =>
                {
                    foreach (var (name, path, file) in opened)
                    {
                        FileFailureException.Attribute(path, () =>
                        {
                            NpyHeader header = file.ReadHeader(file.Members[0]);
                            using Stream target = writer.OpenArray(name, header);
                            file.CopyArrayData(header, target, progress);
                        });
                    }

                    writer.Flush();
                });
            }, options.FlushToDisk));
        }
        finally
        {
            foreach (var (_, _, file) in opened)
            {
                file.Dispose();
            }
        }

        return ExitCodes.Ok;
    }

    /// <summary>Splits <c>NAME=FILE</c>; a token that names an existing file is a file even if it contains <c>=</c>.</summary>
    internal static (string Name, string Path) Split(string spec)
    {
        int eq = spec.IndexOf('=', StringComparison.Ordinal);
        if (eq > 0 && !File.Exists(spec))
        {
            return (spec[..eq], spec[(eq + 1)..]);
        }

        if (spec == "-")
        {
            return ("arr_0", spec);
        }

        string fileName = Path.GetFileName(spec);
        return (fileName.EndsWith(NpyFile.Extension, StringComparison.Ordinal) ? fileName[..^NpyFile.Extension.Length] : fileName, spec);
    }
}

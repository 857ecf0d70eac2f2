using System.CommandLine;
using Npy.Cli.Infrastructure;

namespace Npy.Cli.Commands;

/// <summary><c>npy convert IN OUT</c>: re-saves <c>.npy</c> → <c>.npy</c>, <c>.npy</c> → <c>.npz</c> and <c>.npz</c> → <c>.npz</c>, keeping every member and every array's bytes.</summary>
internal static class ConvertCommand
{
    public static Command Create(CliApp app)
    {
        var input = new Argument<string>("IN") { Description = "A .npy or .npz file, or - for standard input." };
        var output = new Argument<string>("OUT") { Description = "The file to write, ending in .npy or .npz, or - for standard output." };
        var write = new WriteOptions(withCompress: true);
        var command = new Command(
            "convert",
            "Re-save a file: .npy to .npy, .npy to .npz, or .npz to .npz with other compression. Every member is kept "
            + "with its name and order; arrays keep their exact bytes; members that are not arrays are copied.")
        {
            input,
            output,
        };
        write.AddTo(command);
        app.AddExample(command, "npy convert a.npy a.npz\nnpy convert raw.npz small.npz --compress --level 9\nnpy convert big.npz big-stored.npz --store --force");
        command.SetAction(parse => app.Execute(parse, context => Run(context, parse, parse.GetValue(input)!, parse.GetValue(output)!, write)));
        return command;
    }

    private static int Run(CommandContext context, ParseResult parse, string inPath, string outPath, WriteOptions write)
    {
        bool force = parse.GetValue(write.Force);
        AtomicOutput.CheckTarget(outPath, force);
        using InputFile input = context.Open(inPath);
        bool toArchive = outPath switch
        {
            "-" => input.IsArchive || write.ExplicitCompression(parse),
            _ when outPath.EndsWith(NpzFile.Extension, StringComparison.OrdinalIgnoreCase) => true,
            _ when outPath.EndsWith(NpyFile.Extension, StringComparison.OrdinalIgnoreCase) => false,
            _ => throw new UsageException($"OUT must end with .npy or .npz (or be -), not '{outPath}'."),
        };

        if (!toArchive)
        {
            if (write.ExplicitCompression(parse))
            {
                throw new UsageException("--compress, --store and --level apply to .npz output only.");
            }

            InputMember member = SingleArray(input, inPath);
            NpyHeader header = FileFailureException.Attribute(inPath, () => input.ReadHeader(member));
            FileFailureException.Attribute(outPath, () => AtomicOutput.Write(outPath, force, context.Console, stream =>
            {
                if (input.IsArchive)
                {
                    NpyArray array = FileFailureException.Attribute(inPath, () => input.ReadArray(member));
                    using var writer = new NpyWriter(stream, leaveOpen: true);
                    writer.Write(array);
                }
                else
                {
                    stream.Write(header.Format());
                    ProgressReporter.Run(context.Console, "convert", header.DataLength, progress =>
                        FileFailureException.Attribute(inPath, () => input.CopyArrayData(header, stream, progress)));
                }
            }, !parse.GetValue(write.NoFlush)));
            return ExitCodes.Ok;
        }

        bool anyDeflated = input.Members.Any(m => m.Method == "deflate");
        NpzWriterOptions options = write.Resolve(parse, compressByDefault: anyDeflated);
        long total = input.Members.Sum(m => m.Size);
        FileFailureException.Attribute(outPath, () => AtomicOutput.Write(outPath, force, context.Console, stream =>
        {
            using var writer = new NpzWriter(stream, options, leaveOpen: true);
            ProgressReporter.Run(context.Console, "convert", total, progress =>
            {
                foreach (InputMember member in input.Members)
                {
                    FileFailureException.Attribute(inPath, () => MemberCopier.Copy(input, member, writer, progress));
                }

                writer.Flush();
            });
        }, options.FlushToDisk));
        return ExitCodes.Ok;
    }

    private static InputMember SingleArray(InputFile input, string path)
    {
        if (!input.IsArchive)
        {
            return input.Members[0];
        }

        if (input.Members.Count != 1 || !input.IsArray(input.Members[0]))
        {
            throw new UsageException($"'{path}' holds {input.Members.Count} members; only an archive of exactly one array converts to .npy (use 'npy unpack').");
        }

        return input.Members[0];
    }
}

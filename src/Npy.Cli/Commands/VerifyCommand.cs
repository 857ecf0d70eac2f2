using System.CommandLine;
using System.Globalization;
using Npy.Cli.Infrastructure;

namespace Npy.Cli.Commands;

/// <summary><c>npy verify FILE…</c>: reads every member fully, checking headers, sizes, dtypes and CRCs.</summary>
internal static class VerifyCommand
{
    public static Command Create(CliApp app)
    {
        var files = new Argument<string[]>("FILE") { Description = ".npy or .npz files (- for standard input).", Arity = ArgumentArity.OneOrMore };
        var command = new Command(
            "verify",
            "Check files completely: every header, dtype, size and CRC-32, by reading every member. Prints OK or the problem "
            + "for each file; exits 0 only if all are sound (1 if any is not, 4 if a file cannot be read).")
        {
            files,
        };
        app.AddExample(command, "npy verify data.npz\nnpy verify *.npz *.npy");
        command.SetAction(parse => app.Execute(parse, context => Run(context, parse.GetValue(files)!)));
        return command;
    }

    public static int Run(CommandContext context, IReadOnlyList<string> paths)
    {
        int code = ExitCodes.Ok;
        foreach (string path in paths)
        {
            try
            {
                string summary = Check(context, path);
                context.Console.Out.WriteLine($"{path}: OK ({summary})");
            }
            catch (Exception e)
            {
                Exception cause = e is FileFailureException failure ? failure.InnerException ?? failure : e;
                int kind = ErrorClassifier.CodeOf(cause);
                string message = ErrorClassifier.OneLine(cause.Message);
                if (kind == ExitCodes.InvalidInput)
                {
                    // A file that is not sound is this command's finding, not its failure: report it and go on.
                    context.Console.Out.WriteLine($"{path}: FAILED: {message}");
                    code = Math.Max(code, ExitCodes.Different);
                }
                else if (kind == ExitCodes.IoError)
                {
                    context.Console.Error.WriteLine($"npy: {path}: {message}");
                    code = ExitCodes.IoError;
                }
                else
                {
                    throw;
                }
            }
        }

        return code;
    }

    private static string Check(CommandContext context, string path)
    {
        return FileFailureException.Attribute(path, () =>
        {
            using InputFile input = context.Open(path);
            int arrays = 0, others = 0;
            long total = input.Members.Sum(m => m.Size);
            ProgressReporter.Run(context.Console, "verify " + path, total, progress =>
            {
                foreach (InputMember member in input.Members)
                {
                    // Headers are parsed and checked; the data is streamed, not held, so the CRC and sizes are verified
                    // at a memory cost independent of the array's size.
                    if (input.IsArray(member))
                    {
                        NpyHeader header = input.ReadHeader(member);
                        if (input.IsArchive)
                        {
                            Drain(input.OpenRaw(member), progress);
                        }
                        else
                        {
                            input.CopyArrayData(header, Stream.Null, progress);
                        }

                        arrays++;
                    }
                    else
                    {
                        Drain(input.OpenRaw(member), progress);
                        others++;
                    }
                }
            });

            string text = input.IsArchive
                ? string.Create(CultureInfo.InvariantCulture, $"{arrays} array{(arrays == 1 ? string.Empty : "s")}{(others > 0 ? $", {others} other member{(others == 1 ? string.Empty : "s")}" : string.Empty)}")
                : "1 array";
            if (!input.IsArchive && input.TrailingBytes > 0)
            {
                text += string.Create(CultureInfo.InvariantCulture, $", {input.TrailingBytes} trailing bytes ignored as NumPy does");
            }

            return text;
        });
    }

    private static void Drain(Stream member, Action<long> progress)
    {
        using (member)
        {
            byte[] buffer = new byte[1 << 20];
            int n;
            while ((n = member.Read(buffer)) > 0)
            {
                progress(n);
            }
        }
    }
}

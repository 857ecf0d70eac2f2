using System.CommandLine;
using Npy.Cli.Infrastructure;

namespace Npy.Cli.Commands;

/// <summary><c>npy unpack FILE.npz -o DIR</c>: extracts every member, refusing unsafe names before anything is written.</summary>
internal static class UnpackCommand
{
    public static Command Create(CliApp app)
    {
        var input = new Argument<string>("FILE.npz") { Description = "The archive, or - for standard input." };
        var directory = new Option<string>("--output", "-o") { Description = "The directory to extract into (created if missing).", Required = true, HelpName = "DIR" };
        var force = new Option<bool>("--force", "-f") { Description = "Replace existing files (each atomically)." };
        var command = new Command(
            "unpack",
            "Extract every array of a .npz to DIR/<name>.npy (members that are not arrays keep their own name). "
            + "Names that would leave DIR, absolute paths, '..', NUL, device names, drive letters, trailing dots or spaces, "
            + "and names that collide by case are refused before anything is written.")
        {
            input,
            directory,
            force,
        };
        app.AddExample(command, "npy unpack data.npz -o data/\nnpy unpack data.npz -o data/ --force");
        command.SetAction(parse => app.Execute(parse, context => Run(context, parse.GetValue(input)!, parse.GetValue(directory)!, parse.GetValue(force))));
        return command;
    }

    public static int Run(CommandContext context, string path, string outputDirectory, bool force)
    {
        using InputFile input = context.Open(path);
        if (!input.IsArchive)
        {
            // Input that is neither an archive nor a valid .npy file is invalid input (exit 3), not a usage error.
            _ = FileFailureException.Attribute(path, () => input.ReadHeader(input.Members[0]));
            throw new FileFailureException(path, "is not a .npz archive", new UsageException("is a .npy file, not a .npz archive; there is nothing to unpack."));
        }

        // Plan every output first: names, collisions, existing files, symbolic links, free space. Nothing is written until all pass.
        var plan = new List<(InputMember Member, string Relative)>();
        foreach (InputMember member in input.Members)
        {
            bool isArray = FileFailureException.Attribute(path, () => input.IsArray(member));
            CheckMember(context.Limits, input, member, isArray, path);
            string relative = isArray ? member.Name + NpyFile.Extension : member.MemberName;
            if (MemberPathPolicy.Problem(relative) is string problem)
            {
                throw new FileFailureException(path, "unsafe member name", new NpzFormatException($"member '{Printable(member.MemberName)}' has an unsafe name: {problem}. Nothing was written."));
            }

            plan.Add((member, relative));
        }

        if (MemberPathPolicy.FindCollision(plan.Select(p => p.Relative).ToList()) is var (first, second))
        {
            throw new FileFailureException(path, "colliding member names", new NpzFormatException($"members '{Printable(first)}' and '{Printable(second)}' would be the same file on a case-insensitive file system. Nothing was written."));
        }

        string root = Path.GetFullPath(outputDirectory);
        foreach (var (_, relative) in plan)
        {
            string target = Path.Combine(root, relative);
            CheckNoLinks(root, relative);
            if (Directory.Exists(target))
            {
                throw new FileFailureException(target, "is a directory", new UsageException("is a directory. Nothing was written."));
            }

            if (!force && File.Exists(target))
            {
                throw new FileFailureException(target, "already exists", new UsageException("already exists; pass --force to replace it. Nothing was written."));
            }
        }

        long total = plan.Sum(p => p.Member.Size);
        if (total > context.Limits.MaxTotalBytes)
        {
            throw new FileFailureException(path, "too large", new NpyLimitExceededException("archive size", total, context.Limits.MaxTotalBytes, nameof(NpyLimits.MaxTotalBytes), CliLimits.MaxTotalBytesFlag));
        }

        CheckFreeSpace(root, total);

        var created = new List<string>();
        try
        {
            ProgressReporter.Run(context.Console, "unpack", total, progress =>
            {
                foreach (var (member, relative) in plan)
                {
                    string target = Path.Combine(root, relative);
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    bool existed = File.Exists(target);
                    FileFailureException.Attribute($"{path}: {member.MemberName}", () => AtomicOutput.Write(target, force, context.Console, stream =>
                    {
                        using Stream source = input.OpenRaw(member);
                        byte[] buffer = new byte[1 << 20];
                        int n;
                        while ((n = source.Read(buffer)) > 0)
                        {
                            stream.Write(buffer, 0, n);
                            progress(n);
                        }
                    }));
                    if (!existed)
                    {
                        created.Add(target);
                    }
                }
            });
        }
        catch
        {
            // Leave no half-extracted archive behind: remove the files this run created (replaced files stay replaced).
            foreach (string file in created)
            {
                File.Delete(file);
            }

            throw;
        }

        return ExitCodes.Ok;
    }

    /// <summary>
    /// Checks a member before anything is written, under the same limits as reading it: an array's header must parse
    /// within the limits (so a member whose header is broken or declares 40 GB is refused, not copied out), and any
    /// other member must fit <see cref="NpyLimits.MaxArrayBytes"/>, as <see cref="NpzReader.ReadBytes"/> requires.
    /// </summary>
    private static void CheckMember(NpyLimits limits, InputFile input, InputMember member, bool isArray, string path)
    {
        if (isArray)
        {
            _ = FileFailureException.Attribute(path, () => input.ReadHeader(member));
        }
        else if (member.Size > limits.MaxArrayBytes)
        {
            throw new FileFailureException(path, "member too large", new NpyLimitExceededException(
                $"member '{Printable(member.MemberName)}' size", member.Size, limits.MaxArrayBytes, nameof(NpyLimits.MaxArrayBytes), CliLimits.MaxArrayBytesFlag));
        }
    }

    /// <summary>Refuses to write through a symbolic link that already exists under the output directory.</summary>
    private static void CheckNoLinks(string root, string relative)
    {
        string current = root;
        foreach (string segment in relative.Split('/'))
        {
            current = Path.Combine(current, segment);
            var info = new FileInfo(current);
            if (info.Exists || Directory.Exists(current))
            {
                if (info.LinkTarget is not null || new DirectoryInfo(current).LinkTarget is not null)
                {
                    throw new FileFailureException(current, "is a symbolic link", new UsageException("is a symbolic link; extracting through it could write outside the output directory. Nothing was written."));
                }
            }
            else
            {
                return;
            }
        }
    }

    private static void CheckFreeSpace(string root, long total)
    {
        string? existing = root;
        while (existing is not null && !Directory.Exists(existing))
        {
            existing = Path.GetDirectoryName(existing);
        }

        if (existing is null)
        {
            return;
        }

        long free = new DriveInfo(existing).AvailableFreeSpace;
        if (total > free)
        {
            throw new FileFailureException(root, "not enough space", new IOException($"needs {total} bytes but only {free} are free. Nothing was written."));
        }
    }

    private static string Printable(string name) => ErrorClassifier.OneLine(name.Replace("\0", "\\0", StringComparison.Ordinal));
}

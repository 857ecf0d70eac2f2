namespace Npy.HostileRunner;

/// <summary>
/// <c>Npy.HostileRunner &lt;npy|npz|header&gt; &lt;file&gt; [default|trusted|unbounded]</c>: reads the file as told and exits 0 when it
/// loaded or failed with a documented exception, 3 when anything else escaped. A stack overflow, an out-of-memory
/// crash or a hang shows as another exit code or a timeout in the test that started it.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: Npy.HostileRunner <npy|npz|header> <file> [default|trusted|unbounded]");
            return 2;
        }

        NpyLimits limits = (args.Length > 2 ? args[2] : "default") switch
        {
            "trusted" => NpyLimits.Trusted,
            "unbounded" => NpyLimits.Trusted with { MaxNestingDepth = int.MaxValue },
            _ => NpyLimits.Default,
        };
        try
        {
            string outcome = args[0] switch
            {
                "npy" => NpyFile.Load(args[1], limits).ToString(),
                "header" => NpyHeader.Parse(File.ReadAllBytes(args[1]), limits).ToString(),
                "npz" => ReadArchive(args[1], limits),
                _ => throw new ArgumentException($"unknown mode {args[0]}"),
            };
            Console.WriteLine("loaded: " + outcome);
            return 0;
        }
        catch (Exception ex) when (IsDocumented(ex))
        {
            Console.WriteLine($"refused: {ex.GetType().Name}: {ex.Message}");
            return 0;
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"UNDOCUMENTED {ex.GetType().FullName}: {ex.Message}");
            Console.Error.WriteLine(ex.StackTrace);
            return 3;
        }
    }

    private static bool IsDocumented(Exception ex) =>
        ex is NpyInvalidDataException or NotSupportedException or OperationCanceledException;

    private static string ReadArchive(string path, NpyLimits limits)
    {
        using NpzReader archive = NpzFile.Open(path, limits);
        int read = 0;
        int refused = 0;
        foreach (NpzMember member in archive.Members)
        {
            try
            {
                if (archive.IsArray(member.MemberName))
                {
                    _ = archive.Read(member.MemberName);
                }
                else
                {
                    _ = archive.ReadBytes(member.MemberName);
                }

                read++;
            }
            catch (Exception ex) when (IsDocumented(ex))
            {
                Console.WriteLine($"member {member.MemberName} refused: {ex.GetType().Name}: {ex.Message}");
                refused++;
            }
        }

        return $"{archive.Count} members, {read} read, {refused} refused";
    }
}

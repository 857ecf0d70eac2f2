using System.Globalization;

namespace Npy.HostileRunner;

/// <summary>
/// <c>Npy.HostileRunner &lt;npy|npz|header&gt; &lt;file&gt; [default|trusted|unbounded]; or write-npz|write-npy <file> <fill byte> <MiB> [no-flush];
/// or save-compressed <npy> <npz> [full-window]</c>: reads the file as told and exits 0 when it
/// loaded or failed with a documented exception, 3 when anything else escaped. A stack overflow, an out-of-memory
/// crash or a hang shows as another exit code or a timeout in the test that started it.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: Npy.HostileRunner <npy|npz|header> <file> [default|trusted|unbounded]; or write-npz|write-npy <file> <fill byte> <MiB> [no-flush]");
            return 2;
        }

        if (args[0] == "save-compressed")
        {
            // save-compressed <input .npy> <output .npz> [full-window]: the array as member "a" of a compressed archive;
            // full-window sets the switch that keeps zlib-ng's full window, which must be set before the library
            // first deflates.
            if (args.Length > 3 && args[3] == "full-window")
            {
                AppContext.SetSwitch("Npy.DisableNativeDeflater", true);
            }

            NpzFile.SaveCompressed(args[2], new Dictionary<string, NpyArray> { ["a"] = NpyFile.Load(args[1]) });
            return 0;
        }

        if (args[0] is "write-npz" or "write-npy")
        {
            // The W4/W5 writer: write-npz|write-npy <path> <fill byte> <MiB> [no-flush], killed mid-write or traced by
            // the tests. The array is built first, then "writing" tells the test the save has begun, so a kill lands
            // inside the write. An archive holds the array as member "a".
            var array = Filled(byte.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture));
            bool flushToDisk = args.Length < 5 || args[4] != "no-flush";
            Console.Out.WriteLine("writing");
            Console.Out.Flush();
            if (args[0] == "write-npy")
            {
                NpyFile.Save(args[1], array, new NpySaveOptions { FlushToDisk = flushToDisk });
            }
            else
            {
                NpzFile.Write(args[1], new Dictionary<string, NpyArray> { ["a"] = array }, [], NpzWriterOptions.Stored with { FlushToDisk = flushToDisk });
            }

            return 0;
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

    /// <summary>A uint8 array of the given size in MiB, every byte equal to <paramref name="fill"/>.</summary>
    internal static NpyArray Filled(byte fill, int megabytes)
    {
        byte[] data = new byte[megabytes << 20];
        Array.Fill(data, fill);
        return NpyArray.FromArray(data);
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

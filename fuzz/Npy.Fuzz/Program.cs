using SharpFuzz;

namespace Npy.Fuzz;

/// <summary>Entry point: <c>Npy.Fuzz &lt;target&gt;</c> under afl-fuzz, or <c>Npy.Fuzz &lt;target&gt; --replay &lt;files or folders&gt;</c>.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length == 0 || !FuzzTargets.Names.Contains(args[0]))
        {
            Console.Error.WriteLine($"usage: Npy.Fuzz <{string.Join("|", FuzzTargets.Names)}> [--replay <file|dir>...]");
            return 2;
        }

        string target = args[0];
        if (args.Length > 1 && args[1] == "--replay")
        {
            return Replay(target, args.Skip(2));
        }

        if (args.Length > 1 && args[1] == "--libfuzzer")
        {
            Fuzzer.LibFuzzer.Run(span => FuzzTargets.Run(target, span));
            return 0;
        }

        // afl-fuzz persistent mode: the runtime starts once and runs many inputs.
        Fuzzer.Run(stream =>
        {
            var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            FuzzTargets.Run(target, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        });
        return 0;
    }

    private static int Replay(string target, IEnumerable<string> paths)
    {
        int failures = 0;
        int count = 0;
        foreach (string path in paths.SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories) : [p]))
        {
            count++;
            try
            {
                FuzzTargets.Run(target, File.ReadAllBytes(path));
            }
            catch (Exception ex)
            {
                failures++;
                Console.WriteLine($"FAIL {path}: {ex.GetType().FullName}: {ex.Message}");
                Console.WriteLine(ex.StackTrace);
            }
        }

        Console.WriteLine($"{count} inputs, {failures} failures");
        return failures == 0 ? 0 : 1;
    }
}

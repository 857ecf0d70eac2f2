namespace Npy.Tests.Hostile;

/// <summary>
/// Every hostile input of the reliability suite (<see cref="HostileInputs"/>) through the real <c>npy</c> tool, as a
/// process with a 300 MB GC heap limit and a 10 s timeout (issue: "exit 3, one line on stderr, within 10 seconds and
/// 300 MB"). As the README's "Command line" section documents, <c>ls</c>, <c>show</c>, <c>unpack</c> and
/// <c>convert</c> exit 3 for invalid, over-limit or unsupported input with one line on standard error naming the
/// file, while <c>verify</c> reports such a file as its finding: <c>FILE: FAILED: …</c> on standard output and exit 1.
/// </summary>
public class CliHostileInputTests
{
    /// <summary>300 MB, the memory bound.</summary>
    private const string HeapLimit = "0x12C00000";

    public static TheoryData<string> Cases() => HostileInputs.Names();

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_tool_refuses_a_hostile_file_with_exit_3_and_one_line(string name)
    {
        HostileInput input = HostileInputs.All[name];
        string dir = Path.Combine(Path.GetTempPath(), $"npy-cli-hostile-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            string file = Path.Combine(dir, "input." + input.Extension);
            File.WriteAllBytes(file, input.Build());

            // ls reads headers only and show does not decompress a member that is not an array: where the fault lies
            // beyond what they read, they describe the file (exit 0) rather than refuse it.
            AssertRefusedOrDescribed(input.ListedByLs, file, "ls", file);
            AssertRefusedOrDescribed(input.DescribedByShow, file, "show", file);
            AssertRefused(file, "convert", file, Path.Combine(dir, "out.npz"));
            Assert.False(File.Exists(Path.Combine(dir, "out.npz")), "convert left an output behind");
            if (input.Extension == "npz")
            {
                string output = Path.Combine(dir, "out");
                AssertRefused(file, "unpack", file, "-o", output);
                Assert.True(!Directory.Exists(output) || !Directory.EnumerateFileSystemEntries(output).Any(), "unpack left files behind");
            }

            ChildResult verify = Run("verify", file);
            string context = Describe("verify", verify);
            Assert.False(verify.TimedOut, $"timed out\n{context}");
            Assert.True(verify.ExitCode == 1, $"expected exit 1\n{context}");
            Assert.True(verify.Stderr.Length == 0, $"expected nothing on stderr\n{context}");
            Assert.StartsWith($"{file}: FAILED: ", verify.Stdout, StringComparison.Ordinal);
            Assert.Single(verify.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void AssertRefusedOrDescribed(bool described, string file, params string[] args)
    {
        if (!described)
        {
            AssertRefused(file, args);
            return;
        }

        ChildResult result = Run(args);
        string context = Describe(args[0], result);
        Assert.False(result.TimedOut, $"timed out\n{context}");
        Assert.True(result.ExitCode == 0 && result.Stderr.Length == 0, $"expected exit 0 and nothing on stderr\n{context}");
    }

    private static void AssertRefused(string file, params string[] args)
    {
        ChildResult result = Run(args);
        string context = Describe(args[0], result);
        Assert.False(result.TimedOut, $"timed out\n{context}");
        Assert.True(result.ExitCode == 3, $"expected exit 3\n{context}");
        string[] lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1 && lines[0].Trim().Length > 0, $"expected one line on stderr\n{context}");
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(file, lines[0], StringComparison.Ordinal);
    }

    private static ChildResult Run(params string[] args) => ChildProcess.Run(ChildProcess.CliPath, args, HeapLimit);

    private static string Describe(string command, ChildResult result) =>
        $"npy {command}: exit {result.ExitCode}\nstdout: {ChildProcess.Trim(result.Stdout)}\nstderr: {ChildProcess.Trim(result.Stderr)}";
}

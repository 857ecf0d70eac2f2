using System.Diagnostics;

namespace Npy.Tests.Hostile;

/// <summary>
/// Runs a hostile input through tests/Npy.HostileRunner in a child process with a 256 MiB GC heap limit and a 10 s
/// timeout (hostile-input.md §6), so a stack overflow, an out-of-memory crash or a hang fails the test instead of
/// killing the test host.
/// </summary>
internal static class ChildProcess
{
    public const string HeapLimit = "0x10000000";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Writes the input to a temporary file, runs the runner on it and asserts it exited 0 in time.</summary>
    /// <returns>The runner's standard output (what it loaded or why it refused).</returns>
    public static string AssertSurvives(string mode, byte[] input, string limits = "default")
    {
        string path = Path.Combine(Path.GetTempPath(), $"npy-hostile-{Guid.NewGuid():N}.{(mode == "npz" ? "npz" : "npy")}");
        File.WriteAllBytes(path, input);
        try
        {
            return AssertSurvivesFile(mode, path, limits);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static string AssertSurvivesFile(string mode, string path, string limits = "default")
    {
        ChildResult result = Run(RunnerPath, [mode, path, limits], HeapLimit);
        Assert.False(result.TimedOut, $"The runner did not finish within {Timeout.TotalSeconds} s on a hostile {mode} input.");
        Assert.True(
            result.ExitCode == 0,
            $"The runner exited with {result.ExitCode} on a hostile {mode} input.\nstdout: {Trim(result.Stdout)}\nstderr: {Trim(result.Stderr)}");
        return result.Stdout;
    }

    /// <summary>
    /// Runs <c>dotnet <paramref name="assembly"/> <paramref name="args"/></c> with the given GC heap limit, killing it
    /// after <see cref="Timeout"/>.
    /// </summary>
    public static ChildResult Run(string assembly, IEnumerable<string> args, string heapLimit)
    {
        var info = new ProcessStartInfo(DotnetPath)
        {
            WorkingDirectory = Path.GetTempPath(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(assembly);
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_GCHeapHardLimit"] = heapLimit;
        info.Environment["DOTNET_gcServer"] = "0";
        info.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return new ChildResult(-1, stdout.Result, stderr.Result, TimedOut: true);
        }

        process.WaitForExit();
        return new ChildResult(process.ExitCode, stdout.Result, stderr.Result, TimedOut: false);
    }

    /// <summary>Gets the full path of the dotnet host, so starting it does not depend on the working directory.</summary>
    public static string DotnetPath { get; } = FindDotnet();

    /// <summary>The arguments that run the runner under <see cref="DotnetPath"/>.</summary>
    public static string[] RunnerArguments(params string[] args) => [RunnerPath, .. args];

    private static string FindDotnet()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }

        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            string candidate = Path.Combine(dir, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
            if (dir.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return "dotnet";
    }

    public static string Trim(string s) => s.Length > 2000 ? s[..2000] + "…" : s;

    /// <summary>Starts the runner with the given arguments, its output redirected.</summary>
    public static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo(DotnetPath)
        {
            WorkingDirectory = Path.GetTempPath(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(RunnerPath);
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info)!;
    }

    /// <summary>Gets the runner built beside the test project, in the same configuration as the tests.</summary>
    private static string RunnerPath { get; } = FindBuilt(Path.Combine("tests", "Npy.HostileRunner"), "Npy.HostileRunner.dll");

    /// <summary>Gets the <c>npy</c> command-line tool built for the tests, in the same configuration as the tests.</summary>
    public static string CliPath { get; } = FindBuilt(Path.Combine("src", "Npy.Cli"), "Npy.Cli.dll");

    private static string FindBuilt(string project, string assembly)
    {
        // The test assembly lives in tests/Npy.Tests/bin/<Configuration>/<tfm>/; the built project in <project>/bin/<same>.
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string tfm = testOutput.Name;
        string configuration = testOutput.Parent!.Name;
        DirectoryInfo? dir = testOutput;
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Npy.slnx")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        string path = Path.Combine(dir.FullName, project, "bin", configuration, tfm, assembly);
        Assert.True(File.Exists(path), $"{assembly} was not built: {path} is missing.");
        return path;
    }
}

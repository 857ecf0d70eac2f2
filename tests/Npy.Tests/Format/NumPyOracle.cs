using System.Diagnostics;

namespace Npy.Tests.Format;

/// <summary>Runs scripts under the system NumPy; tests that need it skip visibly without it (or fail when NPY_REQUIRE_NUMPY=1).</summary>
internal static class NumPyOracle
{
    private const string Python = "/usr/bin/python3";
    private static readonly Lazy<bool> s_available = new(() => Run("-c \"import numpy\"", out _) == 0);

    /// <summary>Skips (or fails, when NPY_REQUIRE_NUMPY=1) the calling test if NumPy cannot be imported.</summary>
    public static void RequireNumPy()
    {
        if (s_available.Value)
        {
            return;
        }

        if (Environment.GetEnvironmentVariable("NPY_REQUIRE_NUMPY") == "1")
        {
            Assert.Fail($"NumPy is required (NPY_REQUIRE_NUMPY=1) but '{Python} -c \"import numpy\"' failed.");
        }

        Assert.Skip($"NumPy not available via {Python}; byte-for-byte comparison skipped.");
    }

    /// <summary>Runs a script from TestData and returns its standard output lines.</summary>
    public static string[] RunScript(string relativePath)
    {
        RequireNumPy();
        string path = Path.Combine(AppContext.BaseDirectory, "TestData", relativePath);
        int code = Run($"\"{path}\"", out string output);
        Assert.True(code == 0, $"{relativePath} failed with exit code {code}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static int Run(string arguments, out string output)
    {
        try
        {
            var psi = new ProcessStartInfo(Python, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using Process p = Process.Start(psi)!;
            Task<string> stderr = p.StandardError.ReadToEndAsync();
            output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            _ = stderr.Result;
            return p.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            output = string.Empty;
            return -1;
        }
    }
}

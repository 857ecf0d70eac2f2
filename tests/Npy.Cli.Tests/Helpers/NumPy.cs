using System.Diagnostics;
using System.Text;

namespace Npy.Cli.Tests.Helpers;

/// <summary>Runs the reference NumPy (/usr/bin/python3). Tests skip visibly without it, or fail under NPY_REQUIRE_NUMPY=1.</summary>
public static class NumPy
{
    public const string Python = "/usr/bin/python3";

    private static readonly Lazy<bool> s_available = new(() =>
    {
        try
        {
            Run("import numpy", Path.GetTempPath());
            return true;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or TimeoutException)
        {
            return false;
        }
    });

    /// <summary>Skips the test when NumPy is missing, or fails it when NPY_REQUIRE_NUMPY=1.</summary>
    public static void RequireOrSkip()
    {
        if (s_available.Value)
        {
            return;
        }

        string message = $"NumPy is not available: '{Python} -c \"import numpy\"' failed.";
        if (Environment.GetEnvironmentVariable("NPY_REQUIRE_NUMPY") == "1")
        {
            Assert.Fail(message + " NPY_REQUIRE_NUMPY=1 makes this a failure.");
        }

        Assert.Skip(message);
    }

    /// <summary>Runs a script in a directory and returns its standard output.</summary>
    /// <exception cref="InvalidOperationException">The script failed; the message holds its standard error.</exception>
    public static string Run(string script, string workingDirectory)
    {
        var info = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
            StandardOutputEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        info.Environment["PYTHONIOENCODING"] = "utf-8";
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The NumPy script ran longer than 60 s.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The NumPy script failed ({process.ExitCode}):\n{error.Result}");
        }

        return output.Result;
    }
}

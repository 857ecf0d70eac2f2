using System.Diagnostics;

namespace Npy.Tests;

/// <summary>Runs the Python/NumPy reference; tests skip visibly when it is missing unless NPY_REQUIRE_NUMPY=1.</summary>
internal static class ExternalTools
{
    private static readonly Lazy<bool> s_numpy = new(() => Run("/usr/bin/python3", "import numpy", null, out _, out _, null) == 0);
    private static readonly Lazy<bool> s_newBand = new(() => Run("python3", "import numpy, zipfile", null, out _, out _, NewBandEnvironment) == 0);

    public static Dictionary<string, string> NewBandEnvironment { get; } = new() { ["PYTHONPATH"] = "/usr/lib/python3/dist-packages" };

    public static void RequireNumpy()
    {
        if (!s_numpy.Value)
        {
            Fail("NumPy (/usr/bin/python3 -c 'import numpy') is not available");
        }
    }

    /// <summary>CPython 3.11.7 from PATH with Debian's NumPy: the "new band" zipfile layout.</summary>
    public static void RequireNewBandNumpy()
    {
        RequireNumpy();
        if (!s_newBand.Value)
        {
            Fail("python3 on PATH with PYTHONPATH=/usr/lib/python3/dist-packages cannot import numpy");
        }
    }

    private static void Fail(string why)
    {
        if (Environment.GetEnvironmentVariable("NPY_REQUIRE_NUMPY") == "1")
        {
            Assert.Fail(why + " but NPY_REQUIRE_NUMPY=1");
        }

        Assert.Skip(why);
    }

    /// <summary>Runs python with a script; fails the test with stderr on a non-zero exit.</summary>
    public static byte[] Python(string script, byte[]? stdin = null, bool newBand = false)
    {
        int code = Run(newBand ? "python3" : "/usr/bin/python3", script, stdin, out var stdout, out var stderr, newBand ? NewBandEnvironment : null);
        Assert.True(code == 0, $"python failed ({code}): {stderr}");
        return stdout;
    }

    private static int Run(string exe, string script, byte[]? stdin, out byte[] stdout, out string stderr, Dictionary<string, string>? env)
    {
        var psi = new ProcessStartInfo(exe)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        if (env is not null)
        {
            foreach (var (k, v) in env)
            {
                psi.Environment[k] = v;
            }
        }

        try
        {
            using var p = Process.Start(psi)!;
            var errTask = p.StandardError.ReadToEndAsync();
            var outStream = new MemoryStream();
            var outTask = p.StandardOutput.BaseStream.CopyToAsync(outStream);
            if (stdin is not null)
            {
                p.StandardInput.BaseStream.Write(stdin);
            }

            p.StandardInput.Close();
            outTask.Wait();
            p.WaitForExit();
            stdout = outStream.ToArray();
            stderr = errTask.Result;
            return p.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            stdout = [];
            stderr = ex.Message;
            return -1;
        }
    }
}

using System.Diagnostics;
using System.Text;

namespace Npy.Tests.Infrastructure;

/// <summary>
/// Runs the reference NumPy (Debian python3-numpy 1.24.2) from tests. Tests that need it call <see cref="RequireOrSkip"/>
/// first: without NumPy they are skipped visibly, or fail when the environment sets NPY_REQUIRE_NUMPY=1.
/// </summary>
internal static class NumPyOracle
{
    /// <summary>The interpreter that carries Debian's NumPy (CPython 3.11.2, "old" zip band).</summary>
    public const string OldBandPython = "/usr/bin/python3";

    /// <summary>The newer CPython on PATH (3.11.7, "new" zip band), given Debian's dist-packages to import NumPy.</summary>
    public const string NewBandPython = "python3";

    /// <summary>Where Debian installs NumPy; the new-band interpreter gets it through PYTHONPATH.</summary>
    public const string DebianDistPackages = "/usr/lib/python3/dist-packages";

    /// <summary>Environment variable that turns "skip when NumPy is missing" into a failure (CI must not skip).</summary>
    public const string RequireVariable = "NPY_REQUIRE_NUMPY";

    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    private static readonly Lazy<bool> s_available = new(() => Probe(OldBandPython, newBand: false, "import numpy"));
    // The probe also checks the zip layout, so a PATH whose python3 is the old interpreter counts as unavailable.
    private static readonly Lazy<bool> s_newBandAvailable = new(() => Probe(NewBandPython, newBand: true,
        "import io, sys, zipfile, numpy\n" +
        "b = io.BytesIO()\n" +
        "with zipfile.ZipFile(b, 'w') as z:\n" +
        "    with z.open('x', 'w', force_zip64=True) as f: f.write(b'x')\n" +
        "sys.exit(0 if b.getvalue()[4] == 45 else 1)\n"));

    /// <summary>Gets whether <c>/usr/bin/python3 -c "import numpy"</c> succeeds (checked once per run).</summary>
    public static bool IsAvailable => s_available.Value;

    /// <summary>Gets whether the new-band interpreter imports NumPy and writes version-45 zips (checked once per run).</summary>
    public static bool IsNewBandAvailable => s_newBandAvailable.Value;

    /// <summary>Gets whether NPY_REQUIRE_NUMPY=1 is set, so a missing NumPy is a failure rather than a skip.</summary>
    public static bool IsRequired => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>Skips the current test when NumPy is unavailable (fails instead under NPY_REQUIRE_NUMPY=1).</summary>
    public static void RequireOrSkip()
    {
        if (!IsAvailable)
        {
            SkipOrFail($"NumPy is not available: '{OldBandPython} -c \"import numpy\"' failed.");
        }
    }

    /// <summary>Like <see cref="RequireOrSkip"/>, and also requires the new-band interpreter. A missing new-band
    /// interpreter always skips (CI installs only Debian's NumPy), even under NPY_REQUIRE_NUMPY=1.</summary>
    public static void RequireNewBandOrSkip()
    {
        RequireOrSkip();
        if (!IsNewBandAvailable)
        {
            Assert.Skip($"No new-band interpreter: 'PYTHONPATH={DebianDistPackages} {NewBandPython}' must import NumPy " +
                "and write zip version 45 (CPython >= 3.11.4).");
        }
    }

    /// <summary>Runs <paramref name="pythonScript"/> under /usr/bin/python3 and returns its standard output (UTF-8).</summary>
    /// <exception cref="InvalidOperationException">The script exited with a non-zero code; the message holds stderr.</exception>
    /// <exception cref="TimeoutException">The script ran longer than 60 seconds.</exception>
    public static string Run(string pythonScript, params string[] args)
        => Encoding.UTF8.GetString(Execute(OldBandPython, newBand: false, pythonScript, args));

    /// <summary>Runs the script under the new-band interpreter (PYTHONPATH=Debian dist-packages) and returns stdout.</summary>
    /// <exception cref="InvalidOperationException">The script exited with a non-zero code; the message holds stderr.</exception>
    /// <exception cref="TimeoutException">The script ran longer than 60 seconds.</exception>
    public static string RunNewBand(string pythonScript, params string[] args)
        => Encoding.UTF8.GetString(Execute(NewBandPython, newBand: true, pythonScript, args));

    /// <summary>Runs the script under /usr/bin/python3 and returns its raw standard output
    /// (write with <c>sys.stdout.buffer</c>, e.g. <c>np.save(sys.stdout.buffer, a)</c>).</summary>
    /// <exception cref="InvalidOperationException">The script exited with a non-zero code; the message holds stderr.</exception>
    /// <exception cref="TimeoutException">The script ran longer than 60 seconds.</exception>
    public static byte[] RunBinary(string pythonScript, params string[] args)
        => Execute(OldBandPython, newBand: false, pythonScript, args);

    /// <summary>Runs the script under the new-band interpreter and returns its raw standard output.</summary>
    /// <exception cref="InvalidOperationException">The script exited with a non-zero code; the message holds stderr.</exception>
    /// <exception cref="TimeoutException">The script ran longer than 60 seconds.</exception>
    public static byte[] RunNewBandBinary(string pythonScript, params string[] args)
        => Execute(NewBandPython, newBand: true, pythonScript, args);

    /// <summary>Runs an executable (e.g. /bin/sh with a script path) with the same timeout and error handling.</summary>
    public static string RunProcess(string fileName, params string[] args)
        => Encoding.UTF8.GetString(Start(fileName, newBand: false, args));

    private static void SkipOrFail(string reason)
    {
        if (IsRequired)
        {
            Assert.Fail(reason + $" ({RequireVariable}=1 makes this a failure.)");
        }

        Assert.Skip(reason + $" Set {RequireVariable}=1 to fail instead of skipping.");
    }

    private static bool Probe(string python, bool newBand, string script)
    {
        try
        {
            Start(python, newBand, ["-c", script]);
            return true;
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static byte[] Execute(string python, bool newBand, string pythonScript, string[] args)
    {
        // A temp file rather than stdin keeps the script's own stdin free and gives tracebacks a file name.
        string scriptPath = Path.Combine(Path.GetTempPath(), $"npy-oracle-{Guid.NewGuid():N}.py");
        File.WriteAllText(scriptPath, pythonScript, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        try
        {
            return Start(python, newBand, [scriptPath, .. args]);
        }
        finally
        {
            File.Delete(scriptPath);
        }
    }

    private static byte[] Start(string fileName, bool newBand, string[] args)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (string arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        psi.Environment["PYTHONIOENCODING"] = "utf-8";
        psi.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        if (newBand)
        {
            psi.Environment["PYTHONPATH"] = DebianDistPackages;
        }

        using var process = Process.Start(psi)
            ?? throw new InvalidOperationException($"Could not start '{fileName}'.");
        process.StandardInput.Close();
        using var stdout = new MemoryStream();
        Task copyOut = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        Task<string> readErr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(s_timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{fileName} {string.Join(' ', args)}' did not finish within {s_timeout.TotalSeconds} s.");
        }

        // Both pipes reach EOF once the process has exited.
        Task.WaitAll(copyOut, readErr);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{fileName} {string.Join(' ', args)}' exited with code {process.ExitCode}:\n{readErr.Result}");
        }

        return stdout.ToArray();
    }
}

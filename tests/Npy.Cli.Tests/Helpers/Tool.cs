using System.Diagnostics;
using System.Text;
using Npy.Cli.Infrastructure;

namespace Npy.Cli.Tests.Helpers;

/// <summary>Runs the <c>npy</c> tool in-process (through <see cref="CliApp"/>) or as a separate process (<c>dotnet Npy.Cli.dll</c>).</summary>
public static class Tool
{
    /// <summary>Gets the built tool beside the tests.</summary>
    public static string ToolPath => Path.Combine(AppContext.BaseDirectory, "Npy.Cli.dll");

    /// <summary>Runs a command line in-process.</summary>
    public static CliResult Run(params string[] args) => RunWithInput(null, args);

    /// <summary>Runs a command line in-process with the given standard input.</summary>
    public static CliResult RunWithInput(byte[]? stdin, params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var stdout = new MemoryStream();
        var console = new CliConsole
        {
            Out = output,
            Error = error,
            OpenStandardInput = () => new UnseekableStream(new MemoryStream(stdin ?? [])),
            OpenStandardOutput = () => new UnseekableStream(stdout),
        };
        int code = new CliApp(console).Run(args);
        return new CliResult(code, output.ToString(), error.ToString(), stdout.ToArray());
    }

    /// <summary>Runs a command line as a child process: <c>dotnet Npy.Cli.dll ARGS</c>.</summary>
    public static CliResult RunProcess(byte[]? stdin, string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(ToolPath);
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // A child under a 256 MiB heap: a hostile input that makes the tool allocate wildly fails the test, not the host.
        info.Environment["DOTNET_GCHeapHardLimit"] = "0x10000000";
        using var process = Process.Start(info)!;
        var stdout = new MemoryStream();
        Task copyOut = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        Task<string> readErr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.BaseStream.Write(stdin);
        }

        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"npy {string.Join(' ', args)} ran longer than 60 s.");
        }

        copyOut.Wait();
        byte[] bytes = stdout.ToArray();
        return new CliResult(process.ExitCode, Encoding.UTF8.GetString(bytes), readErr.Result, bytes);
    }
}

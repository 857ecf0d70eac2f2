namespace Npy.Cli.Infrastructure;

/// <summary>Writes an output file crash-safely and never over an existing file unless asked to.</summary>
/// <remarks>
/// The content goes to a temporary file beside the target, is flushed to disk (unless <c>--no-flush</c>) and is then
/// moved over the target, so the target is always either absent, the complete old file or the complete new one.
/// Without <c>force</c> the final move refuses to replace a file, so even a file created meanwhile is never
/// overwritten. <c>-</c> writes to standard output.
/// </remarks>
internal static class AtomicOutput
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> s_pending = new(StringComparer.Ordinal);

    /// <summary>Deletes the temporary files of writes still in progress (on Ctrl+C, before the process ends).</summary>
    public static void DeletePendingTemporaryFiles()
    {
        foreach (string temp in s_pending.Keys)
        {
            TryDelete(temp);
        }
    }

    /// <summary>Refuses early, before any work, when the target exists and <paramref name="force"/> is not set.</summary>
    public static void CheckTarget(string path, bool force)
    {
        if (path == "-")
        {
            return;
        }

        if (Directory.Exists(path))
        {
            throw new FileFailureException(path, "is a directory.", new UsageException($"'{path}' is a directory."));
        }

        if (!force && File.Exists(path))
        {
            throw new FileFailureException(path, "already exists.", new UsageException("already exists; pass --force to replace it."));
        }
    }

    /// <summary>Writes a file (or standard output for <c>-</c>) through a temporary file and an atomic move.</summary>
    public static void Write(string path, bool force, CliConsole console, Action<Stream> write, bool flushToDisk = true)
    {
        if (path == "-")
        {
            using Stream stdout = console.OpenStandardOutput();
            write(stdout);
            stdout.Flush();
            return;
        }

        CheckTarget(path, force);
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? ".";
        string temp = Path.Combine(directory, "." + Path.GetFileName(full) + ".tmp-" + Guid.NewGuid().ToString("N"));
        s_pending[temp] = 0;
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk);
            }

            File.Move(temp, full, overwrite: force);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
        finally
        {
            s_pending.TryRemove(temp, out _);
        }
    }

    private static void TryDelete(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (IOException)
        {
            // The original error matters more than a leftover temporary file.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

namespace Npy.Internal;

/// <summary>Writes a file crash-safely: into a temporary file beside the target, flushed to disk, then moved over the target.</summary>
/// <remarks>
/// The file is written through a <see cref="WritebackStream"/>, so most of it is on its way to disk before the final
/// flush, and a large file it replaces is freed in the background (<see cref="OldFileRelease"/>). Without the flush
/// (<see cref="NpzWriterOptions.FlushToDisk"/> or <see cref="NpySaveOptions.FlushToDisk"/> off) the file goes
/// straight to its stream and the kernel writes it back in its own time; the move is the same.
/// On any failure or cancellation the temporary file is deleted and an existing target is left untouched. A process
/// killed mid-write leaves at most a stray <c>.&lt;name&gt;.tmp-&lt;guid&gt;</c> file; the target is always either the
/// complete old file or the complete new one.
/// </remarks>
internal static class AtomicFile
{
    /// <summary>Wraps the temporary file's stream in the current async flow: the fault-injection tests' seam (hostile-input.md §6.4).</summary>
    internal static readonly AsyncLocal<Func<Stream, Stream>?> StreamWrapper = new();

    /// <summary>Gets the pattern of the temporary files this class creates beside a target.</summary>
    public static string TempPrefix(string fileName) => "." + fileName + ".tmp-";

    public static void Write(string path, Action<Stream> write, bool flushToDisk = true)
    {
        string temp = CreateTempPath(path);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16))
            {
                Stream target = Target(stream, flushToDisk);
                write(target);
                target.Flush();
                stream.Flush(flushToDisk);
            }

            Replace(temp, path, flushToDisk);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    public static async Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken, bool flushToDisk = true)
    {
        string temp = CreateTempPath(path);
        try
        {
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                Stream target = Target(stream, flushToDisk);
                await write(target, cancellationToken).ConfigureAwait(false);
                await target.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk);
            }

            cancellationToken.ThrowIfCancellationRequested();
            Replace(temp, path, flushToDisk);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    // What the content is written to: the temporary file, through WritebackStream when it is to be flushed, and
    // through the tests' wrapper when one is set.
    private static Stream Target(FileStream stream, bool flushToDisk)
    {
        Stream file = flushToDisk ? new WritebackStream(stream) : stream;
        return StreamWrapper.Value?.Invoke(file) ?? file;
    }

    // The rename publishes the new file atomically (an unflushed one by exchanging names: RenameExchange); a large old
    // file is freed on a helper thread, not here.
    private static void Replace(string temp, string path, bool flushed)
    {
        int old = OldFileRelease.Hold(path);
        bool moved = false;
        try
        {
            if (flushed || !RenameExchange.TryReplace(temp, path))
            {
                File.Move(temp, path, overwrite: true);
            }

            moved = true;
        }
        finally
        {
            OldFileRelease.Release(old, inBackground: moved);
        }
    }

    private static string CreateTempPath(string path)
    {
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? ".";
        return Path.Combine(directory, TempPrefix(Path.GetFileName(full)) + RandomSuffix());
    }

    // 128 random bits in 32 hex digits, as Guid.ToString("N") gives, without its vectorised formatting, which a
    // ReadyToRun process compiles at run time (0.4 ms) on its first save. A collision fails the CreateNew, never
    // overwrites.
    private static string RandomSuffix()
    {
        Span<byte> bits = stackalloc byte[16];
        Random.Shared.NextBytes(bits);
        Span<char> digits = stackalloc char[32];
        for (int i = 0; i < bits.Length; i++)
        {
            digits[2 * i] = "0123456789abcdef"[bits[i] >> 4];
            digits[(2 * i) + 1] = "0123456789abcdef"[bits[i] & 0xF];
        }

        return new string(digits);
    }

    private static void TryDelete(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (IOException)
        {
            // Best effort: the original error matters more than a leftover temporary file.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

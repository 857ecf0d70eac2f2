using System.Buffers;
using Npy.Zip;

namespace Npy;

/// <content>Reading an archive from a stream that cannot seek.</content>
public sealed partial class NpzReader
{
    /// <summary>Opens a <c>.npz</c> from a stream that cannot seek (a pipe, a network stream) by copying it to a temporary file first.</summary>
    /// <param name="stream">A readable stream; it is read to its end.</param>
    /// <param name="limits">Limits; the copy may be at most <see cref="NpyLimits.MaxTotalBytes"/> bytes.</param>
    /// <param name="leaveOpen">Whether to leave <paramref name="stream"/> open once it has been copied (or the copy failed).</param>
    /// <returns>The archive, read from the temporary file, which is deleted when the archive is disposed (or the process ends).</returns>
    /// <remarks>A zip archive's directory is at its end, so the whole stream must be available; it is never held in memory.</remarks>
    /// <exception cref="NpyLimitExceededException">The stream holds more than <see cref="NpyLimits.MaxTotalBytes"/> bytes.</exception>
    public static NpzReader OpenSpooled(Stream stream, NpyLimits? limits = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        limits ??= NpyLimits.Default;
        string path = Path.Combine(Path.GetTempPath(), "npy-spool-" + Guid.NewGuid().ToString("N") + ".npz");
        var spool = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        try
        {
            if (!OperatingSystem.IsWindows())
            {
                // Unlinked at once: nothing is left behind even if the process dies.
                File.Delete(path);
            }

            byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
            try
            {
                long total = 0;
                int read;
                while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    total += read;
                    if (total > limits.MaxTotalBytes)
                    {
                        throw new NpyLimitExceededException(
                            "spooled archive size", total, limits.MaxTotalBytes, nameof(NpyLimits.MaxTotalBytes), "--max-total-bytes");
                    }

                    spool.Write(buffer, 0, read);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            if (!leaveOpen)
            {
                stream.Dispose();
            }

            spool.Position = 0;
            return new NpzReader(ZipReader.Open(spool, limits, leaveOpen: false), limits);
        }
        catch
        {
            spool.Dispose();
            if (!leaveOpen)
            {
                stream.Dispose();
            }

            throw;
        }
    }
}

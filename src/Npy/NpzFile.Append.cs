using Npy.Internal;
using Npy.Zip;

namespace Npy;

/// <content>Appending to archives, and opening an archive whose append was interrupted.</content>
public static partial class NpzFile
{
    /// <summary>Adds arrays to an existing <c>.npz</c> file without rewriting its members: all of them or, on any failure, none.</summary>
    /// <param name="path">The archive (no extension is added).</param>
    /// <param name="named">The arrays by name; a name already in the archive is refused before anything is written.</param>
    /// <param name="options">Settings for the new members; <see cref="NpzWriterOptions.Compressed"/> when <see langword="null"/>.</param>
    /// <param name="limits">Limits applied when reading the existing archive.</param>
    /// <remarks>Crash-safe; see <see cref="NpzWriter.OpenAppend"/>.</remarks>
    /// <exception cref="ArgumentException">A name is already in the archive or repeats.</exception>
    public static void Append(string path, IEnumerable<KeyValuePair<string, NpyArray>> named, NpzWriterOptions? options = null, NpyLimits? limits = null)
    {
        var members = Plan(named, []);
        Append(path, writer =>
        {
            foreach (var (name, array) in members)
            {
                writer.Add(name, array);
            }
        }, options, limits);
    }

    /// <summary>Adds members to an existing <c>.npz</c> file through a writer; if <paramref name="build"/> throws, nothing is added.</summary>
    /// <param name="path">The archive (no extension is added).</param>
    /// <param name="build">Adds the members.</param>
    /// <param name="options">Settings for the new members.</param>
    /// <param name="limits">Limits applied when reading the existing archive.</param>
    public static void Append(string path, Action<NpzWriter> build, NpzWriterOptions? options = null, NpyLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(build);
        NpzWriter writer = NpzWriter.OpenAppend(path, options, limits);
        try
        {
            build(writer);
        }
        catch (Exception ex)
        {
            writer.Abort(ex);
            writer.Dispose();
            throw;
        }

        writer.Dispose();
    }

    /// <summary>Repairs an archive whose append was interrupted: removes the torn tail (or keeps a completed append) and the journal.</summary>
    /// <param name="path">The archive.</param>
    /// <returns>Whether there was anything to repair.</returns>
    /// <remarks>Only needed before handing the file to other programs: this library's readers already see the old archive, and the next append repairs it.</remarks>
    /// <exception cref="IOException">An append is in progress, or the journal does not match the archive.</exception>
    public static bool Recover(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return AppendJournal.Recover(path);
    }

    // Opens a file; if it ends in the torn tail of an interrupted (or running) append, opens the archive as it was before.
    private static NpzReader OpenFile(string path, NpyLimits? limits)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 12);
        try
        {
            return NpzReader.Open(stream, limits, leaveOpen: false);
        }
        catch (NpzFormatException) when (AppendJournal.TryGetOldLength(path, out long oldLength))
        {
            stream.Dispose();
            var before = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 12);
            try
            {
                return NpzReader.Open(new WindowStream(before, Math.Min(oldLength, before.Length)), limits, leaveOpen: false);
            }
            catch (NpzFormatException)
            {
                // The append may have completed meanwhile.
                return NpzReader.Open(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 12), limits, leaveOpen: false);
            }
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }
}

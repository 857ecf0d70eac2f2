using System.Runtime.ExceptionServices;
using Npy.Internal;
using Npy.Zip;

namespace Npy;

/// <content>Appending members to an existing archive, crash-safely.</content>
public sealed partial class NpzWriter
{
    private FileStream? _appendStream;
    private AppendJournal? _journal;

    /// <summary>Opens an existing <c>.npz</c> file to add members to it, without rewriting the members it has.</summary>
    /// <param name="path">The archive (no extension is added).</param>
    /// <param name="options">Settings for the new members; <see cref="NpzWriterOptions.Compressed"/> when <see langword="null"/>.</param>
    /// <param name="limits">Limits applied when reading the existing archive; <see cref="NpyLimits.Default"/> when <see langword="null"/>.</param>
    /// <returns>A writer; disposing it publishes the new members (a new central directory listing old and new members).</returns>
    /// <remarks>
    /// <para>
    /// Crash-safe: the existing bytes are never changed. New members and the new central directory are written after
    /// the old end record, and the old length is recorded first in a journal beside the archive
    /// (<c>.&lt;name&gt;.append-&lt;length&gt;</c>). If the append fails the archive is cut back to its old length; if the
    /// process dies, <see cref="NpzFile.Open(string, NpyLimits?)"/> still opens the old archive, and the next append or
    /// <see cref="NpzFile.Recover"/> removes the torn tail. Every append leaves the previous central directory (a few
    /// dozen bytes per member) unused inside the file. One append at a time; a concurrent one is refused.
    /// </para>
    /// <para>Names already in the archive are refused like duplicates. An archive comment is not carried over.</para>
    /// </remarks>
    /// <exception cref="IOException">Another append is in progress, or the file cannot be opened for writing.</exception>
    /// <exception cref="NpzFormatException">The file is not a valid archive.</exception>
    public static NpzWriter OpenAppend(string path, NpzWriterOptions? options = null, NpyLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        AppendJournal.Recover(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, 1 << 16);
        AppendJournal? journal = null;
        try
        {
            long oldLength = stream.Length;
            byte[] records;
            var names = new List<string>();
            using (ZipReader zip = ZipReader.Open(stream, limits ?? NpyLimits.Default, leaveOpen: true))
            {
                records = new byte[zip.DirectorySize];
                zip.ReadAt(zip.DirectoryOffset, records);
                names.AddRange(zip.Entries.Select(e => e.Name));
            }

            journal = AppendJournal.Begin(path, stream, oldLength);
            stream.Position = oldLength;
            var writer = new NpzWriter(stream, options, leaveOpen: true);
            writer._zip.SetExistingRecords(records, names.Count);
            writer._names.UnionWith(names);
            writer._appendStream = stream;
            writer._journal = journal;
            return writer;
        }
        catch
        {
            if (journal is not null)
            {
                journal.Rollback(stream);
            }

            stream.Dispose();
            throw;
        }
    }

    /// <summary>Abandons the members added so far: disposing then publishes nothing (an append is rolled back).</summary>
    internal void Abort(Exception reason) => _zip.Fail(reason);

    private ValueTask DisposeZipAsync()
    {
        if (_journal is null)
        {
            return _zip.DisposeAsync();
        }

        DisposeZip();
        return ValueTask.CompletedTask;
    }

    private void DisposeZip()
    {
        if (_journal is null || _appendStream is null)
        {
            _zip.Dispose();
            return;
        }

        Exception? error = null;
        try
        {
            // New members must be on disk before a central directory points at them.
            if (_zip.IsUsable)
            {
                _zip.Flush();
                _appendStream.Flush(flushToDisk: true);
            }
        }
        catch (Exception ex)
        {
            _zip.Fail(ex);
            error = ex;
        }

        try
        {
            _zip.Dispose();
        }
        catch (Exception ex)
        {
            error ??= ex;
        }

        bool committed = error is null && !_zip.Faulted;
        try
        {
            if (committed)
            {
                _appendStream.Flush(flushToDisk: true);
                _journal.Commit();
            }
            else
            {
                _journal.Rollback(_appendStream);
            }
        }
        catch (IOException ex) when (error is not null || !committed)
        {
            // The journal stays; the next open falls back to the old archive and the next append repairs it.
            error ??= ex;
        }
        finally
        {
            _appendStream.Dispose();
        }

        if (error is not null)
        {
            ExceptionDispatchInfo.Throw(error);
        }
    }
}

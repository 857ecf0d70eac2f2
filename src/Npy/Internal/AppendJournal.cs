using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using Npy.Zip;

namespace Npy.Internal;

/// <summary>The record that makes appending to a <c>.npz</c> crash-safe: the archive's length before the append, beside the archive.</summary>
/// <remarks>
/// <para>
/// An append never changes the archive's first <c>L</c> bytes (its old members, central directory and end record);
/// it writes new members and a new central directory after them. Until the new end record is written the file ends
/// in a torn tail, so before the first byte is appended the old length is recorded in a journal file
/// <c>.&lt;name&gt;.append-&lt;L&gt;</c> (the length is in the name, so readers learn it without opening the file, which
/// the appender keeps locked). The journal also holds a CRC-32 of the last 64 KiB before <c>L</c>, so recovery only ever
/// truncates the archive it was written for.
/// </para>
/// <para>
/// A finished append deletes the journal. A failed one truncates the archive back to <c>L</c>. An interrupted one
/// (process killed, power lost) leaves the journal: readers then open the archive's first <c>L</c> bytes, and the next
/// append (or <see cref="Recover"/>) truncates the tail away.
/// </para>
/// </remarks>
internal sealed class AppendJournal
{
    private const int RecordLength = 28;
    private const int TailLength = 64 << 10;

    private readonly string _path;
    private readonly FileStream _lock;

    private AppendJournal(string path, FileStream handle, long oldLength)
    {
        _path = path;
        _lock = handle;
        OldLength = oldLength;
    }

    /// <summary>Gets the archive's length before the append.</summary>
    public long OldLength { get; }

    /// <summary>Records the archive's current length durably and holds the journal locked until the append ends.</summary>
    /// <exception cref="IOException">Another append to the archive is in progress.</exception>
    public static AppendJournal Begin(string archive, FileStream archiveStream, long oldLength)
    {
        string path = PathFor(archive, oldLength);
        FileStream handle;
        try
        {
            handle = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new IOException($"Another append to '{archive}' is in progress (journal '{path}' exists).", ex);
        }

        try
        {
            Span<byte> record = stackalloc byte[RecordLength];
            WriteMagic(record);
            BinaryPrimitives.WriteInt64LittleEndian(record[8..], oldLength);
            (int tailLength, uint tailCrc) = TailCrc(archiveStream, oldLength);
            BinaryPrimitives.WriteInt32LittleEndian(record[16..], tailLength);
            BinaryPrimitives.WriteUInt32LittleEndian(record[20..], tailCrc);
            BinaryPrimitives.WriteUInt32LittleEndian(record[24..], Crc32.HashToUInt32(record[..24]));
            handle.Write(record);
            handle.Flush(flushToDisk: true);
            return new AppendJournal(path, handle, oldLength);
        }
        catch
        {
            handle.Dispose();
            TryDelete(path);
            throw;
        }
    }

    /// <summary>The append is complete and durable: forget the old length.</summary>
    public void Commit()
    {
        // Unlock first (Windows cannot delete a file it holds open). A recoverer that slips in between finds a complete
        // archive and only deletes the journal.
        _lock.Dispose();
        TryDelete(_path);
    }

    /// <summary>The append failed: cut the archive back to its old length, then forget it.</summary>
    public void Rollback(FileStream archiveStream)
    {
        archiveStream.SetLength(OldLength);
        archiveStream.Flush(flushToDisk: true);
        Commit();
    }

    /// <summary>Finds the old length an interrupted (or running) append recorded, without opening the journal.</summary>
    public static bool TryGetOldLength(string archive, out long oldLength)
    {
        foreach (var (_, length) in Find(archive))
        {
            oldLength = length;
            return true;
        }

        oldLength = 0;
        return false;
    }

    /// <summary>Finishes what an interrupted append left: keeps a completed archive, or truncates a torn tail back to the recorded length.</summary>
    /// <returns>Whether a journal was found and dealt with.</returns>
    /// <exception cref="IOException">An append is in progress, or a journal does not match the archive (nothing is changed then).</exception>
    public static bool Recover(string archive)
    {
        bool any = false;
        Span<byte> record = stackalloc byte[RecordLength];
        foreach (var (path, oldLength) in Find(archive).ToList())
        {
            FileStream handle;
            try
            {
                handle = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            }
            catch (FileNotFoundException)
            {
                continue;
            }
            catch (IOException ex)
            {
                throw new IOException($"An append to '{archive}' is in progress (journal '{path}' is locked).", ex);
            }

            using (handle)
            {
                if (!File.Exists(path))
                {
                    // Its append finished and deleted it between our listing and our lock.
                    continue;
                }

                bool valid = handle.ReadAtLeast(record, RecordLength, throwOnEndOfStream: false) == RecordLength
                    && HasMagic(record)
                    && BinaryPrimitives.ReadUInt32LittleEndian(record[24..]) == Crc32.HashToUInt32(record[..24])
                    && BinaryPrimitives.ReadInt64LittleEndian(record[8..]) == oldLength;
                using var archiveStream = new FileStream(archive, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
                if (!valid)
                {
                    // Killed while writing the journal: nothing was appended yet.
                    if (archiveStream.Length != oldLength)
                    {
                        throw new IOException($"The append journal '{path}' is incomplete and the archive has changed; nothing was done.");
                    }
                }
                else if (!OpensCleanly(archiveStream))
                {
                    int tailLength = BinaryPrimitives.ReadInt32LittleEndian(record[16..]);
                    uint tailCrc = BinaryPrimitives.ReadUInt32LittleEndian(record[20..]);
                    if (archiveStream.Length < oldLength || TailCrc(archiveStream, oldLength) != (tailLength, tailCrc))
                    {
                        throw new IOException($"The append journal '{path}' does not match '{archive}'; nothing was done.");
                    }

                    archiveStream.SetLength(oldLength);
                    archiveStream.Flush(flushToDisk: true);
                }

                TryDelete(path);
                any = true;
            }
        }

        return any;
    }

    private static bool OpensCleanly(FileStream archive)
    {
        try
        {
            using var zip = ZipReader.Open(archive, NpyLimits.Trusted, leaveOpen: true);
            return true;
        }
        catch (NpzFormatException)
        {
            return false;
        }
    }

    private static string PathFor(string archive, long oldLength)
    {
        string full = Path.GetFullPath(archive);
        return Path.Combine(Path.GetDirectoryName(full) ?? ".", Prefix(full) + oldLength.ToString(CultureInfo.InvariantCulture));
    }

    private static string Prefix(string fullPath) => "." + Path.GetFileName(fullPath) + ".append-";

    private static IEnumerable<(string Path, long OldLength)> Find(string archive)
    {
        string full = Path.GetFullPath(archive);
        string directory = Path.GetDirectoryName(full) ?? ".";
        string prefix = Prefix(full);
        if (!Directory.Exists(directory))
        {
            yield break;
        }

        foreach (string path in Directory.EnumerateFiles(directory, prefix + "*"))
        {
            string suffix = Path.GetFileName(path)[prefix.Length..];
            if (suffix.Length > 0 && suffix.All(char.IsAsciiDigit)
                && long.TryParse(suffix, NumberStyles.None, CultureInfo.InvariantCulture, out long length))
            {
                yield return (path, length);
            }
        }
    }

    private static (int Length, uint Crc) TailCrc(FileStream archive, long end)
    {
        int length = (int)Math.Min(TailLength, end);
        byte[] tail = new byte[length];
        archive.Position = end - length;
        archive.ReadExactly(tail);
        return (length, Crc32.HashToUInt32(tail));
    }

    private static void WriteMagic(Span<byte> record) => "NPZAPND1"u8.CopyTo(record);

    private static bool HasMagic(ReadOnlySpan<byte> record) => record[..8].SequenceEqual("NPZAPND1"u8);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Win32.SafeHandles;

namespace Npy.Zip;

/// <summary>Reads a zip archive strictly: the central directory is validated when opening, each member when it is read.</summary>
/// <remarks>
/// <para>
/// Only what <c>np.load</c> needs is supported: stored and deflated members, ZIP64, data descriptors. Malformed
/// structure raises <see cref="NpzFormatException"/>, limits raise <see cref="NpyLimitExceededException"/>, valid but
/// unsupported features (encryption, other methods, multi-disk archives) raise <see cref="NotSupportedException"/>.
/// </para>
/// <para>
/// Offsets are taken as absolute positions in the stream: archives whose central directory does not end right where
/// the end records start (data prepended to an archive written with relative offsets, junk before the end record) are
/// refused. Members may be read concurrently from several threads (the stream is accessed under a lock, and a member
/// carrying the chunk index inflates on all cores by itself); <see cref="Dispose"/> must not race with reads.
/// </para>
/// </remarks>
internal sealed partial class ZipReader : IDisposable
{
    private readonly Stream _stream;
    private readonly NpyLimits _limits;
    private readonly bool _leaveOpen;
    private readonly Lock _streamLock = new();

    // Set when the archive is a plain file: reads then go to the handle at explicit offsets, with no lock and no seek.
    private readonly SafeFileHandle? _file;
    private Dictionary<string, ZipEntry> _byName = new(StringComparer.Ordinal);
    private ZipEntry[] _entries = [];
    private long _streamLength;
    private long _totalBytes;
    private bool _disposed;

    private ZipReader(Stream stream, NpyLimits limits, bool leaveOpen)
    {
        _stream = stream;
        _limits = limits;
        _leaveOpen = leaveOpen;
        // Read-only files only: taking the handle makes a FileStream re-check its position before each of its own
        // operations, a cost an archive opened for appending would then pay on every write.
        if (stream.GetType() == typeof(FileStream) && !stream.CanWrite)
        {
            _file = ((FileStream)stream).SafeFileHandle;
        }
    }

    /// <summary>Gets the members in central-directory order.</summary>
    public IReadOnlyList<ZipEntry> Entries => _entries;

    /// <summary>Opens an archive, reading and validating its end records and central directory (no member data is read).</summary>
    /// <param name="stream">A readable, seekable stream holding the archive.</param>
    /// <param name="limits">The limits to enforce.</param>
    /// <param name="leaveOpen">Whether to leave <paramref name="stream"/> open when the reader is disposed (or when opening fails).</param>
    /// <exception cref="ArgumentException">The stream cannot read or seek.</exception>
    /// <exception cref="NpzFormatException">The archive structure is malformed.</exception>
    /// <exception cref="NpyLimitExceededException">The archive exceeds a limit.</exception>
    /// <exception cref="NotSupportedException">The archive spans several disks.</exception>
    public static ZipReader Open(Stream stream, NpyLimits limits, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(limits);
        if (!stream.CanRead || !stream.CanSeek)
        {
            throw new ArgumentException("Reading a zip archive needs a readable, seekable stream.", nameof(stream));
        }

        Compression.Crc32Combine.WarmUp();
        var reader = new ZipReader(stream, limits, leaveOpen);
        try
        {
            reader.ReadCentralDirectory();
            return reader;
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>Finds a member by its exact name in O(1).</summary>
    public bool TryGetEntry(string name, [NotNullWhen(true)] out ZipEntry? entry) => _byName.TryGetValue(name, out entry);

    /// <summary>Finds a member by its exact name, given as characters, in O(1) and without allocating.</summary>
    public bool TryGetEntry(ReadOnlySpan<char> name, [NotNullWhen(true)] out ZipEntry? entry) =>
        _byName.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out entry);

    /// <summary>Releases the stream unless it was opened with leaveOpen.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    // Reads exactly destination.Length bytes at an absolute offset; a short read means the archive was cut.
    internal void ReadAt(long offset, Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_file is not null)
        {
            if (ReadFile(offset, destination) != destination.Length)
            {
                throw new NpzFormatException("The archive ends unexpectedly (truncated file?).");
            }

            return;
        }

        lock (_streamLock)
        {
            _stream.Position = offset;
            try
            {
                _stream.ReadExactly(destination);
            }
            catch (EndOfStreamException ex)
            {
                throw new NpzFormatException("The archive ends unexpectedly (truncated file?).", ex);
            }
        }
    }

    // Reads destination.Length bytes at an absolute offset, or fewer only where the stream ends.
    internal int ReadSomeAt(long offset, Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_file is not null)
        {
            return ReadFile(offset, destination);
        }

        lock (_streamLock)
        {
            _stream.Position = offset;
            return _stream.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
        }
    }

    // Reads a large range in steps so that cancellation is seen at least every MiB.
    internal void ReadAtChunked(long offset, Span<byte> destination, CancellationToken cancellationToken)
    {
        const int Step = 1 << 20;
        while (!destination.IsEmpty)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int n = Math.Min(Step, destination.Length);
            ReadAt(offset, destination[..n]);
            offset += n;
            destination = destination[n..];
        }
    }

    // Counts inflated bytes toward MaxTotalBytes.
    internal void Charge(long bytes)
    {
        long total = Interlocked.Add(ref _totalBytes, bytes);
        if (total > _limits.MaxTotalBytes || total < 0)
        {
            Interlocked.Add(ref _totalBytes, -bytes);
            throw new NpyLimitExceededException(
                "total decompressed size", total < 0 ? long.MaxValue : total, _limits.MaxTotalBytes, nameof(NpyLimits.MaxTotalBytes), "--max-total-bytes");
        }
    }

    // Positional reads on the file handle are safe from several threads at once; fewer bytes only where the file ends.
    private int ReadFile(long offset, Span<byte> destination)
    {
        int total = 0;
        while (total < destination.Length)
        {
            int read = RandomAccess.Read(_file!, destination[total..], offset + total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    private static byte[] Rent(int length) => ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));

    private static void Return(byte[] buffer) => ArrayPool<byte>.Shared.Return(buffer);
}

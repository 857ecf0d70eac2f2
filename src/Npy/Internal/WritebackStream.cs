using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Npy.Internal;

/// <summary>
/// Passes everything to a file stream and, on Linux, asks the kernel to start writing each further
/// <see cref="Interval"/> bytes to disk as soon as they are written, so the flush to disk that ends a crash-safe save
/// waits only for the tail instead of for the whole file.
/// </summary>
/// <remarks>
/// <c>sync_file_range(SYNC_FILE_RANGE_WRITE)</c> only starts write-back; it neither waits for it nor makes anything
/// durable (the final <c>fsync</c> still does that), so it changes timing only. Pages rewritten later (a local header
/// patched after its data) are simply written again. Any failure of the call (another OS, a file system without
/// support) switches the hint off for the rest of the file.
/// </remarks>
internal sealed partial class WritebackStream : Stream
{
    /// <summary>How many bytes are written between two write-back requests.</summary>
    internal const int Interval = 8 << 20;

    private const uint SyncFileRangeWrite = 2;

    private readonly FileStream _file;
    private long _requestedTo;
    private bool _enabled = OperatingSystem.IsLinux();

    /// <summary>Wraps <paramref name="file"/>, whose lifetime stays with the caller.</summary>
    public WritebackStream(FileStream file)
    {
        _file = file;
        _requestedTo = file.Position;
    }

    /// <inheritdoc/>
    public override bool CanRead => _file.CanRead;

    /// <inheritdoc/>
    public override bool CanSeek => _file.CanSeek;

    /// <inheritdoc/>
    public override bool CanWrite => _file.CanWrite;

    /// <inheritdoc/>
    public override long Length => _file.Length;

    /// <inheritdoc/>
    public override long Position
    {
        get => _file.Position;
        set => _file.Position = value;
    }

    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _file.Write(buffer);
        RequestWriteback();
    }

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override void WriteByte(byte value) => _file.WriteByte(value);

    /// <inheritdoc/>
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _file.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        RequestWriteback();
    }

    /// <inheritdoc/>
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => _file.Read(buffer, offset, count);

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer) => _file.Read(buffer);

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => _file.Seek(offset, origin);

    /// <inheritdoc/>
    public override void SetLength(long value) => _file.SetLength(value);

    /// <inheritdoc/>
    public override void Flush() => _file.Flush();

    /// <inheritdoc/>
    public override Task FlushAsync(CancellationToken cancellationToken) => _file.FlushAsync(cancellationToken);

    private void RequestWriteback()
    {
        if (!_enabled)
        {
            return;
        }

        long position = _file.Position;
        if (position - _requestedTo < Interval)
        {
            return;
        }

        // The stream's own buffer must reach the kernel first; writes this large bypass it, so this is usually a no-op.
        _file.Flush();
        try
        {
            _enabled = SyncFileRange(_file.SafeFileHandle, _requestedTo, position - _requestedTo, SyncFileRangeWrite) == 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            _enabled = false;
        }

        _requestedTo = position;
    }

    [LibraryImport("libc", EntryPoint = "sync_file_range")]
    private static partial int SyncFileRange(SafeFileHandle fd, long offset, long count, uint flags);
}

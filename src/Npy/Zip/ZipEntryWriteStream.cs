using System.Buffers;

namespace Npy.Zip;

/// <summary>The write-only stream of a streaming member (<see cref="ZipWriter.OpenEntry"/>): buffers one chunk at a time and hands full chunks to the writer's pipeline.</summary>
internal sealed class ZipEntryWriteStream : Stream
{
    private readonly ZipWriter _writer;
    private readonly PendingMember _member;
    private readonly int _chunkSize;
    private byte[]? _buffer;
    private int _filled;
    private long _written;
    private bool _completed;

    /// <summary>Creates the stream for one member.</summary>
    public ZipEntryWriteStream(ZipWriter writer, PendingMember member, int chunkSize)
    {
        _writer = writer;
        _member = member;
        _chunkSize = chunkSize;
    }

    /// <inheritdoc/>
    public override bool CanRead => false;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => !_completed;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position
    {
        get => _written;
        set => throw new NotSupportedException();
    }

    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        _writer.ThrowIfUnusable();
        while (!buffer.IsEmpty)
        {
            if (_buffer is not null && _filled == _chunkSize)
            {
                // A full chunk is handed over only once more data arrives, so the last chunk is always known to be last.
                var full = _buffer;
                _buffer = null;
                _filled = 0;
                _writer.SubmitStreamChunk(_member, full, _chunkSize, isLast: false);
            }

            _buffer ??= ArrayPool<byte>.Shared.Rent(_chunkSize);
            int n = Math.Min(buffer.Length, _chunkSize - _filled);
            buffer[..n].CopyTo(_buffer.AsSpan(_filled));
            _filled += n;
            _written += n;
            buffer = buffer[n..];
        }
    }

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public override void WriteByte(byte value) => Write([value]);

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Submits the last chunk and completes the member (idempotent).</summary>
    internal void Complete()
    {
        if (_completed)
        {
            return;
        }

        if (!_writer.IsUsable)
        {
            Abandon();
            return;
        }

        _completed = true;
        var last = _buffer ?? ArrayPool<byte>.Shared.Rent(1);
        int length = _buffer is null ? 0 : _filled;
        _buffer = null;
        _writer.SubmitStreamChunk(_member, last, length, isLast: true);
    }

    /// <summary>Drops the buffered data after the writer failed.</summary>
    internal void Abandon()
    {
        _completed = true;
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_completed)
        {
            Complete();
        }

        base.Dispose(disposing);
    }
}

namespace Npy.Zip;

/// <summary>A read-only window [start, start + length) of the archive stream, with its own position.</summary>
/// <remarks>Each read seeks the shared stream under the reader's lock, so several windows can be read interleaved.</remarks>
internal sealed class SubReadStream : Stream
{
    private readonly ZipReader _reader;
    private readonly long _start;
    private readonly long _length;
    private long _position;

    /// <summary>Creates the window.</summary>
    public SubReadStream(ZipReader reader, long start, long length)
    {
        _reader = reader;
        _start = start;
        _length = length;
    }

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length => _length;

    /// <inheritdoc/>
    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        int count = (int)Math.Min(buffer.Length, _length - _position);
        if (count <= 0)
        {
            return 0;
        }

        int read = _reader.ReadSomeAt(_start + _position, buffer[..count]);
        if (read == 0)
        {
            throw new NpzFormatException("The archive ends unexpectedly (truncated file?).");
        }

        _position += read;
        return read;
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    /// <inheritdoc/>
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

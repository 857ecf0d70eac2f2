namespace Npy.Internal;

/// <summary>A write-only stream that passes exactly a declared number of bytes to an inner stream and checks the count on dispose.</summary>
internal sealed class CountedWriteStream : Stream
{
    private readonly Stream _inner;
    private readonly long _expected;
    private readonly string _name;
    private long _written;
    private bool _disposed;

    public CountedWriteStream(Stream inner, long expected, string name)
    {
        _inner = inner;
        _expected = expected;
        _name = name;
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !_disposed;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _written;
        set => throw new NotSupportedException();
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.Length > _expected - _written)
        {
            throw new InvalidOperationException($"Member '{_name}' takes {_expected} data bytes; writing {buffer.Length} more after {_written} would overfill it.");
        }

        _inner.Write(buffer);
        _written += buffer.Length;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _inner.Dispose();
            if (_written != _expected)
            {
                throw new InvalidOperationException($"Member '{_name}' was closed after {_written} of its {_expected} data bytes; the archive is incomplete.");
            }
        }

        base.Dispose(disposing);
    }
}

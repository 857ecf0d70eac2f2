namespace Npy.Internal;

/// <summary>A read-only, seekable view of the first <c>length</c> bytes of a stream: an archive as it was before an interrupted append.</summary>
internal sealed class WindowStream : Stream
{
    private readonly Stream _inner;
    private readonly long _length;
    private long _position;

    public WindowStream(Stream inner, long length)
    {
        _inner = inner;
        _length = length;
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(Span<byte> buffer)
    {
        int count = (int)Math.Max(0, Math.Min(buffer.Length, _length - _position));
        if (count == 0)
        {
            return 0;
        }

        _inner.Position = _position;
        int read = _inner.Read(buffer[..count]);
        _position += read;
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => _length + offset,
        };
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}

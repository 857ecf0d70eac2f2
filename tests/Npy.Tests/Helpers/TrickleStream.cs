namespace Npy.Tests.Helpers;

/// <summary>Wraps a stream so that every read returns at most a few bytes and, optionally, seeking is impossible.</summary>
internal sealed class TrickleStream(Stream inner, int maxRead = 1, bool seekable = false) : Stream
{
    public override bool CanRead => inner.CanRead;
    public override bool CanSeek => seekable && inner.CanSeek;
    public override bool CanWrite => inner.CanWrite;
    public override long Length => CanSeek ? inner.Length : throw new NotSupportedException();

    public override long Position
    {
        get => CanSeek ? inner.Position : throw new NotSupportedException();
        set
        {
            if (!CanSeek)
            {
                throw new NotSupportedException();
            }

            inner.Position = value;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, maxRead));
    public override int Read(Span<byte> buffer) => inner.Read(buffer[..Math.Min(buffer.Length, maxRead)]);
    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);
    public override void Flush() => inner.Flush();
    public override long Seek(long offset, SeekOrigin origin) => CanSeek ? inner.Seek(offset, origin) : throw new NotSupportedException();
    public override void SetLength(long value) => inner.SetLength(value);
}

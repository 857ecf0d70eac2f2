using System.IO.Hashing;
using Npy.Compression;

namespace Npy.Zip;

/// <summary>The sequential stream <see cref="ZipReader.OpenRead"/> returns: exact size, CRC-32 checked at the end, bytes counted toward the reader's limit.</summary>
internal sealed class ZipMemberReadStream : Stream
{
    private readonly ZipReader _reader;
    private readonly ZipEntry _entry;
    private readonly Stream _source;
    private readonly Crc32 _crc = new();
    private long _position;
    private bool _verified;

    /// <summary>Wraps the member's stored or inflating source.</summary>
    public ZipMemberReadStream(ZipReader reader, ZipEntry entry, Stream source)
    {
        _reader = reader;
        _entry = entry;
        _source = source;
    }

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length => _entry.UncompressedSize;

    /// <inheritdoc/>
    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        long remaining = _entry.UncompressedSize - _position;
        if (remaining == 0 || buffer.IsEmpty)
        {
            if (remaining == 0)
            {
                Verify();
            }

            return 0;
        }

        int count = (int)Math.Min(Math.Min(buffer.Length, remaining), InflateHelper.CancellationStride);
        int read = InflateHelper.ReadSome(_source, buffer[..count], _entry.Name);
        if (read == 0)
        {
            throw new NpzFormatException($"Unexpected end of compressed data in '{_entry.Name}'.");
        }

        _reader.Charge(read);
        _crc.Append(buffer[..read]);
        _position += read;
        if (_position == _entry.UncompressedSize)
        {
            Verify();
        }

        return read;
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Read(buffer.AsSpan(offset, count)));
    }

    /// <inheritdoc/>
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

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

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _source.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Verify()
    {
        if (_verified)
        {
            return;
        }

        if (_entry.Method == ZipCompressionMethod.Deflate)
        {
            InflateHelper.ExpectEnd(_source, _entry.Name);
        }

        if (_crc.GetCurrentHashAsUInt32() != _entry.Crc32)
        {
            throw ZipReader.CrcMismatch(_entry.Name);
        }

        _verified = true;
    }
}

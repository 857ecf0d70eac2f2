using System.IO.Hashing;
using Npy.Compression;
using Npy.Internal;

namespace Npy.Zip;

/// <summary>The sequential stream <see cref="ZipReader.OpenRead"/> returns: exact size, CRC-32 checked at the end, bytes counted toward the reader's limit.</summary>
/// <remarks>
/// A member located once can be read in one pass with a head read through the stream (a <c>.npy</c> header, say) and
/// the rest straight into memory with <see cref="ReadToEnd"/>.
/// </remarks>
internal sealed class ZipMemberReadStream : Stream
{
    private readonly ZipReader _reader;
    private readonly ZipEntry _entry;
    private readonly long _dataStart;
    private readonly Stream _source;
    private readonly Crc32 _crc = new();
    private long _position;
    private long _charged;
    private bool _verified;

    /// <summary>Wraps the member's stored or inflating source.</summary>
    /// <param name="reader">The archive.</param>
    /// <param name="entry">The member.</param>
    /// <param name="dataStart">Where the member's data starts in the archive, its local header already checked.</param>
    /// <param name="source">The member's stored bytes or its inflater, from the start of its data.</param>
    public ZipMemberReadStream(ZipReader reader, ZipEntry entry, long dataStart, Stream source)
    {
        _reader = reader;
        _entry = entry;
        _dataStart = dataStart;
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

        ChargeUpTo(_position + read);
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

    /// <summary>Reads the rest of the member: its next destination.Length bytes into <paramref name="destination"/>, then any bytes after them (discarded), verified as a sequential read to the end would be.</summary>
    /// <remarks>
    /// When <paramref name="destination"/> takes all the rest, it is filled straight from the archive: stored bytes
    /// read in place (on all cores for large files), a single deflate stream inflated on by the inflater that produced
    /// the head (its CRC-32 computed on another core), a member carrying the chunk index inflated chunk by chunk on all
    /// cores. The rest counts toward <see cref="NpyLimits.MaxTotalBytes"/> before any of it is read. The destination's
    /// pages are mapped piece by piece just before each piece is filled, so its allocator need not map them.
    /// </remarks>
    /// <param name="destination">Where the rest of the member goes, at most that rest.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <param name="finish">Applied once to every byte of <paramref name="destination"/> after it is final: piece by piece as the pieces are read where the read is done in pieces, else to the whole destination at the end.</param>
    /// <exception cref="ArgumentException">The destination is longer than the rest of the member.</exception>
    public void ReadToEnd(Memory<byte> destination, CancellationToken cancellationToken, PieceAction? finish = null)
    {
        long rest = _entry.UncompressedSize - _position;
        if (destination.Length > rest)
        {
            throw new ArgumentException($"The destination ({destination.Length} bytes) is longer than the rest of the member ({rest} bytes).", nameof(destination));
        }

        if (destination.Length < rest)
        {
            // Bytes after the destination's (NumPy ignores them after an array): read on through the stream so that
            // the CRC-32 covers them.
            ReadInPieces(destination.Span, cancellationToken);
            CopyTo(Null);
            finish?.Invoke(destination.Span);
            return;
        }

        ChargeUpTo(_entry.UncompressedSize);
        _reader.ReadRest(_entry, _dataStart, _source, _position, _crc.GetCurrentHashAsUInt32(), destination, cancellationToken, finish);
        Finished();
    }

    // The whole member has been read and verified past the stream.
    private void Finished()
    {
        _position = _entry.UncompressedSize;
        _verified = true;
    }

    /// <summary>Reads the rest of two members, as <see cref="ReadToEnd"/> does for each, decoding both on this core at once when both were opened for it.</summary>
    /// <remarks>
    /// Both members must have been opened with <c>pair</c> (<see cref="ZipReader.OpenRead"/>) and each destination
    /// must take all its member's rest; otherwise they are read one after the other. A failure of either member is
    /// raised as found.
    /// </remarks>
    public static void ReadBothToEnd(ZipMemberReadStream first, Memory<byte> firstDestination, ZipMemberReadStream second, Memory<byte> secondDestination, CancellationToken cancellationToken)
    {
        if (first._source is not Inflater a || second._source is not Inflater b || ReferenceEquals(a, b)
            || firstDestination.Length != first._entry.UncompressedSize - first._position
            || secondDestination.Length != second._entry.UncompressedSize - second._position)
        {
            first.ReadToEnd(firstDestination, cancellationToken);
            second.ReadToEnd(secondDestination, cancellationToken);
            return;
        }

        first.ChargeUpTo(first._entry.UncompressedSize);
        second.ChargeUpTo(second._entry.UncompressedSize);
        ZipReader.ReadRestPair(
            new PairedRest(first._entry, a, first._crc.GetCurrentHashAsUInt32(), firstDestination),
            new PairedRest(second._entry, b, second._crc.GetCurrentHashAsUInt32(), secondDestination),
            cancellationToken);
        first.Finished();
        second.Finished();
    }

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

    // Fills the destination through the stream a MiB at a time, each piece's pages mapped just before it is filled.
    private void ReadInPieces(Span<byte> destination, CancellationToken cancellationToken)
    {
        while (!destination.IsEmpty)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int take = Math.Min(destination.Length, 1 << 20);
            FreshPages.Map(destination[..take]);
            ReadExactly(destination[..take]);
            destination = destination[take..];
        }
    }

    // Counts the member's bytes up to an end position toward MaxTotalBytes once, however they are read.
    private void ChargeUpTo(long end)
    {
        if (end > _charged)
        {
            _reader.Charge(end - _charged);
            _charged = end;
        }
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

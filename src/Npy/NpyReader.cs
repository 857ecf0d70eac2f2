using Npy.Internal;

namespace Npy;

/// <summary>Reads <c>.npy</c> arrays from a stream, one after another, as <c>numpy.load</c> does on an open file.</summary>
/// <remarks>
/// <para>
/// The stream need not be seekable, and short reads are fine. Several arrays written one after another to one stream
/// are read in turn; <see cref="ReadNext"/> returns <see langword="null"/> at a clean end of the stream.
/// </para>
/// <para>
/// Every size in a header is checked against <see cref="NpyLimits"/> and, on a seekable stream, against the bytes
/// the stream still holds before anything is allocated. On an unseekable stream, arrays above 16 MiB are read in
/// pieces first, so a short stream that declares a huge array costs no more memory than it supplies.
/// </para>
/// </remarks>
public sealed class NpyReader : IDisposable, IAsyncDisposable
{
    private const int PreambleLength = 8;
    private const int DirectReadThreshold = 16 << 20;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly NpyLimits _limits;
    private bool _disposed;

    /// <summary>Creates a reader over a stream positioned at the start of a <c>.npy</c>. Does no I/O.</summary>
    /// <param name="stream">A readable stream.</param>
    /// <param name="limits">The limits for untrusted input; <see cref="NpyLimits.Default"/> when <see langword="null"/>.</param>
    /// <param name="leaveOpen">Whether disposing the reader leaves <paramref name="stream"/> open.</param>
    /// <exception cref="ArgumentException">The stream cannot be read.</exception>
    public NpyReader(Stream stream, NpyLimits? limits = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream must be readable.", nameof(stream));
        }

        _stream = stream;
        _limits = limits ?? NpyLimits.Default;
        _leaveOpen = leaveOpen;
    }

    /// <summary>Reads the next array.</summary>
    /// <returns>The array, holding its data in the file's byte order and memory order.</returns>
    /// <exception cref="EndOfStreamException">No data is left in the stream.</exception>
    /// <exception cref="NpyFormatException">The header or data is malformed or truncated.</exception>
    /// <exception cref="NpyLimitExceededException">The array exceeds a limit.</exception>
    /// <exception cref="NotSupportedException">The array holds pickled Python objects, or the format version is unknown.</exception>
    public NpyArray Read() => ReadNext() ?? throw new EndOfStreamException("No data left in the stream.");

    /// <summary>Reads the next array, or returns <see langword="null"/> when the stream has ended cleanly.</summary>
    /// <returns>The array, or <see langword="null"/> at the end of the stream.</returns>
    /// <exception cref="NpyFormatException">The header or data is malformed or truncated.</exception>
    /// <exception cref="NpyLimitExceededException">The array exceeds a limit.</exception>
    /// <exception cref="NotSupportedException">The array holds pickled Python objects, or the format version is unknown.</exception>
    public NpyArray? ReadNext()
    {
        NpyHeader? header = ReadHeader();
        if (header is null)
        {
            return null;
        }

        Memory<byte> data;
        if (_stream.CanSeek || header.DataLength <= DirectReadThreshold)
        {
            data = ClrTypeMap.Allocate(header.DType, header.DataLength, zeroed: false);
            int read = _stream.ReadAtLeast(data.Span, data.Length, throwOnEndOfStream: false);
            CheckComplete(read, header.DataLength);
        }
        else
        {
            // Unseekable source: the declared size cannot be checked up front, so read bounded pieces first and
            // allocate the array only once they all arrived: a short stream costs no more than it supplies.
            List<byte[]> pieces = ReadPieces(header.DataLength);
            data = ClrTypeMap.Allocate(header.DType, header.DataLength, zeroed: false);
            Join(pieces, data.Span);
        }

        BoolNormalizer.Normalize(header.DType, data);
        return new NpyArray(header.DType, ToArray(header.Shape), header.FortranOrder, data);
    }

    /// <summary>Reads the next array.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The array.</returns>
    /// <exception cref="EndOfStreamException">No data is left in the stream.</exception>
    /// <exception cref="NpyFormatException">The header or data is malformed or truncated.</exception>
    /// <exception cref="NpyLimitExceededException">The array exceeds a limit.</exception>
    /// <exception cref="NotSupportedException">The array holds pickled Python objects, or the format version is unknown.</exception>
    public async ValueTask<NpyArray> ReadAsync(CancellationToken cancellationToken = default) =>
        await ReadNextAsync(cancellationToken).ConfigureAwait(false) ?? throw new EndOfStreamException("No data left in the stream.");

    /// <summary>Reads the next array, or returns <see langword="null"/> when the stream has ended cleanly.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The array, or <see langword="null"/> at the end of the stream.</returns>
    /// <exception cref="NpyFormatException">The header or data is malformed or truncated.</exception>
    /// <exception cref="NpyLimitExceededException">The array exceeds a limit.</exception>
    /// <exception cref="NotSupportedException">The array holds pickled Python objects, or the format version is unknown.</exception>
    public async ValueTask<NpyArray?> ReadNextAsync(CancellationToken cancellationToken = default)
    {
        NpyHeader? header = await ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
        if (header is null)
        {
            return null;
        }

        Memory<byte> data;
        if (_stream.CanSeek || header.DataLength <= DirectReadThreshold)
        {
            data = ClrTypeMap.Allocate(header.DType, header.DataLength, zeroed: false);
            int read = await _stream.ReadAtLeastAsync(data, data.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            CheckComplete(read, header.DataLength);
        }
        else
        {
            var pieces = new List<byte[]>();
            long total = 0;
            while (total < header.DataLength)
            {
                var piece = new byte[(int)Math.Min(DirectReadThreshold, header.DataLength - total)];
                int read = await _stream.ReadAtLeastAsync(piece, piece.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                total += read;
                CheckComplete(read, piece.Length, total, header.DataLength);
                pieces.Add(piece);
            }

            data = ClrTypeMap.Allocate(header.DType, header.DataLength, zeroed: false);
            Join(pieces, data.Span);
        }

        BoolNormalizer.Normalize(header.DType, data);
        return new NpyArray(header.DType, ToArray(header.Shape), header.FortranOrder, data);
    }

    /// <summary>Reads only the next header, leaving the stream at the start of its data.</summary>
    /// <returns>The header, or <see langword="null"/> at a clean end of the stream.</returns>
    /// <exception cref="NpyFormatException">The header is malformed or truncated, or the stream cannot hold the data it declares.</exception>
    /// <exception cref="NpyLimitExceededException">The header or array exceeds a limit.</exception>
    /// <exception cref="NotSupportedException">The array holds pickled Python objects, or the format version is unknown.</exception>
    public NpyHeader? ReadHeader()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Span<byte> preamble = stackalloc byte[12];
        int got = _stream.ReadAtLeast(preamble[..PreambleLength], PreambleLength, throwOnEndOfStream: false);
        if (got == 0)
        {
            return null;
        }

        int lengthEnd = PreambleEnd(preamble, got);
        got += _stream.ReadAtLeast(preamble[PreambleLength..lengthEnd], lengthEnd - PreambleLength, throwOnEndOfStream: false);
        int prefixLength = PrefixLength(preamble[..got], lengthEnd);
        byte[] prefix = new byte[prefixLength];
        preamble[..lengthEnd].CopyTo(prefix);
        int text = _stream.ReadAtLeast(prefix.AsSpan(lengthEnd), prefixLength - lengthEnd, throwOnEndOfStream: false);
        return Validate(prefix, text, lengthEnd);
    }

    /// <summary>Reads only the next header, leaving the stream at the start of its data.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The header, or <see langword="null"/> at a clean end of the stream.</returns>
    /// <exception cref="NpyFormatException">The header is malformed or truncated.</exception>
    /// <exception cref="NpyLimitExceededException">The header or array exceeds a limit.</exception>
    /// <exception cref="NotSupportedException">The array holds pickled Python objects, or the format version is unknown.</exception>
    public async ValueTask<NpyHeader?> ReadHeaderAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        byte[] preamble = new byte[12];
        int got = await _stream.ReadAtLeastAsync(preamble.AsMemory(0, PreambleLength), PreambleLength, false, cancellationToken).ConfigureAwait(false);
        if (got == 0)
        {
            return null;
        }

        int lengthEnd = PreambleEnd(preamble, got);
        got += await _stream.ReadAtLeastAsync(preamble.AsMemory(PreambleLength, lengthEnd - PreambleLength), lengthEnd - PreambleLength, false, cancellationToken).ConfigureAwait(false);
        int prefixLength = PrefixLength(preamble.AsSpan(0, got), lengthEnd);
        byte[] prefix = new byte[prefixLength];
        preamble.AsSpan(0, lengthEnd).CopyTo(prefix);
        int text = await _stream.ReadAtLeastAsync(prefix.AsMemory(lengthEnd), prefixLength - lengthEnd, false, cancellationToken).ConfigureAwait(false);
        return Validate(prefix, text, lengthEnd);
    }

    /// <summary>Disposes the stream unless the reader was told to leave it open.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            if (!_leaveOpen)
            {
                _stream.Dispose();
            }
        }
    }

    /// <summary>Disposes the stream unless the reader was told to leave it open.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            if (!_leaveOpen)
            {
                await _stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static int PreambleEnd(ReadOnlySpan<byte> preamble, int got)
    {
        if (got < PreambleLength || !NpyHeader.IsNpyMagic(preamble))
        {
            // Let the header code produce its precise message (bad magic or too short).
            NpyHeader.TryGetPrefixLength(preamble[..got], null, out _);
            throw new NpyFormatException($"The input is too short for a .npy file: {got} bytes where the magic string and version need {PreambleLength}.");
        }

        return preamble[6] == 1 ? 10 : 12;
    }

    private int PrefixLength(ReadOnlySpan<byte> preamble, int lengthEnd)
    {
        if (preamble.Length < lengthEnd || !NpyHeader.TryGetPrefixLength(preamble, _limits, out int prefixLength))
        {
            throw new NpyFormatException($"The input ends inside the .npy header length field ({preamble.Length} of {lengthEnd} bytes).");
        }

        if (_stream.CanSeek)
        {
            long available = _stream.Length - _stream.Position;
            if (prefixLength - lengthEnd > available)
            {
                throw new NpyFormatException($"The .npy header is truncated: it declares {prefixLength - lengthEnd} bytes, {available} are available.");
            }
        }

        return prefixLength;
    }

    private NpyHeader Validate(byte[] prefix, int textRead, int lengthEnd)
    {
        if (textRead < prefix.Length - lengthEnd)
        {
            throw new NpyFormatException($"The .npy header is truncated: it declares {prefix.Length - lengthEnd} bytes, {textRead} are available.");
        }

        NpyHeader header = HeaderAdmission.Admit(NpyHeader.Parse(prefix, _limits), _limits, "The array");
        if (_stream.CanSeek)
        {
            long available = _stream.Length - _stream.Position;
            if (header.DataLength > available)
            {
                throw new NpyFormatException($"The .npy header declares {header.DataLength} data bytes, but only {available} are available.");
            }
        }

        return header;
    }

    private List<byte[]> ReadPieces(long expected)
    {
        var pieces = new List<byte[]>();
        long total = 0;
        while (total < expected)
        {
            var piece = new byte[(int)Math.Min(DirectReadThreshold, expected - total)];
            int read = _stream.ReadAtLeast(piece, piece.Length, throwOnEndOfStream: false);
            total += read;
            CheckComplete(read, piece.Length, total, expected);
            pieces.Add(piece);
        }

        return pieces;
    }

    private static void Join(List<byte[]> pieces, Span<byte> data)
    {
        int offset = 0;
        foreach (byte[] piece in pieces)
        {
            piece.CopyTo(data[offset..]);
            offset += piece.Length;
        }
    }

    private static void CheckComplete(int read, int wanted, long total, long expected)
    {
        if (read < wanted)
        {
            CheckComplete(total, expected);
        }
    }

    private static void CheckComplete(long read, long expected)
    {
        if (read < expected)
        {
            throw new NpyFormatException($"The .npy data is truncated: expected {expected} bytes, got {read}.");
        }
    }

    private static long[] ToArray(IReadOnlyList<long> shape)
    {
        var result = new long[shape.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = shape[i];
        }

        return result;
    }
}

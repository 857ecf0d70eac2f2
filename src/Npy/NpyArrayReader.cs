using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Npy.Internal;

namespace Npy;

/// <summary>Reads one array's data in pieces, for arrays larger than memory or than a .NET array (over 2^31 elements).</summary>
/// <remarks>
/// <para>
/// Opened from a <c>.npy</c> (<see cref="NpyFile.OpenArray"/>, or any stream positioned at a <c>.npy</c>) or from an
/// archive member (<see cref="NpzReader.OpenArray"/>). Only the header is read up front; data is read in order, into
/// memory the caller supplies or into one reusable buffer (<see cref="ReadChunks{T}"/>), so memory stays bounded
/// whatever the array's size. <see cref="NpyLimits.MaxArrayBytes"/> therefore does not apply (nothing proportional
/// to the array is allocated); an archive's <see cref="NpyLimits.MaxTotalBytes"/> still does.
/// </para>
/// <para>
/// Elements are read as <c>T</c> in the file's memory order (<see cref="NpyHeader.FortranOrder"/>):
/// either a CLR type matching the dtype (converted to the machine's byte order), or <see cref="byte"/> for the raw
/// bytes in the file's byte order. Archive members are CRC-checked when their last byte has been read.
/// </para>
/// </remarks>
public sealed class NpyArrayReader : IDisposable, IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly bool _drainAtEnd;
    private long _bytesRead;
    private bool _disposed;

    /// <summary>Reads the header of the <c>.npy</c> at the stream's position and prepares to read its data.</summary>
    /// <param name="stream">A readable stream (need not be seekable) positioned at a <c>.npy</c>.</param>
    /// <param name="limits">Limits for the header; <see cref="NpyLimits.MaxArrayBytes"/> is not applied.</param>
    /// <param name="leaveOpen">Whether disposing the reader leaves <paramref name="stream"/> open.</param>
    /// <exception cref="NpyFormatException">The header is malformed, or the stream ends where the header says data should be.</exception>
    /// <exception cref="NotSupportedException">The array holds pickled Python objects.</exception>
    public NpyArrayReader(Stream stream, NpyLimits? limits = null, bool leaveOpen = false)
        : this(stream, limits, leaveOpen, drainAtEnd: false)
    {
    }

    internal NpyArrayReader(Stream stream, NpyLimits? limits, bool leaveOpen, bool drainAtEnd)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _leaveOpen = leaveOpen;
        _drainAtEnd = drainAtEnd;
        long start = TryGetPosition(stream);
        using var headerReader = new NpyReader(stream, StreamingLimits(limits), leaveOpen: true);
        Header = headerReader.ReadHeader() ?? throw new NpyFormatException("The input is empty: no .npy header.");
        PrefixLength = start < 0 ? -1 : TryGetPosition(stream) - start;
    }

    /// <summary>Gets the number of bytes the header took, or -1 when the stream cannot tell its position.</summary>
    internal long PrefixLength { get; }

    /// <summary>Gets the array's dtype, shape and order.</summary>
    public NpyHeader Header { get; }

    /// <summary>Gets the number of data bytes read so far.</summary>
    public long BytesRead => _bytesRead;

    /// <summary>Gets the number of data bytes not read yet.</summary>
    public long BytesRemaining => Header.DataLength - _bytesRead;

    /// <summary>Gets the number of whole elements read so far.</summary>
    public long ElementsRead => Header.DType.ItemSize == 0 ? 0 : _bytesRead / Header.DType.ItemSize;

    /// <summary>Reads the next elements into <paramref name="destination"/>.</summary>
    /// <typeparam name="T">A CLR type matching the dtype, or <see cref="byte"/> for raw bytes.</typeparam>
    /// <param name="destination">Where to put them.</param>
    /// <returns>The number of elements read: <c>min(destination.Length, remaining)</c>; 0 at the end of the data.</returns>
    /// <exception cref="NpyTypeMismatchException"><typeparamref name="T"/> does not match the dtype.</exception>
    /// <exception cref="NpyFormatException">The data ends early.</exception>
    /// <exception cref="NpzFormatException">The archive member is corrupt (CRC, deflate stream).</exception>
    public int Read<T>(Span<T> destination)
        where T : unmanaged
    {
        int count = Prepare<T>(destination.Length, out bool swap);
        Span<byte> bytes = MemoryMarshal.AsBytes(destination[..count]);
        int got = _stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        return Complete(bytes, got, count, swap);
    }

    /// <summary>Reads the next elements into <paramref name="destination"/>.</summary>
    /// <typeparam name="T">A CLR type matching the dtype, or <see cref="byte"/> for raw bytes.</typeparam>
    /// <param name="destination">Where to put them.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The number of elements read; 0 at the end of the data.</returns>
    public async ValueTask<int> ReadAsync<T>(Memory<T> destination, CancellationToken cancellationToken = default)
        where T : unmanaged
    {
        int count = Prepare<T>(destination.Length, out bool swap);
        int byteCount = checked(count * Unsafe.SizeOf<T>());
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, Math.Min(byteCount, 1 << 20)));
        try
        {
            // Stream.ReadAsync needs Memory<byte>; go through a bounded pooled buffer.
            int done = 0;
            while (done < byteCount)
            {
                int want = Math.Min(buffer.Length, byteCount - done);
                int got = await _stream.ReadAtLeastAsync(buffer.AsMemory(0, want), want, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                buffer.AsSpan(0, got).CopyTo(MemoryMarshal.AsBytes(destination.Span)[done..]);
                done += got;
                if (got < want)
                {
                    break;
                }
            }

            return Complete(MemoryMarshal.AsBytes(destination.Span[..count]), done, count, swap);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads the data as a sequence of chunks of at most <paramref name="maxElements"/> elements, through one reused buffer.</summary>
    /// <typeparam name="T">A CLR type matching the dtype, or <see cref="byte"/> for raw bytes.</typeparam>
    /// <param name="maxElements">The most elements per chunk (for slices of the first axis: a multiple of the row size).</param>
    /// <returns>The chunks in order. Each is valid only until the enumeration moves on: copy what you keep.</returns>
    public IEnumerable<ReadOnlyMemory<T>> ReadChunks<T>(int maxElements)
        where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxElements, 1);
        Prepare<T>(0, out _);
        return Iterate();

        IEnumerable<ReadOnlyMemory<T>> Iterate()
        {
            long remaining = BytesRemaining / Unsafe.SizeOf<T>();
            var buffer = new T[(int)Math.Min(maxElements, Math.Max(1, remaining))];
            int n;
            while ((n = Read<T>(buffer)) > 0)
            {
                yield return buffer.AsMemory(0, n);
            }
        }
    }

    /// <summary>Reads the data as an asynchronous sequence of chunks of at most <paramref name="maxElements"/> elements, through one reused buffer.</summary>
    /// <typeparam name="T">A CLR type matching the dtype, or <see cref="byte"/> for raw bytes.</typeparam>
    /// <param name="maxElements">The most elements per chunk.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The chunks in order; each is valid only until the enumeration moves on.</returns>
    public async IAsyncEnumerable<ReadOnlyMemory<T>> ReadChunksAsync<T>(int maxElements, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxElements, 1);
        Prepare<T>(0, out _);
        long remaining = BytesRemaining / Unsafe.SizeOf<T>();
        var buffer = new T[(int)Math.Min(maxElements, Math.Max(1, remaining))];
        int n;
        while ((n = await ReadAsync<T>(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            yield return buffer.AsMemory(0, n);
        }
    }

    /// <summary>Disposes the stream unless told to leave it open.</summary>
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

    /// <summary>Disposes the stream unless told to leave it open.</summary>
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

    /// <summary>The limits used when data is streamed: the per-array allocation cap does not apply.</summary>
    internal static NpyLimits StreamingLimits(NpyLimits? limits) => (limits ?? NpyLimits.Default) with { MaxArrayBytes = long.MaxValue };

    private static long TryGetPosition(Stream stream)
    {
        try
        {
            return stream.Position;
        }
        catch (NotSupportedException)
        {
            return -1;
        }
    }

    private int Prepare<T>(int wanted, out bool swap)
        where T : unmanaged
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        swap = ElementTyping<T>.CheckRead(Header.DType);
        int size = Unsafe.SizeOf<T>();
        if (_bytesRead % size != 0)
        {
            throw new InvalidOperationException("The raw bytes read so far end inside an element; read whole elements before reading typed values.");
        }

        return (int)Math.Min(wanted, BytesRemaining / size);
    }

    private int Complete(Span<byte> bytes, int got, int count, bool swap)
    {
        _bytesRead += got;
        if (got < bytes.Length)
        {
            throw new NpyFormatException($"The .npy data is truncated: expected {Header.DataLength} bytes, got {_bytesRead}.");
        }

        if (swap)
        {
            ByteSwapper.ToNativeInPlace(bytes, Header.DType, count);
        }

        if (BytesRemaining == 0 && _drainAtEnd)
        {
            // Bytes after the array count toward the member's CRC, which is checked when its end is reached.
            _stream.CopyTo(Stream.Null);
        }

        return count;
    }
}

using System.Runtime.InteropServices;

namespace Npy;

/// <summary>Writes arrays to a stream in the <c>.npy</c> format, byte-identical to <c>numpy.save</c>.</summary>
/// <remarks>
/// The stream need not be seekable. Several arrays may be written one after another; <see cref="NpyReader"/> (and
/// successive <c>numpy.load</c> calls on one file) read them back in turn. Data is written straight from the
/// caller's memory.
/// </remarks>
public sealed class NpyWriter : IDisposable, IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private bool _disposed;

    /// <summary>Creates a writer over a stream. Does no I/O.</summary>
    /// <param name="stream">A writable stream; arrays are written at its current position.</param>
    /// <param name="leaveOpen">Whether disposing the writer leaves <paramref name="stream"/> open.</param>
    /// <exception cref="ArgumentException">The stream cannot be written.</exception>
    public NpyWriter(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream must be writable.", nameof(stream));
        }

        _stream = stream;
        _leaveOpen = leaveOpen;
    }

    /// <summary>Writes one array.</summary>
    /// <param name="array">The array.</param>
    /// <exception cref="NotSupportedException">The dtype holds Python objects.</exception>
    public void Write(NpyArray array)
    {
        ArgumentNullException.ThrowIfNull(array);
        ObjectDisposedException.ThrowIf(_disposed, this);
        _stream.Write(HeaderFor(array));
        _stream.Write(array.Data.Span);
    }

    /// <summary>Writes one array from a span of elements, without copying them.</summary>
    /// <typeparam name="T">An element type with a NumPy dtype (see <see cref="NpyArray.FromArray{T}(T[], long[])"/>).</typeparam>
    /// <param name="values">The elements, in the order <paramref name="fortranOrder"/> states.</param>
    /// <param name="shape">The dimensions; empty means <c>(values.Length,)</c>.</param>
    /// <param name="fortranOrder">Whether <paramref name="values"/> is in column-major order.</param>
    public void Write<T>(ReadOnlySpan<T> values, ReadOnlySpan<long> shape = default, bool fortranOrder = false)
        where T : unmanaged
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        long[] s = shape.IsEmpty ? [values.Length] : shape.ToArray();
        var header = new NpyHeader(Internal.ClrTypeMap.GetDType<T>(), s, fortranOrder && !NpyArray.IsOrderIrrelevant(s));
        if (header.ElementCount != values.Length)
        {
            throw new ArgumentException($"Shape {NpyArray.ShapeText(s)} holds {header.ElementCount} elements, but {values.Length} were given.", nameof(shape));
        }

        _stream.Write(header.Format());
        _stream.Write(MemoryMarshal.AsBytes(values));
    }

    /// <summary>Writes one array.</summary>
    /// <param name="array">The array.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <exception cref="NotSupportedException">The dtype holds Python objects.</exception>
    public async ValueTask WriteAsync(NpyArray array, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(array);
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _stream.WriteAsync(HeaderFor(array), cancellationToken).ConfigureAwait(false);
        await _stream.WriteAsync(array.Data, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Flushes the stream and disposes it unless the writer was told to leave it open.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _stream.Flush();
            if (!_leaveOpen)
            {
                _stream.Dispose();
            }
        }
    }

    /// <summary>Flushes the stream and disposes it unless the writer was told to leave it open.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            await _stream.FlushAsync().ConfigureAwait(false);
            if (!_leaveOpen)
            {
                await _stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Formats the header NumPy would write for the array (Fortran order only when it differs from C order, as NumPy decides).</summary>
    internal static byte[] HeaderFor(NpyArray array)
    {
        if (array.DType.HasObject)
        {
            throw new NotSupportedException($"Arrays of dtype '{array.DType}' hold Python objects, which would have to be pickled; pickled object arrays are not supported.");
        }

        return new NpyHeader(array.DType, array.ShapeArray, array.FortranOrder && !array.IsOrderIrrelevant()).Format();
    }
}

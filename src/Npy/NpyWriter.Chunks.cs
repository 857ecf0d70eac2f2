using System.Runtime.InteropServices;
using Npy.Internal;

namespace Npy;

/// <content>Writing arrays larger than memory from a sequence of chunks.</content>
public sealed partial class NpyWriter
{
    /// <summary>Writes one array from a sequence of chunks (for example slices of the first axis) that together fill <paramref name="header"/>'s shape.</summary>
    /// <typeparam name="T">A CLR type matching the dtype in the machine's byte order, or <see cref="byte"/> for raw bytes in the dtype's byte order.</typeparam>
    /// <param name="header">The array's dtype, shape and order; any size, also beyond 2^31 elements.</param>
    /// <param name="chunks">The elements in the header's memory order, in pieces of any length.</param>
    /// <exception cref="InvalidOperationException">The chunks hold fewer or more bytes than the shape needs (a chunk that would overfill is not written; the stream then holds an incomplete array).</exception>
    /// <exception cref="NpyTypeMismatchException"><typeparamref name="T"/> does not match the dtype.</exception>
    public void WriteArray<T>(NpyHeader header, IEnumerable<ReadOnlyMemory<T>> chunks)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(chunks);
        ObjectDisposedException.ThrowIf(_disposed, this);
        ElementTyping<T>.CheckWrite(header.DType);
        if (header.DType.HasObject)
        {
            throw new NotSupportedException($"Arrays of dtype '{header.DType}' hold Python objects; pickled object arrays are not supported.");
        }

        _stream.Write(header.Format());
        long written = 0;
        foreach (ReadOnlyMemory<T> chunk in chunks)
        {
            ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(chunk.Span);
            if (bytes.Length > header.DataLength - written)
            {
                throw new InvalidOperationException($"The chunks overfill the array: it takes {header.DataLength} bytes, and {written} + {bytes.Length} were given.");
            }

            _stream.Write(bytes);
            written += bytes.Length;
        }

        if (written != header.DataLength)
        {
            throw new InvalidOperationException($"The chunks hold {written} bytes, but the array's shape needs {header.DataLength}.");
        }
    }
}

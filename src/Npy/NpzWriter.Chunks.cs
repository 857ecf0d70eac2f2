using System.Runtime.InteropServices;
using Npy.Internal;

namespace Npy;

/// <content>Writing members larger than memory from a sequence of chunks.</content>
public sealed partial class NpzWriter
{
    /// <summary>Adds the member <c>&lt;name&gt;.npy</c> from a sequence of chunks (for example slices of the first axis) that together fill <paramref name="header"/>'s shape.</summary>
    /// <typeparam name="T">A CLR type matching the dtype in the machine's byte order, or <see cref="byte"/> for raw bytes in the dtype's byte order.</typeparam>
    /// <param name="name">The key.</param>
    /// <param name="header">The array's dtype, shape and order; any size, also beyond 2^31 elements.</param>
    /// <param name="chunks">The elements in the header's memory order, in pieces of any length; each is copied before the next is asked for.</param>
    /// <remarks>Memory stays bounded: chunks are compressed while later ones are produced, with the writer's usual in-flight budget.</remarks>
    /// <exception cref="InvalidOperationException">
    /// The chunks hold fewer or more bytes than the shape needs. The archive cannot then be completed: the writer
    /// refuses further calls and disposing it writes no central directory (a path save leaves the old file untouched).
    /// </exception>
    /// <exception cref="NpyTypeMismatchException"><typeparamref name="T"/> does not match the dtype.</exception>
    public void WriteArray<T>(string name, NpyHeader header, IEnumerable<ReadOnlyMemory<T>> chunks)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(chunks);
        ElementTyping<T>.CheckWrite(header.DType);
        Stream member = OpenArray(name, header);
        try
        {
            foreach (ReadOnlyMemory<T> chunk in chunks)
            {
                member.Write(MemoryMarshal.AsBytes(chunk.Span));
            }

            CheckFilled(member, header, name);
        }
        catch (Exception ex)
        {
            _zip.Fail(ex);
            throw;
        }

        member.Dispose();
    }

    /// <summary>Adds the member <c>&lt;name&gt;.npy</c> from an asynchronous sequence of chunks that together fill <paramref name="header"/>'s shape.</summary>
    /// <typeparam name="T">A CLR type matching the dtype in the machine's byte order, or <see cref="byte"/> for raw bytes.</typeparam>
    /// <param name="name">The key.</param>
    /// <param name="header">The array's dtype, shape and order.</param>
    /// <param name="chunks">The elements in the header's memory order, in pieces of any length.</param>
    /// <param name="cancellationToken">Cancels the write (the archive then cannot be completed, as for a wrong size).</param>
    /// <returns>A task that completes when the last chunk has been handed to the writer.</returns>
    public async Task WriteArrayAsync<T>(string name, NpyHeader header, IAsyncEnumerable<ReadOnlyMemory<T>> chunks, CancellationToken cancellationToken = default)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(chunks);
        ElementTyping<T>.CheckWrite(header.DType);
        Stream member = OpenArray(name, header);
        try
        {
            await foreach (ReadOnlyMemory<T> chunk in chunks.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                member.Write(MemoryMarshal.AsBytes(chunk.Span));
            }

            CheckFilled(member, header, name);
        }
        catch (Exception ex)
        {
            _zip.Fail(ex);
            throw;
        }

        member.Dispose();
    }

    private static void CheckFilled(Stream member, NpyHeader header, string name)
    {
        if (member.Position != header.DataLength)
        {
            throw new InvalidOperationException(
                $"The chunks of '{name}' hold {member.Position} bytes, but its shape needs {header.DataLength}; the archive cannot be completed.");
        }
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Npy.Internal;

namespace Npy;

/// <content>Arrays larger than memory: saving from chunks, reading in chunks or by element range.</content>
public static partial class NpyFile
{
    /// <summary>Saves an array of any size from a sequence of chunks, crash-safely.</summary>
    /// <typeparam name="T">A CLR type matching the dtype in the machine's byte order, or <see cref="byte"/> for raw bytes.</typeparam>
    /// <param name="path">The target path; <c>.npy</c> is appended when it does not end with it.</param>
    /// <param name="header">The array's dtype, shape and order.</param>
    /// <param name="chunks">The elements in the header's memory order, in pieces of any length.</param>
    /// <param name="options">Whether to flush to disk before replacing the old file; <see cref="NpySaveOptions.Default"/> when <see langword="null"/>.</param>
    /// <returns>The path written.</returns>
    /// <exception cref="InvalidOperationException">The chunks hold fewer or more bytes than the shape needs; an existing file is left untouched.</exception>
    public static string Save<T>(string path, NpyHeader header, IEnumerable<ReadOnlyMemory<T>> chunks, NpySaveOptions? options = null)
        where T : unmanaged
    {
        string target = WithExtension(path);
        AtomicFile.Write(
            target,
            stream =>
            {
                using var writer = new NpyWriter(stream, leaveOpen: true);
                writer.WriteArray(header, chunks);
            },
            (options ?? NpySaveOptions.Default).FlushToDisk);
        return target;
    }

    /// <summary>Opens a <c>.npy</c> file for reading its data in pieces; only the header is read now.</summary>
    /// <param name="path">The file.</param>
    /// <param name="limits">Limits for the header (<see cref="NpyLimits.MaxArrayBytes"/> does not apply: memory stays bounded).</param>
    /// <returns>The reader; dispose it to close the file.</returns>
    /// <exception cref="NpyFormatException">The file is not a valid <c>.npy</c> or is shorter than its header declares.</exception>
    public static NpyArrayReader OpenArray(string path, NpyLimits? limits = null)
    {
        FileStream stream = OpenRead(path);
        try
        {
            return new NpyArrayReader(stream, limits, leaveOpen: false);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Reads the elements [<paramref name="elementOffset"/>, <paramref name="elementOffset"/> + destination.Length) of a <c>.npy</c> file into caller memory.</summary>
    /// <typeparam name="T">A CLR type matching the dtype (converted to the machine's byte order), or <see cref="byte"/> (offset and length then count bytes).</typeparam>
    /// <param name="path">The file.</param>
    /// <param name="elementOffset">The first element, in the file's memory order.</param>
    /// <param name="destination">Where to put the elements.</param>
    /// <param name="limits">Limits for the header.</param>
    /// <exception cref="ArgumentOutOfRangeException">The range runs past the array's end.</exception>
    public static void ReadInto<T>(string path, long elementOffset, Span<T> destination, NpyLimits? limits = null)
        where T : unmanaged
    {
        using FileStream stream = OpenRead(path);
        using var reader = new NpyArrayReader(stream, limits, leaveOpen: true);
        bool swap = ElementTyping<T>.CheckRead(reader.Header.DType);
        int size = Unsafe.SizeOf<T>();
        long total = reader.Header.DataLength / size;
        ArgumentOutOfRangeException.ThrowIfNegative(elementOffset);
        if (elementOffset > total || destination.Length > total - elementOffset)
        {
            throw new ArgumentOutOfRangeException(nameof(elementOffset), elementOffset, $"The range runs past the array's {total} elements.");
        }

        stream.Position = reader.PrefixLength + (elementOffset * size);
        Span<byte> bytes = MemoryMarshal.AsBytes(destination);
        stream.ReadExactly(bytes);
        if (swap)
        {
            ByteSwapper.ToNativeInPlace(bytes, reader.Header.DType, destination.Length);
        }
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Npy.Internal;

namespace Npy;

/// <content>Reading members larger than memory: sequentially in chunks, or a range of elements into caller memory.</content>
public sealed partial class NpzReader
{
    /// <summary>Opens an array member for reading in pieces; only its header is decompressed now.</summary>
    /// <param name="key">The key, with or without <c>.npy</c>.</param>
    /// <returns>A reader of the member's data; its CRC-32 is checked when the last byte has been read.</returns>
    /// <exception cref="KeyNotFoundException">No member has that key.</exception>
    /// <exception cref="NpyFormatException">The member is not a valid <c>.npy</c>, or holds less data than its header declares.</exception>
    /// <remarks><see cref="NpyLimits.MaxArrayBytes"/> does not apply (memory stays bounded); <see cref="NpyLimits.MaxTotalBytes"/> does.</remarks>
    public NpyArrayReader OpenArray(string key)
    {
        NpzMember member = GetMember(key);
        Stream stream = _zip.OpenRead(member.Entry);
        try
        {
            var reader = new NpyArrayReader(stream, _limits, leaveOpen: false, drainAtEnd: true);
            long available = member.Size - reader.PrefixLength;
            if (reader.Header.DataLength > available)
            {
                throw new NpyFormatException(
                    $"Member '{member.MemberName}' declares {reader.Header.DataLength} data bytes but holds only {available}.");
            }

            return reader;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Reads the elements [<paramref name="elementOffset"/>, <paramref name="elementOffset"/> + destination.Length) of an array member into caller memory.</summary>
    /// <typeparam name="T">A CLR type matching the dtype, or <see cref="byte"/> (then the offset and length count bytes of data).</typeparam>
    /// <param name="key">The key, with or without <c>.npy</c>.</param>
    /// <param name="elementOffset">The first element to read, in the file's memory order.</param>
    /// <param name="destination">Where to put the elements.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <remarks>
    /// Stored members are read in place, unverified (their CRC-32 covers the whole member; read it with
    /// <see cref="OpenArray"/> to have it checked). Deflated members written by this library inflate only the chunks
    /// the range touches, on all cores, each checked against its own CRC-32. Other deflated members are inflated from
    /// the start, through a small buffer, and their CRC-32 is checked only when the range reaches the member's end.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The range runs past the array's end.</exception>
    /// <exception cref="NpyTypeMismatchException"><typeparamref name="T"/> does not match the dtype.</exception>
    public unsafe void ReadInto<T>(string key, long elementOffset, Span<T> destination, CancellationToken cancellationToken = default)
        where T : unmanaged
    {
        NpzMember member = GetMember(key);
        NpyHeader header;
        long prefixLength;
        using (NpyArrayReader probe = OpenArrayHeaderOnly(member))
        {
            header = probe.Header;
            prefixLength = probe.PrefixLength;
        }

        bool swap = ElementTyping<T>.CheckRead(header.DType);
        int size = Unsafe.SizeOf<T>();
        long total = header.DataLength / size;
        ArgumentOutOfRangeException.ThrowIfNegative(elementOffset);
        if (elementOffset > total || destination.Length > total - elementOffset)
        {
            throw new ArgumentOutOfRangeException(nameof(elementOffset), elementOffset, $"The range runs past the array's {total} elements.");
        }

        Span<byte> bytes = MemoryMarshal.AsBytes(destination);
        fixed (byte* pointer = bytes)
        {
            // Pinned for the whole call: the parallel inflate writes through a Memory<byte> over this pointer.
            var memory = new PointerMemoryManager<byte>(pointer, bytes.Length).Memory;
            _zip.ReadRange(member.Entry, prefixLength + (elementOffset * size), memory, cancellationToken);
        }

        if (swap)
        {
            ByteSwapper.ToNativeInPlace(bytes, header.DType, destination.Length);
        }
    }

    private NpyArrayReader OpenArrayHeaderOnly(NpzMember member)
    {
        Stream stream = _zip.OpenRead(member.Entry);
        try
        {
            var reader = new NpyArrayReader(stream, _limits, leaveOpen: false, drainAtEnd: false);
            if (reader.Header.DataLength > member.Size - reader.PrefixLength)
            {
                throw new NpyFormatException(
                    $"Member '{member.MemberName}' declares {reader.Header.DataLength} data bytes but holds only {member.Size - reader.PrefixLength}.");
            }

            return reader;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Finds a stored array member's data in the archive file, for memory-mapping.</summary>
    /// <returns>The header, where the member's bytes start and how many there are, where the array data starts, and the member's CRC-32.</returns>
    internal (NpyHeader Header, long MemberStart, long MemberSize, long DataOffset, uint Crc) LocateStoredArray(string key)
    {
        NpzMember member = GetMember(key);
        if (member.Compression != NpzCompression.Stored)
        {
            throw new NotSupportedException(
                $"Member '{member.MemberName}' is deflated, so it cannot be memory-mapped; read it with OpenArray or ReadInto.");
        }

        long prefixLength;
        NpyHeader header;
        using (NpyArrayReader probe = OpenArrayHeaderOnly(member))
        {
            header = probe.Header;
            prefixLength = probe.PrefixLength;
        }

        long start = _zip.GetDataOffset(member.Entry);
        return (header, start, member.Size, start + prefixLength, member.Crc32);
    }
}

using System.IO.Hashing;
using System.IO.MemoryMappedFiles;
using System.Runtime.CompilerServices;
using Npy.Internal;

namespace Npy;

/// <summary>A memory-mapped, zero-copy view of an array's data: a <c>.npy</c> file or a stored <c>.npz</c> member, as <c>numpy.load(mmap_mode=...)</c> and <c>numpy.lib.format.open_memmap</c>.</summary>
/// <remarks>
/// <para>
/// The spans and memories handed out point straight into the mapping: the operating system pages data in on demand
/// and, for a writable map, writes changes back. They must not be used after <see cref="Dispose"/>. Elements are in
/// the file's memory order (<see cref="NpyHeader.FortranOrder"/>); typed views need the dtype in the machine's byte
/// order, <see cref="byte"/> views work for any dtype. Views of arrays over 2^31 elements are taken in ranges.
/// As with any memory map, another process that truncates the file while it is mapped makes accesses past the new
/// end fault; map only files nobody else shortens.
/// </para>
/// <para>
/// <c>.npy</c> data starts at a multiple of 64 bytes, as NumPy writes it. Members of archives written with
/// <see cref="NpzWriterOptions.AlignData"/> are aligned the same way; NumPy's own archives are not, which is harmless on
/// x86 and ARM64 (unaligned loads are allowed) but slower for some vector code.
/// </para>
/// </remarks>
public sealed unsafe class NpyMemoryMap : IDisposable
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private byte* _data;
    private bool _disposed;

    private NpyMemoryMap(FileStream stream, NpyHeader header, long dataOffset, bool writable)
    {
        Header = header;
        DataOffset = dataOffset;
        IsWritable = writable;
        var access = writable ? MemoryMappedFileAccess.ReadWrite : MemoryMappedFileAccess.Read;
        _file = MemoryMappedFile.CreateFromFile(stream, null, 0, access, HandleInheritability.None, leaveOpen: false);
        try
        {
            _view = _file.CreateViewAccessor(0, dataOffset + header.DataLength, access);
            byte* start = null;
            _view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
            _data = start + _view.PointerOffset + dataOffset;
        }
        catch
        {
            _view?.Dispose();
            _file.Dispose();
            throw;
        }
    }

    /// <summary>Gets the array's dtype, shape and order.</summary>
    public NpyHeader Header { get; }

    /// <summary>Gets the file offset where the array data starts.</summary>
    public long DataOffset { get; }

    /// <summary>Gets whether the data can be changed through the map.</summary>
    public bool IsWritable { get; }

    /// <summary>Maps a <c>.npy</c> file, as <c>numpy.load(path, mmap_mode='r')</c> or <c>'r+'</c>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="writable">Whether changes through the map are written to the file.</param>
    /// <param name="limits">Limits for the header (<see cref="NpyLimits.MaxArrayBytes"/> does not apply: nothing is allocated).</param>
    /// <returns>The map; dispose it to unmap the file.</returns>
    /// <exception cref="NpyFormatException">The file is not a valid <c>.npy</c> or is shorter than its header declares.</exception>
    public static NpyMemoryMap Open(string path, bool writable = false, NpyLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var stream = new FileStream(path, FileMode.Open, writable ? FileAccess.ReadWrite : FileAccess.Read, writable ? FileShare.Read : FileShare.ReadWrite);
        try
        {
            NpyHeader header;
            long prefix;
            using (var reader = new NpyArrayReader(stream, limits, leaveOpen: true))
            {
                header = reader.Header;
                prefix = reader.PrefixLength;
            }

            return new NpyMemoryMap(stream, header, prefix, writable);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Creates (or overwrites) a <c>.npy</c> file of the given dtype and shape and maps it writable, as <c>numpy.lib.format.open_memmap(path, mode='w+')</c>.</summary>
    /// <param name="path">The file to create; no extension is added.</param>
    /// <param name="header">The array's dtype, shape and order. The header bytes are NumPy's; the data starts zeroed.</param>
    /// <returns>The writable map.</returns>
    /// <exception cref="NotSupportedException">The dtype holds Python objects.</exception>
    public static NpyMemoryMap Create(string path, NpyHeader header)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(header);
        if (header.DType.HasObject)
        {
            throw new NotSupportedException($"Arrays of dtype '{header.DType}' hold Python objects, which cannot be memory-mapped.");
        }

        byte[] prefix = header.Format();
        var stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            stream.Write(prefix);
            stream.SetLength(checked(prefix.Length + header.DataLength));
            return new NpyMemoryMap(stream, header, prefix.Length, writable: true);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Maps a stored (uncompressed) member of a <c>.npz</c> file read-only.</summary>
    /// <param name="path">The archive.</param>
    /// <param name="key">The member's key, with or without <c>.npy</c>.</param>
    /// <param name="limits">Limits for the archive and the header.</param>
    /// <param name="verifyCrc">Whether to check the member's CRC-32 now, reading it once through the map (default: no, the map stays lazy).</param>
    /// <returns>The read-only map.</returns>
    /// <exception cref="NotSupportedException">The member is deflated: read it with <see cref="NpzReader.OpenArray"/> or <see cref="NpzReader.ReadInto{T}"/>.</exception>
    /// <exception cref="NpzFormatException">The archive is malformed, or <paramref name="verifyCrc"/> found a CRC mismatch.</exception>
    public static NpyMemoryMap OpenMember(string path, string key, NpyLimits? limits = null, bool verifyCrc = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            NpyHeader header;
            long memberStart;
            long memberSize;
            long dataOffset;
            uint crc;
            using (NpzReader archive = NpzReader.Open(stream, limits, leaveOpen: true))
            {
                (header, memberStart, memberSize, dataOffset, crc) = archive.LocateStoredArray(key);
            }

            var map = new NpyMemoryMap(stream, header, dataOffset, writable: false);
            if (verifyCrc)
            {
                try
                {
                    map.VerifyMember(memberStart, memberSize, crc, path, key);
                }
                catch
                {
                    map.Dispose();
                    throw;
                }
            }

            return map;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Gets the whole data as a read-only span.</summary>
    /// <typeparam name="T">A CLR type matching the dtype in the machine's byte order, or <see cref="byte"/>.</typeparam>
    /// <returns>The elements in place.</returns>
    /// <exception cref="InvalidOperationException">The array has more than <see cref="int.MaxValue"/> elements: take ranges.</exception>
    public ReadOnlySpan<T> GetReadOnlySpan<T>()
        where T : unmanaged => GetReadOnlySpan<T>(0, WholeLength<T>());

    /// <summary>Gets a range of the data as a read-only span.</summary>
    /// <typeparam name="T">A CLR type matching the dtype in the machine's byte order, or <see cref="byte"/>.</typeparam>
    /// <param name="elementOffset">The first element.</param>
    /// <param name="length">The number of elements.</param>
    /// <returns>The elements in place.</returns>
    public ReadOnlySpan<T> GetReadOnlySpan<T>(long elementOffset, int length)
        where T : unmanaged => new(Address<T>(elementOffset, length), length);

    /// <summary>Gets the whole data as a writable span (writable maps only).</summary>
    /// <typeparam name="T">A CLR type matching the dtype in the machine's byte order, or <see cref="byte"/>.</typeparam>
    /// <returns>The elements in place; writes go to the file.</returns>
    /// <exception cref="InvalidOperationException">The map is read-only, or the array has more than <see cref="int.MaxValue"/> elements.</exception>
    public Span<T> GetSpan<T>()
        where T : unmanaged => GetSpan<T>(0, WholeLength<T>());

    /// <summary>Gets a range of the data as a writable span (writable maps only).</summary>
    /// <typeparam name="T">A CLR type matching the dtype in the machine's byte order, or <see cref="byte"/>.</typeparam>
    /// <param name="elementOffset">The first element.</param>
    /// <param name="length">The number of elements.</param>
    /// <returns>The elements in place.</returns>
    public Span<T> GetSpan<T>(long elementOffset, int length)
        where T : unmanaged
    {
        ThrowIfReadOnly();
        return new(Address<T>(elementOffset, length), length);
    }

    /// <summary>Gets a range of the data as read-only memory (for async code and APIs that take <see cref="ReadOnlyMemory{T}"/>).</summary>
    /// <typeparam name="T">A CLR type matching the dtype in the machine's byte order, or <see cref="byte"/>.</typeparam>
    /// <param name="elementOffset">The first element.</param>
    /// <param name="length">The number of elements.</param>
    /// <returns>Memory over the mapping; valid until the map is disposed.</returns>
    public ReadOnlyMemory<T> GetReadOnlyMemory<T>(long elementOffset, int length)
        where T : unmanaged => new PointerMemoryManager<T>((T*)Address<T>(elementOffset, length), length).Memory;

    /// <summary>Gets a range of the data as writable memory (writable maps only).</summary>
    /// <typeparam name="T">A CLR type matching the dtype in the machine's byte order, or <see cref="byte"/>.</typeparam>
    /// <param name="elementOffset">The first element.</param>
    /// <param name="length">The number of elements.</param>
    /// <returns>Memory over the mapping; valid until the map is disposed.</returns>
    public Memory<T> GetMemory<T>(long elementOffset, int length)
        where T : unmanaged
    {
        ThrowIfReadOnly();
        return new PointerMemoryManager<T>((T*)Address<T>(elementOffset, length), length).Memory;
    }

    /// <summary>Writes changed pages to the file.</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _view.Flush();
    }

    /// <summary>Unmaps the file (writing changes of a writable map) and closes it.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _data = null;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }

    private int WholeLength<T>()
        where T : unmanaged
    {
        long count = Header.DataLength / Unsafe.SizeOf<T>();
        if (count > int.MaxValue)
        {
            throw new InvalidOperationException($"The array has {count} elements, more than a span can hold; take ranges with GetSpan(elementOffset, length).");
        }

        return (int)count;
    }

    private void* Address<T>(long elementOffset, int length)
        where T : unmanaged
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ElementTyping<T>.CheckView(Header.DType);
        int size = Unsafe.SizeOf<T>();
        long total = Header.DataLength / size;
        ArgumentOutOfRangeException.ThrowIfNegative(elementOffset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (elementOffset > total || length > total - elementOffset)
        {
            throw new ArgumentOutOfRangeException(nameof(elementOffset), elementOffset, $"The range runs past the array's {total} elements.");
        }

        return _data + (elementOffset * size);
    }

    private void ThrowIfReadOnly()
    {
        if (!IsWritable)
        {
            throw new InvalidOperationException("The map is read-only.");
        }
    }

    private void VerifyMember(long memberStart, long memberSize, uint expectedCrc, string archive, string key)
    {
        // The member's bytes (header, data, anything after) sit right before and after the data in the mapped file.
        using var view = _file.CreateViewAccessor(memberStart, memberSize, MemoryMappedFileAccess.Read);
        byte* start = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
        try
        {
            var crc = new Crc32();
            byte* at = start + view.PointerOffset;
            for (long done = 0; done < memberSize;)
            {
                int n = (int)Math.Min(1 << 26, memberSize - done);
                crc.Append(new ReadOnlySpan<byte>(at + done, n));
                done += n;
            }

            if (crc.GetCurrentHashAsUInt32() != expectedCrc)
            {
                throw new NpzFormatException($"CRC-32 mismatch in member '{key}' of '{archive}'.");
            }
        }
        finally
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
        }
    }
}

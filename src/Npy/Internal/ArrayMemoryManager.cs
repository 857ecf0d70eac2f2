using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Npy.Internal;

/// <summary>Exposes the bytes of any unmanaged-element array (one- or multi-dimensional) as <see cref="Memory{T}"/> of bytes, without copying.</summary>
/// <remarks>Lets arrays be stored in their natural CLR element type (so typed views need no copy and stay aligned) while the format code works on bytes.</remarks>
internal sealed class ArrayMemoryManager : MemoryManager<byte>
{
    private readonly Array _array;
    private readonly int _byteLength;

    public ArrayMemoryManager(Array array, int byteLength)
    {
        _array = array;
        _byteLength = byteLength;
    }

    public Array Array => _array;

    public override Span<byte> GetSpan() =>
        MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(_array), _byteLength);

    public override unsafe MemoryHandle Pin(int elementIndex = 0)
    {
        var handle = GCHandle.Alloc(_array, GCHandleType.Pinned);
        var start = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_array));
        return new MemoryHandle(start + elementIndex, handle, this);
    }

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
    }

    /// <summary>Wraps a whole array whose element type is unmanaged.</summary>
    public static Memory<byte> Wrap(Array array, int elementSize)
    {
        long bytes = checked(array.LongLength * elementSize);
        if (bytes > Array.MaxLength)
        {
            throw new ArgumentException("The array holds more than 2 GiB of data; write it in chunks instead.", nameof(array));
        }

        return bytes == 0 ? Memory<byte>.Empty : new ArrayMemoryManager(array, (int)bytes).Memory;
    }

    /// <summary>Allocates a buffer of the given byte length, typed as <typeparamref name="T"/> so that views of it are aligned; zeroed only when asked.</summary>
    /// <remarks>
    /// An uninitialized buffer is about to be overwritten completely, so huge pages are advised for it and, unless
    /// <paramref name="mapPages"/> is false (the caller then maps pieces itself), its pages are mapped up front
    /// (<see cref="FreshPages"/>).
    /// </remarks>
    public static Memory<byte> Allocate<T>(long byteLength, bool zeroed, bool mapPages = true)
        where T : unmanaged
    {
        if (byteLength == 0)
        {
            return Memory<byte>.Empty;
        }

        int size = Unsafe.SizeOf<T>();
        long elements = (byteLength + size - 1) / size;
        if (byteLength > Array.MaxLength || elements > Array.MaxLength)
        {
            throw new NpyLimitExceededException("array data length", byteLength, Array.MaxLength, nameof(NpyLimits.MaxArrayBytes), "--max-array-bytes");
        }

        T[] array;
        if (zeroed)
        {
            array = new T[(int)elements];
        }
        else
        {
            array = GC.AllocateUninitializedArray<T>((int)elements);
            if (byteLength >= FreshPages.Threshold)
            {
                unsafe
                {
                    fixed (T* start = array)
                    {
                        FreshPages.Prepare(start, byteLength, mapPages);
                    }
                }
            }
        }

        return new ArrayMemoryManager(array, (int)byteLength).Memory;
    }
}

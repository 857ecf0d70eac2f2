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
    /// <typeparam name="T">
    /// An unmanaged element type. Not constrained so: ReadyToRun (crossgen2, .NET 10) leaves the instantiations of a
    /// constrained generic method over CoreLib types to the JIT (checked with DOTNET_JitDisasmSummary), so every process
    /// would compile this method at run time.
    /// </typeparam>
    /// <remarks>
    /// An uninitialized buffer is about to be overwritten completely, so huge pages are advised for it and, unless
    /// <paramref name="mapPages"/> is false (the caller then maps pieces itself), its pages are mapped up front
    /// (<see cref="FreshPages"/>).
    /// </remarks>
    public static unsafe Memory<byte> Allocate<T>(long byteLength, bool zeroed, bool mapPages = true)
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

        var memory = new ArrayMemoryManager(zeroed ? new T[(int)elements] : AllocateUninitialized<T>((int)elements, byteLength), (int)byteLength);
        if (!zeroed && byteLength >= FreshPages.Threshold)
        {
            fixed (byte* start = memory.GetSpan())
            {
                FreshPages.Prepare(start, byteLength, mapPages);
            }
        }

        return memory.Memory;
    }

    // GC.AllocateUninitializedArray<T> over a CoreLib element type is compiled at run time even in a ReadyToRun build
    // (CoreLib's image holds only the instantiations CoreLib itself uses): 0.5-1.5 ms on the first use of each type in
    // a process, paid inside the load that needed it. It makes arrays under 2 KiB plain anyway. A plain (precompiled)
    // new T[] costs no more while the GC hands out memory fresh from the OS, which it knows to be zero and does not
    // clear, as it does for a process's first large arrays; later arrays may reuse freed memory, which new T[] would
    // clear. So a type's arrays are plain until a helper thread, asked at the second one, has compiled the
    // uninitialized allocation for that type; from then on they are uninitialized. A race only keeps an array plain.
    private static T[] AllocateUninitialized<T>(int length, long byteLength)
    {
        const int SmallArrayBytes = 2048;
        if (byteLength < SmallArrayBytes)
        {
            return new T[length];
        }

        if (Volatile.Read(ref UninitializedAllocation<T>.Compiled))
        {
            return GC.AllocateUninitializedArray<T>(length);
        }

        // Asked for at the second array, not the first: a process that loads one array of the type (the common case)
        // would only have its load compete with the compilation for the cores.
        if (Interlocked.Increment(ref UninitializedAllocation<T>.PlainArrays) == 2)
        {
            HelperThreads.Queue(static () =>
            {
                GC.AllocateUninitializedArray<T>((SmallArrayBytes / Unsafe.SizeOf<T>()) + 1);
                Volatile.Write(ref UninitializedAllocation<T>.Compiled, true);
            });
        }

        return new T[length];
    }

    // How many large arrays of T were allocated plain, and whether GC.AllocateUninitializedArray<T> has been compiled (see AllocateUninitialized).
    private static class UninitializedAllocation<T>
    {
        public static int PlainArrays;
        public static bool Compiled;
    }
}

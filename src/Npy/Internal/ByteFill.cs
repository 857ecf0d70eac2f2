using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Npy.Internal;

/// <summary>Fills bytes with a value eight at a time.</summary>
/// <remarks>
/// In place of <see cref="Span{T}.Fill"/>, <see cref="Array.Fill{T}(T[], T)"/> and <c>Unsafe.InitBlock</c>, whose
/// vectorised helpers are sized by <c>Vector&lt;T&gt;</c> and so left out of ReadyToRun images: a fresh process
/// would compile them at run time (0.3-0.5 ms each) inside its first save or load. The spans filled here are header
/// padding, code lengths and hash heads (at most 384 KiB, once per 1 MiB chunk: about 25 µs against the chunk's 6.5 ms
/// of matching).
/// </remarks>
internal static class ByteFill
{
    /// <summary>Sets every byte of <paramref name="array"/>'s elements to <paramref name="value"/> (0xFF makes every element -1).</summary>
    /// <remarks>One overload per element type, not a generic method: a ReadyToRun process would compile each generic instantiation at run time.</remarks>
    public static void FillArray(int[] array, byte value) =>
        Fill(MemoryMarshal.CreateSpan(ref Unsafe.As<int, byte>(ref MemoryMarshal.GetArrayDataReference(array)), array.Length * sizeof(int)), value);

    /// <summary>Sets every byte of <paramref name="array"/>'s elements to <paramref name="value"/> (0xFF makes every element -1).</summary>
    public static void FillArray(short[] array, byte value) =>
        Fill(MemoryMarshal.CreateSpan(ref Unsafe.As<short, byte>(ref MemoryMarshal.GetArrayDataReference(array)), array.Length * sizeof(short)), value);

    /// <summary>Sets every byte of <paramref name="span"/> to <paramref name="value"/>.</summary>
    public static void Fill(Span<byte> span, byte value)
    {
        ulong pattern = value * 0x0101_0101_0101_0101UL;
        ref byte start = ref MemoryMarshal.GetReference(span);
        int i = 0;
        for (; i + sizeof(ulong) <= span.Length; i += sizeof(ulong))
        {
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref start, i), pattern);
        }

        for (; i < span.Length; i++)
        {
            Unsafe.Add(ref start, i) = value;
        }
    }
}

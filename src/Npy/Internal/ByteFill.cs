using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Npy.Internal;

/// <summary>Fills bytes with a value eight at a time.</summary>
/// <remarks>
/// In place of <see cref="Span{T}.Fill"/>, <see cref="Array.Fill{T}(T[], T)"/> and <c>Unsafe.InitBlock</c>, whose
/// vectorised helpers are sized by <c>Vector&lt;T&gt;</c> and so left out of ReadyToRun images: a fresh process
/// would compile them at run time (0.3-0.5 ms each) inside its first save or load. The spans filled here are at
/// most a few KiB (header padding, code lengths, a hash head), where eight bytes a step costs well under a microsecond.
/// </remarks>
internal static class ByteFill
{
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

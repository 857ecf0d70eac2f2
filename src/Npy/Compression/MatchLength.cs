using System.Numerics;
using System.Runtime.CompilerServices;

namespace Npy.Compression;

/// <summary>How far an LZ77 match extends: the match finders' innermost comparison, shared by both managed encoders.</summary>
internal static class MatchLength
{
    /// <summary>Returns the number of equal leading bytes at <paramref name="match"/> and <paramref name="scan"/>, at most <paramref name="limit"/>.</summary>
    /// <remarks>Eight bytes a step; inlined into each encoder's chain walk, where it runs for every candidate.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Of(ref byte match, ref byte scan, int limit)
    {
        int i = 0;
        while (i + 8 <= limit)
        {
            ulong difference = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref match, i)) ^ Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref scan, i));
            if (difference != 0)
            {
                int equalBits = BitConverter.IsLittleEndian ? BitOperations.TrailingZeroCount(difference) : BitOperations.LeadingZeroCount(difference);
                return i + (equalBits >> 3);
            }

            i += 8;
        }

        while (i < limit && Unsafe.Add(ref match, i) == Unsafe.Add(ref scan, i))
        {
            i++;
        }

        return i;
    }
}

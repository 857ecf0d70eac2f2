using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Npy.Internal;

/// <summary>Makes read <c>|b1</c> data safe to view as CLR <see cref="bool"/>.</summary>
internal static class BoolNormalizer
{
    // Arrays from this size on are scanned on all cores in pieces of PieceLength: one core alone takes about 5 ms to
    // read 128 MiB, a sixth of a stored load of that size.
    private const int ParallelThreshold = 16 << 20;
    private const int PieceLength = 4 << 20;

    /// <summary>Rewrites every non-zero byte of a top-level bool array to 1.</summary>
    /// <remarks>
    /// NumPy does not validate bool bytes, but a CLR <see cref="bool"/> holding 2 is true in an <c>if</c> yet unequal
    /// to <see langword="true"/>. Loaded arrays hand out their buffer as <c>bool[]</c>, so bytes other than 0 and 1 are
    /// normalised on read (hostile-input.md N18); what NumPy reads as the same truth values is unchanged.
    /// </remarks>
    public static void Normalize(NpyDType dtype, Memory<byte> data)
    {
        if (dtype.Kind != NpyKind.Bool)
        {
            return;
        }

        if (data.Length < ParallelThreshold || Environment.ProcessorCount == 1)
        {
            NormalizeBytes(data.Span);
            return;
        }

        ParallelWork.For(
            0, (data.Length + PieceLength - 1) / PieceLength, Environment.ProcessorCount,
            i => NormalizeBytes(data.Span.Slice(i * PieceLength, Math.Min(PieceLength, data.Length - (i * PieceLength)))),
            CancellationToken.None);
    }

    /// <inheritdoc cref="Normalize(NpyDType, Memory{byte})"/>
    public static void Normalize(NpyDType dtype, Span<byte> data)
    {
        if (dtype.Kind == NpyKind.Bool)
        {
            NormalizeBytes(data);
        }
    }

    /// <summary>Rewrites every byte of <paramref name="data"/> above 1 to 1.</summary>
    /// <remarks>
    /// With Vector128, not <c>IndexOfAnyExcept</c>, whose byte instantiation ReadyToRun images lack (compiled at run
    /// time inside a process's first bool load). A block of 64 bytes is only written when it holds a byte above 1.
    /// </remarks>
    public static void NormalizeBytes(Span<byte> data)
    {
        ref byte start = ref MemoryMarshal.GetReference(data);
        var one = Vector128.Create((byte)1);
        int i = 0;
        for (; i + 64 <= data.Length; i += 64)
        {
            var a = Vector128.LoadUnsafe(ref start, (nuint)i);
            var b = Vector128.LoadUnsafe(ref start, (nuint)(i + 16));
            var c = Vector128.LoadUnsafe(ref start, (nuint)(i + 32));
            var d = Vector128.LoadUnsafe(ref start, (nuint)(i + 48));
            if (Vector128.GreaterThanAny(Vector128.Max(Vector128.Max(a, b), Vector128.Max(c, d)), one))
            {
                Vector128.Min(a, one).StoreUnsafe(ref start, (nuint)i);
                Vector128.Min(b, one).StoreUnsafe(ref start, (nuint)(i + 16));
                Vector128.Min(c, one).StoreUnsafe(ref start, (nuint)(i + 32));
                Vector128.Min(d, one).StoreUnsafe(ref start, (nuint)(i + 48));
            }
        }

        for (; i < data.Length; i++)
        {
            if (data[i] > 1)
            {
                data[i] = 1;
            }
        }
    }
}

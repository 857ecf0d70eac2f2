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
    public static void NormalizeBytes(Span<byte> data)
    {
        int i = data.IndexOfAnyExcept((byte)0, (byte)1);
        while (i >= 0)
        {
            data[i] = 1;
            int next = data[(i + 1)..].IndexOfAnyExcept((byte)0, (byte)1);
            i = next < 0 ? -1 : i + 1 + next;
        }
    }
}

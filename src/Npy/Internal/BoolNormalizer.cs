namespace Npy.Internal;

/// <summary>Makes read <c>|b1</c> data safe to view as CLR <see cref="bool"/>.</summary>
internal static class BoolNormalizer
{
    /// <summary>Rewrites every non-zero byte of a top-level bool array to 1.</summary>
    /// <remarks>
    /// NumPy does not validate bool bytes, but a CLR <see cref="bool"/> holding 2 is true in an <c>if</c> yet unequal
    /// to <see langword="true"/>. Loaded arrays hand out their buffer as <c>bool[]</c>, so bytes other than 0 and 1 are
    /// normalised on read (hostile-input.md N18); what NumPy reads as the same truth values is unchanged.
    /// </remarks>
    public static void Normalize(NpyDType dtype, Span<byte> data)
    {
        if (dtype.Kind != NpyKind.Bool)
        {
            return;
        }

        for (int i = data.IndexOfAnyExcept((byte)0, (byte)1); i >= 0 && i < data.Length; i++)
        {
            if (data[i] > 1)
            {
                data[i] = 1;
            }
        }
    }
}

namespace Npy.Internal;

/// <summary>Converts element layouts between column-major (Fortran) and row-major (C) order.</summary>
internal static class Transpose
{
    /// <summary>Copies <paramref name="source"/> in Fortran order to <paramref name="destination"/> in C order.</summary>
    public static void FortranToC(ReadOnlySpan<byte> source, Span<byte> destination, IReadOnlyList<long> shape, int itemSize)
    {
        Copy(source, destination, shape, itemSize, sourceIsFortran: true);
    }

    /// <summary>Copies <paramref name="source"/> in C order to <paramref name="destination"/> in Fortran order.</summary>
    public static void CToFortran(ReadOnlySpan<byte> source, Span<byte> destination, IReadOnlyList<long> shape, int itemSize)
    {
        Copy(source, destination, shape, itemSize, sourceIsFortran: false);
    }

    private static void Copy(ReadOnlySpan<byte> source, Span<byte> destination, IReadOnlyList<long> shape, int itemSize, bool sourceIsFortran)
    {
        int rank = shape.Count;
        long count = 1;
        foreach (long d in shape)
        {
            count = checked(count * d);
        }

        if (count == 0 || itemSize == 0)
        {
            return;
        }

        // Fortran strides (in elements): stride[0] = 1, stride[k] = stride[k-1] * shape[k-1].
        var fStride = new long[rank];
        long s = 1;
        for (int k = 0; k < rank; k++)
        {
            fStride[k] = s;
            s *= shape[k];
        }

        // Walk the C order with an odometer over the index, tracking the Fortran offset incrementally.
        var index = new long[rank];
        long fOffset = 0;
        for (long c = 0; c < count; c++)
        {
            var cSlice = c * itemSize;
            var fSlice = fOffset * itemSize;
            if (sourceIsFortran)
            {
                source.Slice((int)fSlice, itemSize).CopyTo(destination.Slice((int)cSlice, itemSize));
            }
            else
            {
                source.Slice((int)cSlice, itemSize).CopyTo(destination.Slice((int)fSlice, itemSize));
            }

            for (int k = rank - 1; k >= 0; k--)
            {
                index[k]++;
                fOffset += fStride[k];
                if (index[k] < shape[k])
                {
                    break;
                }

                fOffset -= index[k] * fStride[k];
                index[k] = 0;
            }
        }
    }
}

namespace Npy.Internal;

/// <summary>The checks every reader applies to a parsed header before allocating its array.</summary>
internal static class HeaderAdmission
{
    /// <summary>Refuses object dtypes and over-limit arrays, and expands a top-level subarray dtype into the shape as NumPy does.</summary>
    /// <param name="header">The parsed header.</param>
    /// <param name="limits">The reader's limits.</param>
    /// <param name="source">Names the input in messages (a member name, or "The array").</param>
    public static NpyHeader Admit(NpyHeader header, NpyLimits limits, string source)
    {
        if (header.DType.HasObject)
        {
            throw new NotSupportedException(
                $"{source} has dtype '{header.DType}', which holds pickled Python objects. Pickled object arrays are not supported: loading them would mean executing code from the file.");
        }

        if (header.DType is { Kind: NpyKind.Subarray, SubarrayBase: { } element })
        {
            // A descr of ('<f8', (5,)) with shape (3,) is loaded by NumPy as a (3, 5) array of '<f8'.
            long[] shape = [.. header.Shape, .. header.DType.SubarrayShape.Select(d => (long)d)];
            header = new NpyHeader(element, shape, header.FortranOrder);
        }

        if (header.DataLength > limits.MaxArrayBytes)
        {
            throw new NpyLimitExceededException("array data length", header.DataLength, limits.MaxArrayBytes, nameof(NpyLimits.MaxArrayBytes), "--max-array-bytes");
        }

        return header;
    }
}

using Npy.Format;

namespace Npy;

/// <summary>The immutable description of one <c>.npy</c> array: dtype, shape and memory order, plus the prefix that encodes them.</summary>
/// <remarks>
/// A header is pure data: <see cref="Parse"/> reads one from bytes and <see cref="Format"/> writes one, byte-identical
/// to NumPy 1.24 and later. No stream is involved.
/// </remarks>
public sealed partial class NpyHeader : IEquatable<NpyHeader>
{
    /// <summary>Creates a header for an array.</summary>
    /// <param name="dtype">The element type.</param>
    /// <param name="shape">The dimensions; empty for a 0-d array.</param>
    /// <param name="fortranOrder">Whether the data is in column-major order.</param>
    /// <exception cref="ArgumentNullException"><paramref name="dtype"/> or <paramref name="shape"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">The element count or byte size overflows a 64-bit integer.</exception>
    public NpyHeader(NpyDType dtype, IReadOnlyList<long> shape, bool fortranOrder)
    {
        ArgumentNullException.ThrowIfNull(dtype);
        ArgumentNullException.ThrowIfNull(shape);
        // An array is cloned, not spread: spreading it goes through its IList<long> interface, whose implementation
        // for arrays ReadyToRun images lack (compiled at run time on a process's first save).
        long[] dims = shape is long[] array ? (long[])array.Clone() : [.. shape];
        for (int i = 0; i < dims.Length; i++)
        {
            if (dims[i] < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(shape), dims[i], $"Dimension {i} is negative.");
            }
        }

        string? problem = ComputeSizes(dims, dtype.ItemSize, out long count, out long length);
        if (problem is not null)
        {
            throw new ArgumentException($"The shape's {problem}.", nameof(shape));
        }

        DType = dtype;
        Shape = dims;
        FortranOrder = fortranOrder;
        ElementCount = count;
        DataLength = length;
        string text = BuildText();
        FormatVersion = ChooseVersion(text);
        PrefixLength = checked(NpyConstants.PrefixLengthFor(FormatVersion) + PaddedHeaderLength(text, FormatVersion));
    }

    private NpyHeader(NpyDType dtype, long[] shape, bool fortranOrder, long count, long length, int version, int prefixLength)
    {
        DType = dtype;
        Shape = shape;
        FortranOrder = fortranOrder;
        ElementCount = count;
        DataLength = length;
        FormatVersion = version;
        PrefixLength = prefixLength;
    }

    /// <summary>Gets the element type.</summary>
    public NpyDType DType { get; }

    /// <summary>Gets the dimensions; empty for a 0-d array.</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>Gets whether the data is stored in column-major (Fortran) order.</summary>
    public bool FortranOrder { get; }

    /// <summary>Gets the number of elements: the product of the dimensions (1 for 0-d; 0 whenever any dimension is 0).</summary>
    public long ElementCount { get; }

    /// <summary>Gets the number of data bytes: <see cref="ElementCount"/> × <see cref="NpyDType.ItemSize"/>.</summary>
    /// <remarks>For object dtypes the data is a pickle of unknown length; this is then only NumPy's nominal size.</remarks>
    public long DataLength { get; }

    /// <summary>Gets the format version: as read for a parsed header; the one <see cref="Format"/> picks by default for a constructed one.</summary>
    public int FormatVersion { get; }

    /// <summary>Gets the number of bytes before the data (magic, version, length field and header text).</summary>
    public int PrefixLength { get; }

    /// <summary>Tells whether another header describes the same array (dtype, shape and order; the version is not compared).</summary>
    public bool Equals(NpyHeader? other)
    {
        return other is not null && FortranOrder == other.FortranOrder && Shape.SequenceEqual(other.Shape) && DType.Equals(other.DType);
    }

    /// <summary>Tells whether another object is an equal header.</summary>
    public override bool Equals(object? obj) => Equals(obj as NpyHeader);

    /// <summary>Returns a hash code consistent with <see cref="Equals(NpyHeader)"/>.</summary>
    public override int GetHashCode() => HashCode.Combine(DType, Shape.Count, ElementCount, FortranOrder);

    /// <summary>Returns the header dictionary text as NumPy writes it, without growth spaces and padding.</summary>
    public override string ToString() => BuildDict();

    /// <summary>
    /// Computes the element count and byte size with checked arithmetic; returns a message fragment on overflow.
    /// </summary>
    /// <remarks>
    /// Any zero dimension makes the array empty whatever the other dimensions are, so the answer never depends on
    /// the order of the dimensions: <c>(2**62, 2**62, 0)</c> and <c>(0, 2**62, 2**62)</c> are both empty arrays.
    /// </remarks>
    private static string? ComputeSizes(long[] dims, int itemSize, out long count, out long length)
    {
        count = 1;
        length = 0;
        foreach (long d in dims)
        {
            if (d == 0)
            {
                count = 0;
                return null;
            }
        }

        foreach (long d in dims)
        {
            if (count > long.MaxValue / d)
            {
                return "element count overflows";
            }

            count *= d;
        }

        if (itemSize != 0 && count > long.MaxValue / itemSize)
        {
            return "byte size overflows";
        }

        length = count * itemSize;
        return null;
    }
}

using Npy.Internal;

namespace Npy;

/// <summary>An n-dimensional array as a <c>.npy</c> file holds it: a dtype, a shape, a memory order and the raw bytes.</summary>
/// <remarks>
/// <para>
/// Any <c>.npy</c> loads into this type, including dtypes no CLR type matches (structured, long double, <c>V</c>).
/// <see cref="Data"/> holds the elements exactly as the file does: in the file's byte order and in C order, or in
/// Fortran order when <see cref="FortranOrder"/> is set. Typed accessors convert to the machine's byte order.
/// </para>
/// <para>
/// Arrays built from CLR arrays (<see cref="FromArray{T}(T[], long[])"/>) share the caller's memory; nothing is copied.
/// </para>
/// </remarks>
public sealed partial class NpyArray
{
    private readonly long[] _shape;

    /// <summary>Wraps existing bytes as an array of the given dtype and shape, without copying them.</summary>
    /// <param name="dtype">The element type.</param>
    /// <param name="shape">The dimensions; empty for a 0-d array.</param>
    /// <param name="fortranOrder">Whether <paramref name="data"/> is in column-major (Fortran) order.</param>
    /// <param name="data">Exactly the array's bytes, in the dtype's byte order.</param>
    /// <exception cref="ArgumentException">The data length does not equal the element count times the item size, or a dimension is negative.</exception>
    public NpyArray(NpyDType dtype, ReadOnlySpan<long> shape, bool fortranOrder, Memory<byte> data)
    {
        ArgumentNullException.ThrowIfNull(dtype);
        _shape = shape.ToArray();
        DType = dtype;
        FortranOrder = fortranOrder;
        Length = ElementCount(_shape);
        long expected = checked(Length * dtype.ItemSize);
        if (data.Length != expected)
        {
            throw new ArgumentException(
                $"An array of shape {ShapeText(_shape)} and dtype '{dtype}' needs {expected} bytes; {data.Length} were given.", nameof(data));
        }

        Data = data;
    }

    /// <summary>Gets the element type.</summary>
    public NpyDType DType { get; }

    /// <summary>Gets the dimensions (empty for a 0-d array).</summary>
    public IReadOnlyList<long> Shape => _shape;

    /// <summary>Gets the number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>Gets the number of elements: the product of the dimensions (1 for a 0-d array).</summary>
    public long Length { get; }

    /// <summary>Gets whether <see cref="Data"/> is in column-major (Fortran) order rather than row-major (C) order.</summary>
    public bool FortranOrder { get; }

    /// <summary>Gets the raw element bytes, in the dtype's byte order and the array's memory order.</summary>
    public Memory<byte> Data { get; }

    /// <summary>Gets the <c>.npy</c> header that describes this array.</summary>
    public NpyHeader Header => new(DType, _shape, FortranOrder);

    /// <summary>Creates a zero-filled array.</summary>
    /// <param name="dtype">The element type.</param>
    /// <param name="shape">The dimensions; empty for a 0-d array.</param>
    /// <param name="fortranOrder">Whether the data is laid out in column-major order.</param>
    /// <exception cref="ArgumentException">A dimension is negative.</exception>
    /// <exception cref="NpyLimitExceededException">The data would exceed 2 GiB, the most one managed buffer holds.</exception>
    public static NpyArray Create(NpyDType dtype, ReadOnlySpan<long> shape, bool fortranOrder = false)
    {
        ArgumentNullException.ThrowIfNull(dtype);
        long bytes = checked(ElementCount(shape) * dtype.ItemSize);
        return new NpyArray(dtype, shape, fortranOrder, ClrTypeMap.Allocate(dtype, bytes, zeroed: true));
    }

    /// <summary>Gets a copy in row-major (C) order; returns this array when it already is.</summary>
    public NpyArray ToCOrder()
    {
        if (!FortranOrder || IsOrderIrrelevant())
        {
            return FortranOrder ? new NpyArray(DType, _shape, false, Data) : this;
        }

        var result = Create(DType, _shape);
        Transpose.FortranToC(Data.Span, result.Data.Span, _shape, DType.ItemSize);
        return result;
    }

    /// <summary>Gets a copy whose dtype is in the machine's byte order; returns this array when it already is.</summary>
    public NpyArray ToNativeByteOrder()
    {
        if (DType.IsNativeByteOrder)
        {
            return this;
        }

        var native = DType.WithByteOrder(BitConverter.IsLittleEndian ? NpyByteOrder.Little : NpyByteOrder.Big);
        var copy = ClrTypeMap.Allocate(native, Data.Length, zeroed: false);
        Data.Span.CopyTo(copy.Span);
        ByteSwapper.ToNativeInPlace(copy.Span, DType, Length);
        return new NpyArray(native, _shape, FortranOrder, copy);
    }

    /// <summary>Returns a short description: dtype, shape and order.</summary>
    public override string ToString() => $"NpyArray(dtype='{DType}', shape={ShapeText(_shape)}{(FortranOrder ? ", order='F'" : string.Empty)})";

    /// <summary>Tells whether C and Fortran order describe the same bytes (no elements, or at most one dimension longer than 1).</summary>
    internal bool IsOrderIrrelevant() => IsOrderIrrelevant(_shape);

    /// <inheritdoc cref="IsOrderIrrelevant()"/>
    internal static bool IsOrderIrrelevant(ReadOnlySpan<long> shape)
    {
        int longDims = 0;
        foreach (long d in shape)
        {
            if (d == 0)
            {
                return true;
            }

            longDims += d > 1 ? 1 : 0;
        }

        return longDims <= 1;
    }

    internal long[] ShapeArray => _shape;

    internal static long ElementCount(ReadOnlySpan<long> shape)
    {
        long count = 1;
        bool hasZero = false;
        foreach (long d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"Dimension {d} is negative.", nameof(shape));
            }

            hasZero |= d == 0;
        }

        if (hasZero)
        {
            return 0;
        }

        foreach (long d in shape)
        {
            count = checked(count * d);
        }

        return count;
    }

    internal static string ShapeText(IReadOnlyList<long> shape) =>
        shape.Count == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";
}

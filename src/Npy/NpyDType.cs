using System.Runtime.CompilerServices;

namespace Npy;

/// <summary>An immutable NumPy dtype as it appears in a <c>.npy</c> header: simple, structured or subarray.</summary>
/// <remarks>
/// Byte order is normalised as NumPy normalises it: one-byte numbers, bool, bytes, void and object never carry one,
/// and the native order (<c>=</c> or no prefix) is resolved to the machine's order when parsing.
/// Equality is structural.
/// </remarks>
public sealed partial class NpyDType : IEquatable<NpyDType>
{
    private static readonly NpyField[] s_noFields = [];
    private static readonly int[] s_noShape = [];

    private NpyDType(NpyKind kind, NpyByteOrder order, int itemSize, string? unit = null, int multiplier = 1,
        NpyField[]? fields = null, NpyDType? subarrayBase = null, int[]? subarrayShape = null)
    {
        Kind = kind;
        ByteOrder = order;
        ItemSize = itemSize;
        DateTimeUnit = unit;
        DateTimeMultiplier = multiplier;
        Fields = fields ?? s_noFields;
        SubarrayBase = subarrayBase;
        SubarrayShape = subarrayShape ?? s_noShape;

        // Derived flags are computed once from the (already built) children, so no query ever walks the tree.
        bool hasObject = kind == NpyKind.Object;
        bool native = order == NpyByteOrder.NotApplicable || order == NativeOrder;
        int depth = 1;
        foreach (NpyField f in Fields)
        {
            hasObject |= f.DType.HasObject;
            native &= f.DType.IsNativeByteOrder;
            depth = Math.Max(depth, f.DType.Depth + 1);
        }

        if (subarrayBase is not null)
        {
            hasObject |= subarrayBase.HasObject;
            native &= subarrayBase.IsNativeByteOrder;
            depth = Math.Max(depth, subarrayBase.Depth + 1);
        }

        HasObject = hasObject;
        IsNativeByteOrder = native;
        Depth = depth;
    }

    /// <summary>Gets the kind of the dtype.</summary>
    public NpyKind Kind { get; }

    /// <summary>Gets the byte order (<see cref="NpyByteOrder.NotApplicable"/> for structured and subarray types).</summary>
    public NpyByteOrder ByteOrder { get; }

    /// <summary>Gets the bytes per element (<c>U&lt;n&gt;</c>: 4n; structured: the record size; subarray: base size times the element count).</summary>
    public int ItemSize { get; }

    /// <summary>Gets the datetime unit (<c>Y M W D h m s ms us ns ps fs as</c>), or null for generic datetimes and other kinds.</summary>
    public string? DateTimeUnit { get; }

    /// <summary>Gets the unit multiplier of a datetime (10 for <c>M8[10ms]</c>); 1 otherwise.</summary>
    public int DateTimeMultiplier { get; }

    /// <summary>Gets the real fields of a structured type in order (padding is not a field); empty for other kinds.</summary>
    public IReadOnlyList<NpyField> Fields { get; }

    /// <summary>Gets the element type of a subarray type; null for other kinds.</summary>
    public NpyDType? SubarrayBase { get; }

    /// <summary>Gets the shape of a subarray type; empty for other kinds.</summary>
    public IReadOnlyList<int> SubarrayShape { get; }

    /// <summary>Gets whether the type is, or contains, a Python object (so its data is a pickle).</summary>
    public bool HasObject { get; }

    /// <summary>Gets whether every part of the type is in the machine's byte order (or has none).</summary>
    public bool IsNativeByteOrder { get; }

    /// <summary>Gets the nesting depth of the type: 1 for a simple type.</summary>
    internal int Depth { get; }

    /// <summary>Gets the byte order of this machine.</summary>
    internal static NpyByteOrder NativeOrder => BitConverter.IsLittleEndian ? NpyByteOrder.Little : NpyByteOrder.Big;

    /// <summary>Gets <c>|b1</c>.</summary>
    public static NpyDType Bool { get; } = new(NpyKind.Bool, NpyByteOrder.NotApplicable, 1);

    /// <summary>Gets <c>|i1</c>.</summary>
    public static NpyDType Int8 { get; } = new(NpyKind.Int, NpyByteOrder.NotApplicable, 1);

    /// <summary>Gets <c>|u1</c>.</summary>
    public static NpyDType UInt8 { get; } = new(NpyKind.UInt, NpyByteOrder.NotApplicable, 1);

    /// <summary>Gets <c>&lt;i2</c>.</summary>
    public static NpyDType Int16 { get; } = new(NpyKind.Int, NpyByteOrder.Little, 2);

    /// <summary>Gets <c>&lt;u2</c>.</summary>
    public static NpyDType UInt16 { get; } = new(NpyKind.UInt, NpyByteOrder.Little, 2);

    /// <summary>Gets <c>&lt;i4</c>.</summary>
    public static NpyDType Int32 { get; } = new(NpyKind.Int, NpyByteOrder.Little, 4);

    /// <summary>Gets <c>&lt;u4</c>.</summary>
    public static NpyDType UInt32 { get; } = new(NpyKind.UInt, NpyByteOrder.Little, 4);

    /// <summary>Gets <c>&lt;i8</c>.</summary>
    public static NpyDType Int64 { get; } = new(NpyKind.Int, NpyByteOrder.Little, 8);

    /// <summary>Gets <c>&lt;u8</c>.</summary>
    public static NpyDType UInt64 { get; } = new(NpyKind.UInt, NpyByteOrder.Little, 8);

    /// <summary>Gets <c>&lt;f2</c>.</summary>
    public static NpyDType Float16 { get; } = new(NpyKind.Float, NpyByteOrder.Little, 2);

    /// <summary>Gets <c>&lt;f4</c>.</summary>
    public static NpyDType Float32 { get; } = new(NpyKind.Float, NpyByteOrder.Little, 4);

    /// <summary>Gets <c>&lt;f8</c>.</summary>
    public static NpyDType Float64 { get; } = new(NpyKind.Float, NpyByteOrder.Little, 8);

    /// <summary>Gets <c>&lt;c8</c>.</summary>
    public static NpyDType Complex64 { get; } = new(NpyKind.Complex, NpyByteOrder.Little, 8);

    /// <summary>Gets <c>&lt;c16</c>.</summary>
    public static NpyDType Complex128 { get; } = new(NpyKind.Complex, NpyByteOrder.Little, 16);

    /// <summary>Gets <c>|O</c>, a pickled Python object.</summary>
    public static NpyDType Object { get; } = new(NpyKind.Object, NpyByteOrder.NotApplicable, 8);

    /// <summary>Creates <c>|S&lt;n&gt;</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    public static NpyDType Bytes(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return new(NpyKind.Bytes, NpyByteOrder.NotApplicable, length);
    }

    /// <summary>Creates <c>&lt;U&lt;n&gt;</c> (or <c>&gt;U&lt;n&gt;</c>): <paramref name="length"/> UTF-32 code units.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The length is negative or 4 × length overflows.</exception>
    public static NpyDType Unicode(int length, NpyByteOrder order = NpyByteOrder.Little)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, int.MaxValue / 4);
        return new(NpyKind.Unicode, MultiByteOrder(order), length * 4);
    }

    /// <summary>Creates <c>|V&lt;n&gt;</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is negative.</exception>
    public static NpyDType Void(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        return new(NpyKind.Void, NpyByteOrder.NotApplicable, size);
    }

    /// <summary>Creates <c>&lt;M8[unit]</c>; a null unit gives the generic <c>&lt;M8</c>.</summary>
    /// <exception cref="ArgumentException">The unit is not one of NumPy's, or the multiplier is not positive.</exception>
    public static NpyDType DateTime64(string? unit, int multiplier = 1, NpyByteOrder order = NpyByteOrder.Little)
        => CreateDateTime(NpyKind.DateTime, unit, multiplier, order);

    /// <summary>Creates <c>&lt;m8[unit]</c>; a null unit gives the generic <c>&lt;m8</c>.</summary>
    /// <exception cref="ArgumentException">The unit is not one of NumPy's, or the multiplier is not positive.</exception>
    public static NpyDType TimeDelta64(string? unit, int multiplier = 1, NpyByteOrder order = NpyByteOrder.Little)
        => CreateDateTime(NpyKind.TimeDelta, unit, multiplier, order);

    /// <summary>Creates a structured type from fields whose offsets are given.</summary>
    /// <param name="fields">The fields in offset order.</param>
    /// <param name="itemSize">The record size; by default the end of the last field.</param>
    /// <exception cref="ArgumentException">Fields overlap or are out of order, names or titles repeat, or the item size is too small.</exception>
    public static NpyDType Structured(IEnumerable<NpyField> fields, int? itemSize = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        NpyField[] list = [.. fields];
        string? problem = CheckFields(list, itemSize, out int size);
        if (problem is not null)
        {
            throw new ArgumentException(problem, problem.Contains("item size", StringComparison.Ordinal) ? nameof(itemSize) : nameof(fields));
        }

        return new(NpyKind.Structured, NpyByteOrder.NotApplicable, size, fields: list);
    }

    /// <summary>Creates a subarray type such as <c>('&lt;f8', (5,))</c>; an empty shape returns <paramref name="baseType"/> itself, as NumPy does.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">The total size overflows.</exception>
    public static NpyDType Subarray(NpyDType baseType, IReadOnlyList<int> shape)
    {
        ArgumentNullException.ThrowIfNull(baseType);
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Count == 0)
        {
            return baseType;
        }

        long size = baseType.ItemSize;
        foreach (int d in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(shape));
            size *= d;
            if (size > int.MaxValue)
            {
                throw new ArgumentException("The subarray size overflows.", nameof(shape));
            }
        }

        return new(NpyKind.Subarray, NpyByteOrder.NotApplicable, (int)size, subarrayBase: baseType, subarrayShape: [.. shape]);
    }

    /// <summary>Returns the same type with the given byte order, applied to every field and subarray base.</summary>
    /// <remarks>Types without a byte order (one-byte numbers, bool, bytes, void, object) are returned unchanged; so is everything when <paramref name="order"/> is <see cref="NpyByteOrder.NotApplicable"/>.</remarks>
    public NpyDType WithByteOrder(NpyByteOrder order)
    {
        if (order == NpyByteOrder.NotApplicable)
        {
            return this;
        }

        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (Kind)
        {
            case NpyKind.Structured:
                return new(Kind, ByteOrder, ItemSize, fields: [.. Fields.Select(f => new NpyField(f.Name, f.DType.WithByteOrder(order), f.Offset, f.Shape, f.Title))]);
            case NpyKind.Subarray:
                return new(Kind, ByteOrder, ItemSize, subarrayBase: SubarrayBase!.WithByteOrder(order), subarrayShape: [.. SubarrayShape]);
            default:
                if (ByteOrder == NpyByteOrder.NotApplicable || ByteOrder == order)
                {
                    return this;
                }

                return new(Kind, order, ItemSize, DateTimeUnit, DateTimeMultiplier);
        }
    }

    /// <summary>Tells whether another dtype is structurally equal (kind, byte order, size, unit, fields, subarray).</summary>
    public bool Equals(NpyDType? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || Kind != other.Kind || ByteOrder != other.ByteOrder || ItemSize != other.ItemSize
            || DateTimeUnit != other.DateTimeUnit || DateTimeMultiplier != other.DateTimeMultiplier
            || Fields.Count != other.Fields.Count || !SubarrayShape.SequenceEqual(other.SubarrayShape))
        {
            return false;
        }

        RuntimeHelpers.EnsureSufficientExecutionStack();
        if (SubarrayBase is not null && !SubarrayBase.Equals(other.SubarrayBase))
        {
            return false;
        }

        for (int i = 0; i < Fields.Count; i++)
        {
            if (!Fields[i].Equals(other.Fields[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Tells whether another object is an equal dtype.</summary>
    public override bool Equals(object? obj) => Equals(obj as NpyDType);

    /// <summary>Returns a hash code consistent with <see cref="Equals(NpyDType)"/>.</summary>
    public override int GetHashCode() => HashCode.Combine(Kind, ByteOrder, ItemSize, DateTimeUnit, DateTimeMultiplier, Fields.Count, SubarrayShape.Count);

    /// <summary>Tells whether two dtypes are equal.</summary>
    public static bool operator ==(NpyDType? left, NpyDType? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Tells whether two dtypes differ.</summary>
    public static bool operator !=(NpyDType? left, NpyDType? right) => !(left == right);

    /// <summary>Creates a numeric/bool/string type, normalising the byte order the way NumPy does.</summary>
    internal static NpyDType CreateSimple(NpyKind kind, int itemSize, NpyByteOrder order)
    {
        bool noOrder = kind is NpyKind.Bool or NpyKind.Bytes or NpyKind.Void or NpyKind.Object
            || (kind is NpyKind.Int or NpyKind.UInt && itemSize == 1);
        return new(kind, noOrder ? NpyByteOrder.NotApplicable : MultiByteOrder(order), itemSize);
    }

    /// <summary>Creates a structured type from already validated fields (see <see cref="CheckFields"/>).</summary>
    internal static NpyDType CreateStructuredUnchecked(NpyField[] fields, int itemSize)
        => new(NpyKind.Structured, NpyByteOrder.NotApplicable, itemSize, fields: fields);

    /// <summary>Creates a subarray type from an already validated shape and size.</summary>
    internal static NpyDType CreateSubarrayUnchecked(NpyDType baseType, int[] shape, int itemSize)
        => new(NpyKind.Subarray, NpyByteOrder.NotApplicable, itemSize, subarrayBase: baseType, subarrayShape: shape);

    /// <summary>Creates a datetime type from an already validated unit.</summary>
    internal static NpyDType CreateDateTimeUnchecked(NpyKind kind, string? unit, int multiplier, NpyByteOrder order)
        => new(kind, MultiByteOrder(order), 8, unit, unit is null ? 1 : multiplier);

    /// <summary>Checks that fields are in order, do not overlap and have unique names and titles; returns a message or null.</summary>
    internal static string? CheckFields(NpyField[] fields, long? itemSize, out int size)
    {
        size = 0;
        long end = 0;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (NpyField f in fields)
        {
            if (f is null)
            {
                return "A field is null.";
            }

            if (f.Offset < end)
            {
                return $"Field '{f.Name}' at offset {f.Offset} overlaps the previous field or is out of order (fields must be in offset order, as dtype.descr requires).";
            }

            if (!names.Add(f.Name))
            {
                return $"Field name '{f.Name}' is used more than once (as a name or title).";
            }

            if (f.Title is not null && !names.Add(f.Title))
            {
                return $"Field title '{f.Title}' is used more than once (as a name or title).";
            }

            end = (long)f.Offset + f.ItemSize;
        }

        long total = itemSize ?? end;
        if (total < end)
        {
            return $"The item size {total} is smaller than the end of the last field ({end}).";
        }

        if (total > int.MaxValue)
        {
            return $"The item size {total} is too large.";
        }

        size = (int)total;
        return null;
    }

    private static NpyByteOrder MultiByteOrder(NpyByteOrder order) => order == NpyByteOrder.NotApplicable ? NativeOrder : order;

    private static NpyDType CreateDateTime(NpyKind kind, string? unit, int multiplier, NpyByteOrder order)
    {
        if (unit is not null && Array.IndexOf(DateTimeUnits, unit) < 0)
        {
            throw new ArgumentException($"'{unit}' is not a datetime unit; use one of {string.Join(' ', DateTimeUnits)}.", nameof(unit));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(multiplier);
        return CreateDateTimeUnchecked(kind, unit, multiplier, order);
    }
}

namespace Npy;

/// <summary>One named field of a structured <see cref="NpyDType"/>.</summary>
public sealed class NpyField : IEquatable<NpyField>
{
    /// <summary>Creates a field.</summary>
    /// <param name="name">The field name (may be empty).</param>
    /// <param name="dtype">The element type of the field.</param>
    /// <param name="offset">The byte offset of the field within a record.</param>
    /// <param name="shape">The subarray dimensions of the field; null or empty for a scalar field.</param>
    /// <param name="title">The optional title (NumPy's field alias).</param>
    /// <remarks>A subarray <paramref name="dtype"/> with no <paramref name="shape"/> is unwrapped into its base type and shape, as NumPy does.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="dtype"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The offset or a dimension is negative.</exception>
    /// <exception cref="ArgumentException">The field's size overflows.</exception>
    public NpyField(string name, NpyDType dtype, int offset, IReadOnlyList<int>? shape = null, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(dtype);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        int[] dims = shape is null ? [] : [.. shape];
        if (dims.Length == 0 && dtype.Kind == NpyKind.Subarray)
        {
            dims = [.. dtype.SubarrayShape];
            dtype = dtype.SubarrayBase!;
        }

        long size = dtype.ItemSize;
        foreach (int d in dims)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(shape));
            size *= d;
            if (size > int.MaxValue)
            {
                throw new ArgumentException($"The size of field '{name}' overflows.", nameof(shape));
            }
        }

        Name = name;
        DType = dtype;
        Offset = offset;
        Shape = dims;
        Title = title;
        ItemSize = (int)size;
    }

    /// <summary>Gets the field name.</summary>
    public string Name { get; }

    /// <summary>Gets the field title, or null.</summary>
    public string? Title { get; }

    /// <summary>Gets the element type of the field.</summary>
    public NpyDType DType { get; }

    /// <summary>Gets the byte offset of the field within a record.</summary>
    public int Offset { get; }

    /// <summary>Gets the subarray dimensions of the field; empty for a scalar field.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>Gets the bytes the field occupies: the dtype's item size times the product of <see cref="Shape"/>.</summary>
    public int ItemSize { get; }

    /// <summary>Tells whether another field has the same name, title, offset, shape and dtype.</summary>
    public bool Equals(NpyField? other)
    {
        return other is not null && Name == other.Name && Title == other.Title && Offset == other.Offset
            && Shape.SequenceEqual(other.Shape) && DType.Equals(other.DType);
    }

    /// <summary>Tells whether another object is an equal field.</summary>
    public override bool Equals(object? obj) => Equals(obj as NpyField);

    /// <summary>Returns a hash code consistent with <see cref="Equals(NpyField)"/>.</summary>
    public override int GetHashCode() => HashCode.Combine(Name, Title, Offset, Shape.Count, DType.GetHashCode());

    /// <summary>Returns the field as NumPy's <c>dtype.descr</c> writes it, for example <c>('x', '&lt;i4', (2,))</c>.</summary>
    public override string ToString()
    {
        var sb = new System.Text.StringBuilder();
        NpyDType.AppendFieldDescr(sb, this);
        return sb.ToString();
    }
}

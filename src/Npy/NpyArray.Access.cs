using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Npy.Internal;

namespace Npy;

public sealed partial class NpyArray
{
    /// <summary>Views the elements as a span of <typeparamref name="T"/>, without copying.</summary>
    /// <typeparam name="T">The CLR type of the dtype (<see cref="double"/> for <c>&lt;f8</c>, <see cref="long"/> for <c>M8</c>/<c>m8</c> counts, …).</typeparam>
    /// <returns>The elements in the array's memory order (see <see cref="FortranOrder"/>).</returns>
    /// <exception cref="NpyTypeMismatchException"><typeparamref name="T"/> does not match the dtype, or the data is not in the machine's byte order (call <see cref="ToNativeByteOrder"/> first).</exception>
    public Span<T> AsSpan<T>()
        where T : unmanaged
    {
        CheckView<T>();
        return MemoryMarshal.Cast<byte, T>(Data.Span);
    }

    /// <summary>Copies the elements into a new CLR array, in the machine's byte order and the array's memory order.</summary>
    /// <typeparam name="T">
    /// The numeric type of the dtype, or: <see cref="string"/> for <c>U</c>; <c>byte[]</c> for <c>S</c> (trailing NULs
    /// dropped, as NumPy does); <see cref="DateTime"/> or <see cref="Nullable{DateTime}"/> for <c>M8</c>;
    /// <see cref="TimeSpan"/> or <see cref="Nullable{TimeSpan}"/> for <c>m8</c>. NaT reads as <see langword="null"/>;
    /// reading NaT as a non-nullable type throws.
    /// </typeparam>
    /// <returns>The elements in the array's memory order: C order, or Fortran order when <see cref="FortranOrder"/> is set.</returns>
    /// <exception cref="NpyTypeMismatchException"><typeparamref name="T"/> cannot represent the dtype or one of its values.</exception>
    public T[] ToArray<T>()
    {
        if (Length > Array.MaxLength)
        {
            throw new NpyTypeMismatchException($"The array has {Length} elements, more than one .NET array holds; read it as chunks.");
        }

        var result = new T[Length];
        CopyTo<T>(result);
        return result;
    }

    /// <summary>Copies the elements into a multi-dimensional CLR array (<c>T[,]</c>, <c>T[,,]</c>, …) of the array's shape, indexed logically whatever the memory order.</summary>
    /// <typeparam name="T">As for <see cref="ToArray{T}"/>.</typeparam>
    /// <returns>An array of rank <see cref="Rank"/> (rank 1 for a 0-d array, holding its one element); cast it to <c>T[,]</c> etc.</returns>
    /// <exception cref="NpyTypeMismatchException"><typeparamref name="T"/> cannot represent the dtype or one of its values.</exception>
    public Array ToMultidimensionalArray<T>()
    {
        NpyArray c = ToCOrder();
        T[] flat = c.ToArray<T>();
        if (Rank <= 1)
        {
            return flat;
        }

        var lengths = new int[Rank];
        for (int k = 0; k < lengths.Length; k++)
        {
            lengths[k] = checked((int)_shape[k]);
        }

        var result = Array.CreateInstance(typeof(T), lengths);
        flat.AsSpan().CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.As<byte, T>(ref MemoryMarshal.GetArrayDataReference(result)), flat.Length));
        return result;
    }

    /// <summary>Gets the CLR array that holds the data, when it is a <typeparamref name="T"/>[] of exactly <see cref="Length"/> elements in the machine's byte order.</summary>
    /// <typeparam name="T">The CLR element type of the dtype.</typeparam>
    /// <param name="array">The backing array (shared, not a copy), or <see langword="null"/>.</param>
    /// <returns>Whether the data is held that way; loaders allocate it so for every numeric dtype.</returns>
    public bool TryGetBackingArray<T>([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T[]? array)
        where T : unmanaged => TryGetBackingArrayCore(out array);

    internal bool TryGetBackingArrayCore<T>([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T[]? array)
    {
        array = null;
        if (!ClrTypeMap.Matches<T>(DType) || !DType.IsNativeByteOrder)
        {
            return false;
        }

        if (Length == 0)
        {
            array = [];
            return true;
        }

        if (MemoryMarshal.TryGetMemoryManager<byte, ArrayMemoryManager>(Data, out var manager, out int start, out int length)
            && start == 0 && length == Data.Length && manager.Array is T[] typed && typed.LongLength == Length)
        {
            array = typed;
            return true;
        }

        return false;
    }

    /// <summary>Copies the value of a 0-d (or one-element) array.</summary>
    /// <typeparam name="T">As for <see cref="ToArray{T}"/>.</typeparam>
    /// <exception cref="InvalidOperationException">The array does not hold exactly one element.</exception>
    public T GetScalar<T>()
    {
        if (Length != 1)
        {
            throw new InvalidOperationException($"The array holds {Length} elements, not one.");
        }

        return ToArray<T>()[0];
    }

    private void CopyTo<T>(T[] result)
    {
        Type t = typeof(T);
        ReadOnlySpan<byte> data = Data.Span;
        bool big = DType.ByteOrder == NpyByteOrder.Big;
        if (t == typeof(string))
        {
            RequireKind<T>(NpyKind.Unicode);
            var strings = (string[])(object)result;
            int size = DType.ItemSize;
            for (int i = 0; i < strings.Length; i++)
            {
                strings[i] = TextCodec.DecodeUtf32(data.Slice(i * size, size), big);
            }
        }
        else if (t == typeof(byte[]))
        {
            RequireKind<T>(NpyKind.Bytes);
            var bytes = (byte[][])(object)result;
            int size = DType.ItemSize;
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = TextCodec.DecodeBytes(data.Slice(i * size, size));
            }
        }
        else if (t == typeof(DateTime) || t == typeof(DateTime?) || t == typeof(TimeSpan) || t == typeof(TimeSpan?))
        {
            CopyTimes(result);
        }
        else if (!RuntimeHelpers.IsReferenceOrContainsReferences<T>() && ClrTypeMap.TryGetDType(t) is not null)
        {
            if (!ClrTypeMap.Matches<T>(DType))
            {
                throw new NpyTypeMismatchException(t, DType.ToString());
            }

            Span<byte> target = MemoryMarshal.CreateSpan(ref Unsafe.As<T, byte>(ref MemoryMarshal.GetArrayDataReference(result)), data.Length);
            data.CopyTo(target);
            if (!DType.IsNativeByteOrder)
            {
                ByteSwapper.ToNativeInPlace(target, DType, Length);
            }
        }
        else
        {
            throw new NpyTypeMismatchException(t, DType.ToString());
        }
    }

    private void CopyTimes<T>(T[] result)
    {
        bool isDate = typeof(T) == typeof(DateTime) || typeof(T) == typeof(DateTime?);
        RequireKind<T>(isDate ? NpyKind.DateTime : NpyKind.TimeDelta);
        bool nullable = typeof(T) == typeof(DateTime?) || typeof(T) == typeof(TimeSpan?);
        ReadOnlySpan<byte> data = Data.Span;
        bool big = DType.ByteOrder == NpyByteOrder.Big;
        string? unit = DType.DateTimeUnit;
        int multiplier = DType.DateTimeMultiplier;
        for (int i = 0; i < result.Length; i++)
        {
            ReadOnlySpan<byte> slot = data.Slice(i * 8, 8);
            long count = big ? System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(slot) : System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(slot);
            if (count == DateTimeCodec.NaT)
            {
                if (!nullable)
                {
                    throw new NpyTypeMismatchException($"Element {i} is NaT (not a time); read the array as {(isDate ? "DateTime?" : "TimeSpan?")} to get null for NaT.");
                }

                result[i] = default!;
                continue;
            }

            object value = isDate ? DateTimeCodec.ToDateTime(count, unit, multiplier) : DateTimeCodec.ToTimeSpan(count, unit, multiplier);
            result[i] = (T)value;
        }
    }

    private void RequireKind<T>(NpyKind kind)
    {
        if (DType.Kind != kind)
        {
            throw new NpyTypeMismatchException(typeof(T), DType.ToString());
        }
    }

    private void CheckView<T>()
        where T : unmanaged
    {
        if (!ClrTypeMap.Matches<T>(DType))
        {
            throw new NpyTypeMismatchException(typeof(T), DType.ToString());
        }

        if (!DType.IsNativeByteOrder)
        {
            throw new NpyTypeMismatchException(
                $"The data of dtype '{DType}' is not in the machine's byte order, so it cannot be viewed as {typeof(T).Name} without conversion; call ToNativeByteOrder() or ToArray<{typeof(T).Name}>().");
        }
    }

    /// <summary>Gets one field of a structured array as an array of its own (a copy), with the field's subarray dimensions appended to the shape.</summary>
    /// <param name="name">The field name (or its title).</param>
    /// <exception cref="KeyNotFoundException">The dtype has no field of that name.</exception>
    /// <exception cref="InvalidOperationException">The array is not structured.</exception>
    public NpyArray GetField(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (DType.Kind != NpyKind.Structured)
        {
            throw new InvalidOperationException($"An array of dtype '{DType}' has no fields.");
        }

        NpyField field = DType.Fields.FirstOrDefault(f => f.Name == name)
            ?? DType.Fields.FirstOrDefault(f => f.Title == name)
            ?? throw new KeyNotFoundException($"The dtype has no field '{name}'; its fields are {string.Join(", ", DType.Fields.Select(f => $"'{f.Name}'"))}.");

        var shape = new long[_shape.Length + field.Shape.Count];
        _shape.CopyTo(shape, 0);
        for (int k = 0; k < field.Shape.Count; k++)
        {
            shape[_shape.Length + k] = field.Shape[k];
        }

        // A Fortran-ordered record array keeps its record order; the field's subarray is contiguous inside each record, so
        // the result is in C order only when the records are.
        NpyArray records = ToCOrder();
        var result = Create(field.DType, shape);
        int fieldBytes = field.ItemSize;
        int recordSize = DType.ItemSize;
        ReadOnlySpan<byte> source = records.Data.Span;
        Span<byte> target = result.Data.Span;
        for (long i = 0; i < Length; i++)
        {
            source.Slice(checked((int)((i * recordSize) + field.Offset)), fieldBytes).CopyTo(target.Slice(checked((int)(i * fieldBytes)), fieldBytes));
        }

        return result;
    }

    /// <summary>Gets the names of the fields of a structured dtype, in order (empty for other dtypes).</summary>
    public IReadOnlyList<string> FieldNames => DType.Fields.Select(f => f.Name).ToArray();
}

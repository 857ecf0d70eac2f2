using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Npy.Internal;

namespace Npy;

public sealed partial class NpyArray
{
    /// <summary>Wraps a CLR array as a 1-D array, or with the given shape, without copying it.</summary>
    /// <typeparam name="T">An element type with a NumPy dtype: <see cref="bool"/>, the integer types, <see cref="Half"/>, <see cref="float"/>, <see cref="double"/>, <see cref="Complex64"/>, <see cref="System.Numerics.Complex"/>.</typeparam>
    /// <param name="values">The elements in C order; the array shares this memory.</param>
    /// <param name="shape">The dimensions; when omitted, <c>(values.Length,)</c>.</param>
    /// <exception cref="ArgumentException">The shape's element count differs from the array length.</exception>
    /// <exception cref="NpyTypeMismatchException"><typeparamref name="T"/> has no NumPy dtype.</exception>
    public static NpyArray FromArray<T>(T[] values, params long[] shape)
        where T : unmanaged => FromArray(values, shape, fortranOrder: false);

    /// <summary>Wraps a CLR array with a shape and memory order, without copying it.</summary>
    /// <typeparam name="T">An element type with a NumPy dtype (see <see cref="FromArray{T}(T[], long[])"/>).</typeparam>
    /// <param name="values">The elements, in the order <paramref name="fortranOrder"/> states; the array shares this memory.</param>
    /// <param name="shape">The dimensions; empty means <c>(values.Length,)</c>.</param>
    /// <param name="fortranOrder">Whether <paramref name="values"/> is in column-major order.</param>
    /// <exception cref="ArgumentException">The shape's element count differs from the array length.</exception>
    /// <exception cref="NpyTypeMismatchException"><typeparamref name="T"/> has no NumPy dtype.</exception>
    public static NpyArray FromArray<T>(T[] values, long[]? shape, bool fortranOrder)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(values);
        long[] s = shape is null || shape.Length == 0 ? [values.LongLength] : shape;
        CheckCount(s, values.LongLength);
        return new NpyArray(ClrTypeMap.GetDType<T>(), s, fortranOrder, ArrayMemoryManager.Wrap(values, Unsafe.SizeOf<T>()));
    }

    /// <summary>Makes a 0-d array holding one value.</summary>
    /// <typeparam name="T">An element type with a NumPy dtype (see <see cref="FromArray{T}(T[], long[])"/>).</typeparam>
    /// <param name="value">The value.</param>
    public static NpyArray FromScalar<T>(T value)
        where T : unmanaged
    {
        T[] one = [value];
        return new NpyArray(ClrTypeMap.GetDType<T>(), [], false, ArrayMemoryManager.Wrap(one, Unsafe.SizeOf<T>()));
    }

    /// <summary>Copies a span of elements into a new array with the given shape.</summary>
    /// <typeparam name="T">An element type with a NumPy dtype (see <see cref="FromArray{T}(T[], long[])"/>).</typeparam>
    /// <param name="values">The elements in C order.</param>
    /// <param name="shape">The dimensions; when omitted, <c>(values.Length,)</c>.</param>
    public static NpyArray FromSpan<T>(ReadOnlySpan<T> values, params long[] shape)
        where T : unmanaged => FromArray(values.ToArray(), shape);

    /// <summary>Wraps a multi-dimensional CLR array (<c>T[,]</c>, <c>T[,,]</c>, … of any rank) as an array of the same shape.</summary>
    /// <param name="values">
    /// The elements, row-major as .NET stores them. Unmanaged element types are shared without copying; <see cref="string"/>
    /// (stored as <c>U</c>), <c>byte[]</c> (<c>S</c>), <see cref="DateTime"/> (<c>M8[us]</c>) and <see cref="TimeSpan"/> (<c>m8[us]</c>) are converted.
    /// </param>
    /// <exception cref="NpyTypeMismatchException">The element type has no NumPy dtype.</exception>
    public static NpyArray FromArray(Array values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var shape = new long[values.Rank];
        for (int k = 0; k < shape.Length; k++)
        {
            shape[k] = values.GetLongLength(k);
        }

        Type elementType = values.GetType().GetElementType()!;
        NpyDType? dtype = ClrTypeMap.TryGetDType(elementType);
        if (dtype is not null)
        {
            return new NpyArray(dtype, shape, false, ArrayMemoryManager.Wrap(values, dtype.ItemSize));
        }

        if (elementType == typeof(string))
        {
            return FromStrings(Flatten<string?>(values), shape);
        }

        if (elementType == typeof(byte[]))
        {
            return FromByteStrings(Flatten<byte[]?>(values), shape);
        }

        if (elementType == typeof(DateTime))
        {
            return FromDateTimes(Flatten<DateTime>(values), shape);
        }

        if (elementType == typeof(TimeSpan))
        {
            return FromTimeSpans(Flatten<TimeSpan>(values), shape);
        }

        throw new NpyTypeMismatchException(elementType, "(no NumPy dtype for this CLR type)");
    }

    /// <summary>Makes a <c>U</c> (UTF-32) string array; the width is the longest string's length in code points (at least 1).</summary>
    /// <param name="values">The strings in C order; <see langword="null"/> is stored as the empty string.</param>
    /// <param name="shape">The dimensions; when omitted, <c>(values.Count,)</c>.</param>
    public static NpyArray FromStrings(IReadOnlyList<string?> values, params long[] shape)
    {
        ArgumentNullException.ThrowIfNull(values);
        int width = 1;
        foreach (string? v in values)
        {
            width = Math.Max(width, TextCodec.Utf32Length(v));
        }

        return FromStrings(values, shape, width);
    }

    /// <summary>Makes a <c>U</c> string array of a given width (in code points); longer strings are refused.</summary>
    /// <param name="values">The strings in C order.</param>
    /// <param name="shape">The dimensions; empty means <c>(values.Count,)</c>.</param>
    /// <param name="width">The number of UTF-32 code units per element.</param>
    /// <exception cref="ArgumentException">A string is longer than <paramref name="width"/>.</exception>
    public static NpyArray FromStrings(IReadOnlyList<string?> values, long[]? shape, int width)
    {
        ArgumentNullException.ThrowIfNull(values);
        long[] s = shape is null || shape.Length == 0 ? [values.Count] : shape;
        CheckCount(s, values.Count);
        var result = Create(NativeOrder(NpyDType.Unicode(width)), s);
        Span<byte> data = result.Data.Span;
        int itemSize = result.DType.ItemSize;
        for (int i = 0; i < values.Count; i++)
        {
            TextCodec.EncodeUtf32(values[i], data.Slice(i * itemSize, itemSize), bigEndian: !BitConverter.IsLittleEndian);
        }

        return result;
    }

    /// <summary>Makes an <c>S</c> (byte string) array; the width is the longest value's length (at least 1), shorter values are NUL-padded.</summary>
    /// <param name="values">The byte strings in C order; <see langword="null"/> is stored as empty.</param>
    /// <param name="shape">The dimensions; when omitted, <c>(values.Count,)</c>.</param>
    public static NpyArray FromByteStrings(IReadOnlyList<byte[]?> values, params long[] shape)
    {
        ArgumentNullException.ThrowIfNull(values);
        int width = 1;
        foreach (byte[]? v in values)
        {
            width = Math.Max(width, v?.Length ?? 0);
        }

        long[] s = shape is null || shape.Length == 0 ? [values.Count] : shape;
        CheckCount(s, values.Count);
        var result = Create(NpyDType.Bytes(width), s);
        Span<byte> data = result.Data.Span;
        for (int i = 0; i < values.Count; i++)
        {
            values[i]?.CopyTo(data.Slice(i * width, width));
        }

        return result;
    }

    /// <summary>Makes a <c>datetime64</c> array (<c>M8[unit]</c>); a <see langword="null"/> value is stored as NaT.</summary>
    /// <param name="values">The instants in C order, read as naive (time-zone-less) times like NumPy's.</param>
    /// <param name="shape">The dimensions; empty means <c>(values.Count,)</c>.</param>
    /// <param name="unit">The unit (<c>Y M W D h m s ms us ns ps fs as</c>); the default <c>us</c> is what NumPy uses for Python datetimes. Finer parts of a value are truncated toward the past.</param>
    public static NpyArray FromDateTimes(IReadOnlyList<DateTime?> values, long[]? shape = null, string unit = "us")
    {
        ArgumentNullException.ThrowIfNull(values);
        var counts = new long[values.Count];
        for (int i = 0; i < counts.Length; i++)
        {
            counts[i] = values[i] is { } v ? DateTimeCodec.ToCount(v, unit) : DateTimeCodec.NaT;
        }

        return FromCounts(NpyDType.DateTime64(unit), counts, shape);
    }

    /// <summary>Makes a <c>datetime64</c> array (<c>M8[unit]</c>).</summary>
    /// <param name="values">The instants in C order.</param>
    /// <param name="shape">The dimensions; empty means <c>(values.Count,)</c>.</param>
    /// <param name="unit">The unit; the default <c>us</c> is NumPy's for Python datetimes.</param>
    public static NpyArray FromDateTimes(IReadOnlyList<DateTime> values, long[]? shape = null, string unit = "us")
    {
        ArgumentNullException.ThrowIfNull(values);
        return FromDateTimes(values.Select(v => (DateTime?)v).ToArray(), shape, unit);
    }

    /// <summary>Makes a <c>timedelta64</c> array (<c>m8[unit]</c>); a <see langword="null"/> value is stored as NaT.</summary>
    /// <param name="values">The durations in C order.</param>
    /// <param name="shape">The dimensions; empty means <c>(values.Count,)</c>.</param>
    /// <param name="unit">The unit (<c>W D h m s ms us ns ps fs as</c>; not <c>Y</c> or <c>M</c>); the default is <c>us</c>.</param>
    public static NpyArray FromTimeSpans(IReadOnlyList<TimeSpan?> values, long[]? shape = null, string unit = "us")
    {
        ArgumentNullException.ThrowIfNull(values);
        var counts = new long[values.Count];
        for (int i = 0; i < counts.Length; i++)
        {
            counts[i] = values[i] is { } v ? DateTimeCodec.ToCount(v, unit) : DateTimeCodec.NaT;
        }

        return FromCounts(NpyDType.TimeDelta64(unit), counts, shape);
    }

    /// <summary>Makes a <c>timedelta64</c> array (<c>m8[unit]</c>).</summary>
    /// <param name="values">The durations in C order.</param>
    /// <param name="shape">The dimensions; empty means <c>(values.Count,)</c>.</param>
    /// <param name="unit">The unit; the default is <c>us</c>.</param>
    public static NpyArray FromTimeSpans(IReadOnlyList<TimeSpan> values, long[]? shape = null, string unit = "us")
    {
        ArgumentNullException.ThrowIfNull(values);
        return FromTimeSpans(values.Select(v => (TimeSpan?)v).ToArray(), shape, unit);
    }

    private static NpyArray FromCounts(NpyDType dtype, long[] counts, long[]? shape)
    {
        long[] s = shape is null || shape.Length == 0 ? [counts.LongLength] : shape;
        CheckCount(s, counts.LongLength);
        return new NpyArray(NativeOrder(dtype), s, false, ArrayMemoryManager.Wrap(counts, sizeof(long)));
    }

    private static NpyDType NativeOrder(NpyDType dtype) =>
        BitConverter.IsLittleEndian ? dtype : dtype.WithByteOrder(NpyByteOrder.Big);

    private static void CheckCount(long[] shape, long count)
    {
        long expected = ElementCount(shape);
        if (expected != count)
        {
            throw new ArgumentException($"Shape {ShapeText(shape)} holds {expected} elements, but {count} were given.", nameof(shape));
        }
    }

    private static T[] Flatten<T>(Array values)
    {
        var flat = new T[values.LongLength];
        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<byte, T>(ref MemoryMarshal.GetArrayDataReference(values)), flat.Length).CopyTo(flat);
        return flat;
    }
}

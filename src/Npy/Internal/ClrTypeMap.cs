using System.Numerics;
using System.Runtime.CompilerServices;

namespace Npy.Internal;

/// <summary>Maps CLR element types to the dtypes they represent, and allocates storage in the natural element type of a dtype.</summary>
internal static class ClrTypeMap
{
    /// <summary>Gets the dtype NumPy writes for an unmanaged CLR element type, in the machine's byte order.</summary>
    public static NpyDType? TryGetDType(Type type)
    {
        NpyDType? d =
            type == typeof(bool) ? NpyDType.Bool :
            type == typeof(sbyte) ? NpyDType.Int8 :
            type == typeof(byte) ? NpyDType.UInt8 :
            type == typeof(short) ? NpyDType.Int16 :
            type == typeof(ushort) ? NpyDType.UInt16 :
            type == typeof(int) ? NpyDType.Int32 :
            type == typeof(uint) ? NpyDType.UInt32 :
            type == typeof(long) ? NpyDType.Int64 :
            type == typeof(ulong) ? NpyDType.UInt64 :
            type == typeof(Half) ? NpyDType.Float16 :
            type == typeof(float) ? NpyDType.Float32 :
            type == typeof(double) ? NpyDType.Float64 :
            type == typeof(Complex64) ? NpyDType.Complex64 :
            type == typeof(Complex) ? NpyDType.Complex128 :
            null;
        return d is not null && !BitConverter.IsLittleEndian ? d.WithByteOrder(NpyByteOrder.Big) : d;
    }

    /// <summary>Gets the dtype for <typeparamref name="T"/> or throws the documented mismatch exception.</summary>
    public static NpyDType GetDType<T>() =>
        TryGetDType(typeof(T)) ?? throw new NpyTypeMismatchException(typeof(T), "(no NumPy dtype for this CLR type)");

    /// <summary>Tells whether <typeparamref name="T"/> can view elements of <paramref name="dtype"/> bit for bit (ignoring byte order).</summary>
    public static bool Matches<T>(NpyDType dtype)
    {
        Type t = typeof(T);
        if ((t == typeof(long) && dtype.Kind is NpyKind.DateTime or NpyKind.TimeDelta))
        {
            // datetime64/timedelta64 elements are int64 counts of their unit.
            return true;
        }

        NpyDType? expected = TryGetDType(t);
        return expected is not null && expected.Kind == dtype.Kind && expected.ItemSize == dtype.ItemSize;
    }

    /// <summary>
    /// Allocates storage for <paramref name="byteLength"/> bytes as an array of the dtype's natural CLR element type
    /// (<c>float[]</c> for <c>f4</c>, …), so typed views are aligned and loaders can hand out the array itself.
    /// </summary>
    /// <param name="dtype">The dtype whose natural element type the storage gets.</param>
    /// <param name="byteLength">The length in bytes.</param>
    /// <param name="zeroed">Whether the bytes must read as zero; otherwise the caller overwrites all of them.</param>
    /// <param name="mapPages">
    /// For uninitialized storage: whether to map its pages now (<see cref="FreshPages"/>); false when the caller maps
    /// them itself, piece by piece on the cores that fill them.
    /// </param>
    public static Memory<byte> Allocate(NpyDType dtype, long byteLength, bool zeroed, bool mapPages = true)
    {
        return (dtype.Kind, dtype.ItemSize) switch
        {
            (NpyKind.Bool, 1) => ArrayMemoryManager.Allocate<bool>(byteLength, zeroed, mapPages),
            (NpyKind.Int, 1) => ArrayMemoryManager.Allocate<sbyte>(byteLength, zeroed, mapPages),
            (NpyKind.Int, 2) => ArrayMemoryManager.Allocate<short>(byteLength, zeroed, mapPages),
            (NpyKind.Int, 4) => ArrayMemoryManager.Allocate<int>(byteLength, zeroed, mapPages),
            (NpyKind.Int or NpyKind.DateTime or NpyKind.TimeDelta, 8) => ArrayMemoryManager.Allocate<long>(byteLength, zeroed, mapPages),
            (NpyKind.UInt, 2) => ArrayMemoryManager.Allocate<ushort>(byteLength, zeroed, mapPages),
            (NpyKind.UInt, 4) => ArrayMemoryManager.Allocate<uint>(byteLength, zeroed, mapPages),
            (NpyKind.UInt, 8) => ArrayMemoryManager.Allocate<ulong>(byteLength, zeroed, mapPages),
            (NpyKind.Float, 2) => ArrayMemoryManager.Allocate<Half>(byteLength, zeroed, mapPages),
            (NpyKind.Float, 4) => ArrayMemoryManager.Allocate<float>(byteLength, zeroed, mapPages),
            (NpyKind.Float, 8) => ArrayMemoryManager.Allocate<double>(byteLength, zeroed, mapPages),
            (NpyKind.Complex, 8) => ArrayMemoryManager.Allocate<Complex64>(byteLength, zeroed, mapPages),
            (NpyKind.Complex, 16) => ArrayMemoryManager.Allocate<Complex>(byteLength, zeroed, mapPages),
            (NpyKind.Unicode, _) => ArrayMemoryManager.Allocate<uint>(byteLength, zeroed, mapPages),
            (NpyKind.UInt or NpyKind.Bytes, _) when dtype.ItemSize <= 1 => ArrayMemoryManager.Allocate<byte>(byteLength, zeroed, mapPages),
            _ => ArrayMemoryManager.Allocate<long>(byteLength, zeroed, mapPages),
        };
    }

    public static int SizeOf<T>() => Unsafe.SizeOf<T>();
}

namespace Npy.Internal;

/// <summary>Decides how chunked and mapped access may type an array's bytes as <typeparamref name="T"/>.</summary>
/// <remarks>
/// <see cref="byte"/> always works and means the raw bytes in the file's byte order. Any other type must view the
/// dtype bit for bit (see <see cref="ClrTypeMap.Matches{T}"/>).
/// </remarks>
internal static class ElementTyping<T>
    where T : unmanaged
{
    /// <summary>Gets whether <typeparamref name="T"/> is <see cref="byte"/>: raw access to the data bytes.</summary>
    public static bool IsRaw => typeof(T) == typeof(byte);

    /// <summary>Checks that <typeparamref name="T"/> can carry elements of <paramref name="dtype"/>; returns whether reading needs a byte swap.</summary>
    public static bool CheckRead(NpyDType dtype)
    {
        if (IsRaw)
        {
            return false;
        }

        CheckMatch(dtype);
        return !dtype.IsNativeByteOrder;
    }

    /// <summary>Checks that caller elements of <typeparamref name="T"/> can be written unchanged as <paramref name="dtype"/>.</summary>
    public static void CheckWrite(NpyDType dtype)
    {
        if (IsRaw)
        {
            return;
        }

        CheckMatch(dtype);
        if (!dtype.IsNativeByteOrder)
        {
            throw new ArgumentException(
                $"The dtype '{dtype}' is not in the machine's byte order; give the data as raw bytes (byte) already in that order, or use a native-order dtype.");
        }
    }

    /// <summary>Checks that a zero-copy view of <paramref name="dtype"/> as <typeparamref name="T"/> shows the right values.</summary>
    public static void CheckView(NpyDType dtype)
    {
        if (IsRaw)
        {
            return;
        }

        CheckMatch(dtype);
        if (!dtype.IsNativeByteOrder)
        {
            throw new NpyTypeMismatchException(
                $"The dtype '{dtype}' is not in the machine's byte order, so a view of it as {typeof(T).Name} would show swapped values; view it as bytes instead.");
        }
    }

    private static void CheckMatch(NpyDType dtype)
    {
        if (!ClrTypeMap.Matches<T>(dtype))
        {
            throw new NpyTypeMismatchException(typeof(T), dtype.ToString());
        }
    }
}

namespace Npy;

/// <summary>The kind of a NumPy dtype.</summary>
public enum NpyKind
{
    /// <summary>Boolean (<c>b1</c>, <c>?</c>).</summary>
    Bool,

    /// <summary>Signed integer (<c>i1</c> to <c>i8</c>).</summary>
    Int,

    /// <summary>Unsigned integer (<c>u1</c> to <c>u8</c>).</summary>
    UInt,

    /// <summary>Floating point (<c>f2</c>, <c>f4</c>, <c>f8</c>; <c>f12</c>/<c>f16</c> long double carried opaquely).</summary>
    Float,

    /// <summary>Complex (<c>c8</c>, <c>c16</c>; <c>c24</c>/<c>c32</c> carried opaquely).</summary>
    Complex,

    /// <summary>Fixed-length byte string (<c>S&lt;n&gt;</c>).</summary>
    Bytes,

    /// <summary>Fixed-length UTF-32 string (<c>U&lt;n&gt;</c>).</summary>
    Unicode,

    /// <summary>Opaque bytes without fields (<c>V&lt;n&gt;</c>).</summary>
    Void,

    /// <summary>datetime64 (<c>M8</c>).</summary>
    DateTime,

    /// <summary>timedelta64 (<c>m8</c>).</summary>
    TimeDelta,

    /// <summary>Python object (<c>O</c>); the data is a pickle.</summary>
    Object,

    /// <summary>Structured (record) type with named fields.</summary>
    Structured,

    /// <summary>Fixed-shape subarray of a base type, such as <c>('&lt;f8', (5,))</c>.</summary>
    Subarray,
}

namespace Npy;

/// <summary>The byte order of a dtype's elements, as the first character of a NumPy descr spells it.</summary>
public enum NpyByteOrder
{
    /// <summary>Byte order does not apply (<c>|</c>): one-byte types, bytes, void, bool, object and structured types.</summary>
    NotApplicable,

    /// <summary>Little-endian (<c>&lt;</c>).</summary>
    Little,

    /// <summary>Big-endian (<c>&gt;</c>).</summary>
    Big,
}

using System.Runtime.InteropServices;

namespace Npy;

/// <summary>A single-precision complex number, the element type of NumPy's <c>complex64</c> (<c>c8</c>).</summary>
/// <remarks>The layout (real, then imaginary, each a <see cref="float"/>) is exactly NumPy's, so spans of this type view <c>c8</c> data without copying.</remarks>
/// <param name="Real">The real part.</param>
/// <param name="Imaginary">The imaginary part.</param>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct Complex64(float Real, float Imaginary)
{
    /// <summary>Converts to a double-precision <see cref="System.Numerics.Complex"/>, exactly.</summary>
    public System.Numerics.Complex ToComplex() => new(Real, Imaginary);

    /// <summary>Converts a double-precision complex number, rounding each part to <see cref="float"/>.</summary>
    /// <param name="value">The value to convert.</param>
    public static Complex64 FromComplex(System.Numerics.Complex value) => new((float)value.Real, (float)value.Imaginary);
}

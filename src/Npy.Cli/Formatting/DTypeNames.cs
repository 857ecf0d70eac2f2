using System.Globalization;

namespace Npy.Cli.Formatting;

/// <summary>The names NumPy's <c>repr</c> gives dtypes (<c>float32</c>, <c>'&lt;U5'</c>, <c>'datetime64[D]'</c>, …).</summary>
internal static class DTypeNames
{
    /// <summary>Tells whether NumPy's repr leaves the dtype out: float64, int64, bool and complex128, in either byte order (NumPy looks at the type only).</summary>
    public static bool IsImplied(NpyDType dtype) =>
        dtype.Fields.Count == 0 && dtype.Kind switch
        {
            NpyKind.Bool => true,
            NpyKind.Int or NpyKind.Float => dtype.ItemSize == 8,
            NpyKind.Complex => dtype.ItemSize == 16,
            _ => false,
        };

    /// <summary>Gets the dtype as it appears after <c>dtype=</c> in NumPy's repr (the type name, which carries no byte order, except for strings).</summary>
    public static string ShortRepr(NpyDType dtype)
    {
        string descr = dtype.ToString();
        if (dtype.Kind == NpyKind.Structured || dtype.Fields.Count > 0)
        {
            // str(dtype) of a structured dtype writes fields without the '|' of byte-order-free types, and bool as '?'.
            return descr.Replace("'|b1'", "'?'", StringComparison.Ordinal).Replace("'|", "'", StringComparison.Ordinal);
        }

        if (dtype.Kind is NpyKind.Bytes or NpyKind.Unicode or NpyKind.Void)
        {
            return "'" + descr + "'";
        }

        string bits = (dtype.ItemSize * 8).ToString(CultureInfo.InvariantCulture);
        return dtype.Kind switch
        {
            NpyKind.Bool => "bool",
            NpyKind.Int => "int" + bits,
            NpyKind.UInt => "uint" + bits,
            NpyKind.Float => "float" + bits,
            NpyKind.Complex => "complex" + bits,
            NpyKind.DateTime => "'datetime64" + UnitSuffix(dtype) + "'",
            NpyKind.TimeDelta => "'timedelta64" + UnitSuffix(dtype) + "'",
            _ => "'" + descr + "'",
        };
    }

    private static string UnitSuffix(NpyDType dtype) => dtype.DateTimeUnit is null
        ? string.Empty
        : "[" + (dtype.DateTimeMultiplier == 1 ? string.Empty : dtype.DateTimeMultiplier.ToString(CultureInfo.InvariantCulture)) + dtype.DateTimeUnit + "]";
}

namespace Npy.Format;

/// <summary>The fixed numbers of the <c>.npy</c> format, named as NumPy's <c>format.py</c> names them.</summary>
internal static class NpyConstants
{
    /// <summary>The six magic bytes <c>\x93NUMPY</c> that open every <c>.npy</c>.</summary>
    public static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Length of the magic string.</summary>
    public const int MagicLength = 6;

    /// <summary>Offset of the HEADER_LEN field (after magic and the two version bytes).</summary>
    public const int HeaderLengthOffset = 8;

    /// <summary>Prefix length before the header text for version 1.0 (2-byte HEADER_LEN).</summary>
    public const int PrefixLengthV1 = 10;

    /// <summary>Prefix length before the header text for versions 2.0 and 3.0 (4-byte HEADER_LEN).</summary>
    public const int PrefixLengthV2 = 12;

    /// <summary>NumPy pads the header so the data starts at a multiple of this (<c>ARRAY_ALIGN</c>).</summary>
    public const int ArrayAlign = 64;

    /// <summary>Spare spaces reserve room for a growing axis of up to this many digits (<c>GROWTH_AXIS_MAX_DIGITS</c>, NumPy 1.24).</summary>
    public const int GrowthAxisMaxDigits = 21;

    /// <summary>CPython refuses int literals longer than this many digits (<c>sys.int_info.str_digits_check_threshold</c> default).</summary>
    public const int MaxIntDigits = 4300;

    /// <summary>The CLI flag that raises <see cref="NpyLimits.MaxHeaderBytes"/>.</summary>
    public const string MaxHeaderBytesFlag = "--max-header-bytes";

    /// <summary>The CLI flag that raises <see cref="NpyLimits.MaxDimensions"/>.</summary>
    public const string MaxDimensionsFlag = "--max-dims";

    /// <summary>The CLI flag that raises <see cref="NpyLimits.MaxItemSize"/>.</summary>
    public const string MaxItemSizeFlag = "--max-item-size";

    /// <summary>Gets the header prefix length (magic + version + length field) for a format version.</summary>
    public static int PrefixLengthFor(int version) => version == 1 ? PrefixLengthV1 : PrefixLengthV2;
}

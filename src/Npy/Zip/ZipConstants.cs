namespace Npy.Zip;

/// <summary>Signatures, record sizes and fixed field values of the zip format (PKWARE APPNOTE) as NumPy's zipfile writes them.</summary>
internal static class ZipConstants
{
    /// <summary>Local file header signature <c>PK\x03\x04</c>.</summary>
    public const uint LocalHeaderSignature = 0x04034B50;

    /// <summary>Central directory header signature <c>PK\x01\x02</c>.</summary>
    public const uint CentralHeaderSignature = 0x02014B50;

    /// <summary>End of central directory signature <c>PK\x05\x06</c>.</summary>
    public const uint EndOfCentralDirectorySignature = 0x06054B50;

    /// <summary>ZIP64 end of central directory record signature <c>PK\x06\x06</c>.</summary>
    public const uint Zip64EndOfCentralDirectorySignature = 0x06064B50;

    /// <summary>ZIP64 end of central directory locator signature <c>PK\x06\x07</c>.</summary>
    public const uint Zip64LocatorSignature = 0x07064B50;

    /// <summary>Data descriptor signature <c>PK\x07\x08</c>.</summary>
    public const uint DataDescriptorSignature = 0x08074B50;

    /// <summary>Fixed part of a local file header.</summary>
    public const int LocalHeaderSize = 30;

    /// <summary>Fixed part of a central directory header.</summary>
    public const int CentralHeaderSize = 46;

    /// <summary>End of central directory record without comment.</summary>
    public const int EndOfCentralDirectorySize = 22;

    /// <summary>ZIP64 end of central directory record as CPython writes it (record size field 44).</summary>
    public const int Zip64EndOfCentralDirectorySize = 56;

    /// <summary>ZIP64 end of central directory locator.</summary>
    public const int Zip64LocatorSize = 20;

    /// <summary>Data descriptor with signature and 8-byte sizes.</summary>
    public const int Zip64DataDescriptorSize = 24;

    /// <summary>Longest archive comment, which bounds the backward scan for the end record.</summary>
    public const int MaxCommentLength = 65535;

    /// <summary>Largest value of a 16-bit extra-field length.</summary>
    public const int MaxExtraLength = 65535;

    /// <summary>Header ID of the ZIP64 extended information extra field.</summary>
    public const ushort Zip64ExtraId = 0x0001;

    /// <summary>CPython's ZIP64 threshold: sizes and offsets above it move to the ZIP64 extra field.</summary>
    public const long Zip64Limit = int.MaxValue;

    /// <summary>CPython's limit on the entry count of a plain end record.</summary>
    public const int FileCountLimit = 0xFFFF;

    /// <summary>"Version needed" 4.5 (ZIP64), what CPython 3.12+ writes.</summary>
    public const ushort Version45 = 45;

    /// <summary>"Version made by": 4.5, host system 3 (Unix), as CPython on Linux and macOS writes.</summary>
    public const ushort VersionMadeByUnix45 = 0x032D;

    /// <summary>General-purpose flag bit 0: encrypted member.</summary>
    public const ushort FlagEncrypted = 0x0001;

    /// <summary>General-purpose flag bit 3: CRC and sizes follow the data in a data descriptor.</summary>
    public const ushort FlagDataDescriptor = 0x0008;

    /// <summary>General-purpose flag bit 5: compressed patched data.</summary>
    public const ushort FlagPatchedData = 0x0020;

    /// <summary>General-purpose flag bit 6: strong encryption.</summary>
    public const ushort FlagStrongEncryption = 0x0040;

    /// <summary>General-purpose flag bit 11: the name is UTF-8.</summary>
    public const ushort FlagUtf8 = 0x0800;

    /// <summary>DOS time 00:00:00, CPython's default timestamp.</summary>
    public const ushort FixedDosTime = 0x0000;

    /// <summary>DOS date 1980-01-01, CPython's default timestamp.</summary>
    public const ushort FixedDosDate = 0x0021;

    /// <summary>External attributes 0o600 &lt;&lt; 16 ("rw-------"), what <c>ZipFile.open(name, 'w')</c> records.</summary>
    public const uint ExternalAttributes = 0x01800000;
}

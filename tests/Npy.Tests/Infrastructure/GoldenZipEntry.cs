using System.Text.Json.Serialization;

namespace Npy.Tests.Infrastructure;

/// <summary>Central-directory values of one zip member, as CPython's zipfile read them.</summary>
internal sealed record GoldenZipEntry
{
    /// <summary>Gets the compression method (0 stored, 8 deflate).</summary>
    [JsonPropertyName("method")]
    public int Method { get; init; }

    /// <summary>Gets the CRC-32 of the uncompressed member.</summary>
    [JsonPropertyName("crc32")]
    public uint Crc32 { get; init; }

    /// <summary>Gets the stored (compressed) size.</summary>
    [JsonPropertyName("compressed_size")]
    public long CompressedSize { get; init; }

    /// <summary>Gets the uncompressed size.</summary>
    [JsonPropertyName("uncompressed_size")]
    public long UncompressedSize { get; init; }

    /// <summary>Gets the general-purpose flags (0x0008 data descriptor, 0x0800 UTF-8 name).</summary>
    [JsonPropertyName("flags")]
    public int Flags { get; init; }

    /// <summary>Gets the offset of the member's local header.</summary>
    [JsonPropertyName("local_header_offset")]
    public long LocalHeaderOffset { get; init; }

    /// <summary>Gets the external attributes (0x01800000 for savez, 0x81800000 for the temp-file route).</summary>
    [JsonPropertyName("external_attr")]
    public uint ExternalAttributes { get; init; }

    /// <summary>Gets the DOS timestamp as [year, month, day, hour, minute, second].</summary>
    [JsonPropertyName("date_time")]
    public int[] DateTime { get; init; } = [];
}

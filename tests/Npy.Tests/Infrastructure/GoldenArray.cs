using System.Text.Json;
using System.Text.Json.Serialization;

namespace Npy.Tests.Infrastructure;

/// <summary>What NumPy says about one stored array (an .npy file or an .npz member).</summary>
internal sealed record GoldenArray
{
    /// <summary>Gets the header's descr as text: the string itself ("&lt;f8"), or the repr of the list for structs.</summary>
    [JsonPropertyName("descr")]
    public string Descr { get; init; } = "";

    /// <summary>Gets the shape (empty for 0-d).</summary>
    [JsonPropertyName("shape")]
    public long[] Shape { get; init; } = [];

    /// <summary>Gets the header's fortran_order.</summary>
    [JsonPropertyName("fortran_order")]
    public bool FortranOrder { get; init; }

    /// <summary>Gets the format version as [major, minor].</summary>
    [JsonPropertyName("header_version")]
    public int[] HeaderVersion { get; init; } = [];

    /// <summary>Gets HEADER_LEN (bytes of header text including padding and newline).</summary>
    [JsonPropertyName("header_len")]
    public int HeaderLength { get; init; }

    /// <summary>Gets the offset of the data from the start of the .npy.</summary>
    [JsonPropertyName("data_offset")]
    public long DataOffset { get; init; }

    /// <summary>Gets whether the dtype holds Python objects (a pickle follows; the library refuses these).</summary>
    [JsonPropertyName("object")]
    public bool IsObject { get; init; }

    /// <summary>Gets the element size in bytes; null for object arrays.</summary>
    [JsonPropertyName("itemsize")]
    public int? ItemSize { get; init; }

    /// <summary>Gets the element count (product of the shape).</summary>
    [JsonPropertyName("count")]
    public long Count { get; init; }

    /// <summary>Gets the data in C order with every multi-byte scalar little-endian (padding as stored);
    /// null for object arrays and when larger than 64 KiB (then use <see cref="CanonicalSha256"/>).</summary>
    [JsonPropertyName("c_order_le_b64")]
    public byte[]? CanonicalBytes { get; init; }

    /// <summary>Gets the lowercase hex SHA-256 of the canonical bytes (null for object arrays).</summary>
    [JsonPropertyName("c_order_le_sha256")]
    public string? CanonicalSha256 { get; init; }

    /// <summary>Gets the values (nested lists in C order, see TestData/README.md for the encoding per kind); null for
    /// structured, object, or more than 64 elements.</summary>
    [JsonPropertyName("values")]
    public JsonElement? Values { get; init; }

    /// <summary>Gets the format major version.</summary>
    [JsonIgnore]
    public int Major => HeaderVersion[0];

    /// <summary>Gets whether the descr is a structured (list) descr.</summary>
    [JsonIgnore]
    public bool IsStructured => Descr.StartsWith('[');
}

using System.Text.Json.Serialization;

namespace Npy.Tests.Infrastructure;

/// <summary>One member of a golden .npz: an array, or raw bytes when it does not start with the npy magic.</summary>
internal sealed record GoldenMember
{
    /// <summary>Gets the key as NumPy's <c>NpzFile.files</c> shows it (a trailing ".npy" removed).</summary>
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    /// <summary>Gets the raw zip member name.</summary>
    [JsonPropertyName("member")]
    public string MemberName { get; init; } = "";

    /// <summary>Gets the central-directory facts as Python's zipfile reports them.</summary>
    [JsonPropertyName("zip")]
    public GoldenZipEntry? Zip { get; init; }

    /// <summary>Gets the array when the member is an .npy; otherwise null.</summary>
    [JsonPropertyName("array")]
    public GoldenArray? Array { get; init; }

    /// <summary>Gets the member bytes when it is not an .npy (NumPy returns them as <c>bytes</c>); otherwise null.</summary>
    [JsonPropertyName("raw_b64")]
    public byte[]? RawBytes { get; init; }

    /// <summary>Returns the member name.</summary>
    public override string ToString() => MemberName;
}

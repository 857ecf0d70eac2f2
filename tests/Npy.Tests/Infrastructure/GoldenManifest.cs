using System.Text.Json.Serialization;

namespace Npy.Tests.Infrastructure;

/// <summary>The parsed TestData/golden.json (schema described in TestData/README.md).</summary>
internal sealed record GoldenManifest
{
    /// <summary>Gets the manifest schema number (1).</summary>
    [JsonPropertyName("schema")]
    public int Schema { get; init; }

    /// <summary>Gets the NumPy version that wrote the files.</summary>
    [JsonPropertyName("numpy")]
    public string NumPyVersion { get; init; } = "";

    /// <summary>Gets every golden file.</summary>
    [JsonPropertyName("files")]
    public GoldenFile[] Files { get; init; } = [];
}

using System.Text.Json.Serialization;

namespace Npy.Tests.Infrastructure;

/// <summary>One golden file: an .npy (with <see cref="Array"/>) or an .npz (with <see cref="Members"/>).</summary>
internal sealed record GoldenFile
{
    /// <summary>Gets the path relative to TestData, with '/' separators (e.g. "npy/f8_le.npy").</summary>
    [JsonPropertyName("path")]
    public string Path { get; init; } = "";

    /// <summary>Gets "npy" or "npz".</summary>
    [JsonPropertyName("kind")]
    public string Kind { get; init; } = "";

    /// <summary>Gets the file length in bytes.</summary>
    [JsonPropertyName("size")]
    public long Size { get; init; }

    /// <summary>Gets the lowercase hex SHA-256 of the whole file.</summary>
    [JsonPropertyName("sha256")]
    public string Sha256 { get; init; } = "";

    /// <summary>Gets what the file exercises.</summary>
    [JsonPropertyName("description")]
    public string Description { get; init; } = "";

    /// <summary>Gets how it was written: "np.save", "np.lib.format.write_array", "handmade", the np.savez call, ...</summary>
    [JsonPropertyName("writer")]
    public string Writer { get; init; } = "";

    /// <summary>Gets the explicit version passed to write_array ([major, minor]), or null.</summary>
    [JsonPropertyName("version_arg")]
    public int[]? VersionArg { get; init; }

    /// <summary>Gets the array of an .npy file; null for .npz.</summary>
    [JsonPropertyName("array")]
    public GoldenArray? Array { get; init; }

    /// <summary>Gets "old" (CPython 3.11.2: zip version 20, real local sizes) or "new" (3.11.7: version 45,
    /// FFFFFFFF local sizes) for .npz; null for .npy and NumPy's shipped files.</summary>
    [JsonPropertyName("band")]
    public string? Band { get; init; }

    /// <summary>Gets whether the .npz was written to a seekable target (false: data descriptors, flag 0x0008).</summary>
    [JsonPropertyName("seekable")]
    public bool? Seekable { get; init; }

    /// <summary>Gets whether the .npz members are deflated (savez_compressed).</summary>
    [JsonPropertyName("compressed")]
    public bool? Compressed { get; init; }

    /// <summary>Gets the .npz members in zip order; null for .npy.</summary>
    [JsonPropertyName("members")]
    public GoldenMember[]? Members { get; init; }

    /// <summary>Gets whether this is an exact np.save output (the writer's byte-identity reference).</summary>
    [JsonIgnore]
    public bool IsNpSaveOutput => Kind == "npy" && Writer == "np.save";

    /// <summary>Gets the absolute path of the file in the test output folder.</summary>
    [JsonIgnore]
    public string FullPath => GoldenData.TestDataPath(Path.Split('/'));

    /// <summary>Reads the whole file.</summary>
    public byte[] ReadAllBytes() => File.ReadAllBytes(FullPath);

    /// <summary>Returns the path, so theory rows display readably.</summary>
    public override string ToString() => Path;
}

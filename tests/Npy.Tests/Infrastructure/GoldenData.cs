using System.Text.Json;

namespace Npy.Tests.Infrastructure;

/// <summary>Locates the golden files copied next to the test assembly and loads their manifest.</summary>
internal static class GoldenData
{
    /// <summary>The manifest file name inside TestData.</summary>
    public const string ManifestFileName = "golden.json";

    /// <summary>The TestData folders whose files the manifest must list.</summary>
    public static readonly string[] DataFolders = ["npy", "npy-legacy", "npz", "numpy-shipped"];

    private static readonly Lazy<GoldenManifest> s_manifest = new(LoadManifest);

    /// <summary>Gets the parsed golden.json (loaded once).</summary>
    public static GoldenManifest Manifest => s_manifest.Value;

    /// <summary>Gets every golden file.</summary>
    public static IReadOnlyList<GoldenFile> Files => Manifest.Files;

    /// <summary>Builds a path under TestData in the test output folder.</summary>
    public static string TestDataPath(params string[] parts)
        => Path.Combine([AppContext.BaseDirectory, "TestData", .. parts]);

    /// <summary>Returns the file with the given relative path ("npy/f8_le.npy").</summary>
    /// <exception cref="KeyNotFoundException">The manifest has no such file.</exception>
    public static GoldenFile Get(string relativePath)
        => Files.FirstOrDefault(f => f.Path == relativePath)
            ?? throw new KeyNotFoundException($"'{relativePath}' is not in {ManifestFileName}.");

    /// <summary>Gets the .npy files (np.save outputs, write_array outputs, hand-made legacy and NumPy-shipped files).</summary>
    public static IEnumerable<GoldenFile> NpyFiles => Files.Where(f => f.Kind == "npy");

    /// <summary>Gets the .npz files.</summary>
    public static IEnumerable<GoldenFile> NpzFiles => Files.Where(f => f.Kind == "npz");

    /// <summary>Returns theory rows with the relative paths of the files matching <paramref name="predicate"/>.</summary>
    public static TheoryData<string> Paths(Func<GoldenFile, bool> predicate)
    {
        var data = new TheoryData<string>();
        foreach (GoldenFile file in Files.Where(predicate))
        {
            data.Add(file.Path);
        }

        return data;
    }

    private static GoldenManifest LoadManifest()
    {
        using FileStream stream = File.OpenRead(TestDataPath(ManifestFileName));
        return JsonSerializer.Deserialize<GoldenManifest>(stream)
            ?? throw new InvalidDataException($"{ManifestFileName} is empty.");
    }
}

namespace Npy.Tests.Helpers;

/// <summary>A fresh temporary folder, deleted on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "npy-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes a file in the folder and returns its path.</summary>
    public string File(string name, byte[] content)
    {
        string path = File(name);
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }

    public void Dispose()
    {
        // A test that made this folder the process's working directory must not leave the process without one:
        // Process.Start (and every relative path) fails once the working directory is deleted.
        if (Directory.GetCurrentDirectory().StartsWith(Path, StringComparison.Ordinal))
        {
            Directory.SetCurrentDirectory(System.IO.Path.GetTempPath());
        }

        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

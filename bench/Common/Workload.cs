using System.Text.RegularExpressions;

namespace Npy.Bench;

/// <summary>The source arrays of a standard workload as the generator leaves them: one .npy, or a folder of them.</summary>
internal static partial class Workload
{
    /// <summary>Lists the workload's arrays as (key, .npy path), in member order (ordinal order of the zero-padded names).</summary>
    public static List<(string Key, string Path)> Sources(string dataDir, string name)
    {
        string single = Path.Combine(dataDir, name + ".npy");
        if (File.Exists(single))
        {
            return [(SingleKey(name), single)];
        }

        string folder = Path.Combine(dataDir, name + "_npy");
        if (!Directory.Exists(folder))
        {
            throw new FileNotFoundException($"Neither {single} nor {folder} exists: generate the workloads first.");
        }

        var files = Directory.GetFiles(folder, "*.npy");
        Array.Sort(files, StringComparer.Ordinal);
        return files.Select(f => (Path.GetFileNameWithoutExtension(f), f)).ToList();
    }

    /// <summary>Gets the member key of a single-array workload (the generator's names).</summary>
    public static string SingleKey(string name) => name switch
    {
        "sensor" => "signal",
        "labels" => "labels",
        "mask" => "mask",
        "images" => "images",
        _ => throw new ArgumentException($"'{name}' is not a single-array workload.", nameof(name)),
    };

    /// <summary>Reads the dtype descriptor and shape text of a .npy file's header, and where its data starts.</summary>
    /// <remarks>A deliberately independent reading of the header (not the library's parser), so a verification cannot share a bug with the code it checks.</remarks>
    public static (string Descr, long[] Shape, long DataOffset) ReadHeader(string npyPath)
    {
        using var file = File.OpenRead(npyPath);
        Span<byte> prefix = stackalloc byte[12];
        file.ReadExactly(prefix);
        int major = prefix[6];
        int headerLength = major == 1 ? prefix[8] | (prefix[9] << 8) : (int)BitConverter.ToUInt32(prefix[8..12]);
        long dataOffset = (major == 1 ? 10 : 12) + (long)headerLength;
        file.Position = major == 1 ? 10 : 12;
        var text = new byte[headerLength];
        file.ReadExactly(text);
        string header = System.Text.Encoding.Latin1.GetString(text);
        string descr = DescrPattern().Match(header).Groups[1].Value;
        string shapeText = ShapePattern().Match(header).Groups[1].Value;
        long[] shape = shapeText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => long.Parse(s, System.Globalization.CultureInfo.InvariantCulture))
            .ToArray();
        return (descr, shape, dataOffset);
    }

    /// <summary>Tells whether a loaded array has a source file's descr and shape and, read at its data offset, its bytes.</summary>
    public delegate bool SourceMatch<TArray>(TArray array, string descr, long[] shape, string npyPath, long dataOffset);

    /// <summary>Tells whether exactly the workload's arrays were loaded, each equal to its source file.</summary>
    public static bool AllEqual<TArray>(List<(string Key, string Path)> sources, IReadOnlyDictionary<string, TArray> loaded, SourceMatch<TArray> matches)
    {
        if (loaded.Count != sources.Count)
        {
            return false;
        }

        foreach (var (key, path) in sources)
        {
            var (descr, shape, offset) = ReadHeader(path);
            if (!loaded.TryGetValue(key, out TArray? array) || !matches(array, descr, shape, path, offset))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Compares bytes with the data of a .npy file, streaming the file (no second copy of the array in memory).</summary>
    public static bool DataEquals(string npyPath, long dataOffset, ReadOnlySpan<byte> data)
    {
        using var file = new FileStream(npyPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        if (file.Length - dataOffset != data.Length)
        {
            return false;
        }

        file.Position = dataOffset;

        // Pooled: a fresh 1 MiB buffer per source file made verifying W5's 20,000 members allocate 20 GB, which
        // set the peak RSS of the whole run after the timed load had finished.
        byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(Math.Clamp(data.Length, 1, 1 << 20));
        try
        {
            int done = 0;
            while (done < data.Length)
            {
                int n = file.Read(buffer, 0, Math.Min(buffer.Length, data.Length - done));
                if (n == 0 || !buffer.AsSpan(0, n).SequenceEqual(data.Slice(done, n)))
                {
                    return false;
                }

                done += n;
            }

            return true;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}

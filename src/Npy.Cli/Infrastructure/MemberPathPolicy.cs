namespace Npy.Cli.Infrastructure;

/// <summary>Decides whether an archive member name is safe to extract as a file under a directory, on any platform.</summary>
/// <remarks>
/// Refused: empty names and segments, absolute paths, <c>..</c> and <c>.</c> segments, backslashes, NUL and other
/// control characters, drive letters and alternate data streams (<c>:</c>), characters Windows forbids, Windows device
/// names (<c>CON</c>, <c>NUL</c>, <c>COM1</c>, … with or without an extension), trailing dots or spaces, segments longer
/// than 255 bytes, and names that differ only in case from another (they collide on Windows and macOS).
/// </remarks>
internal static class MemberPathPolicy
{
    private const int MaxSegmentBytes = 255;

    private static readonly HashSet<string> DeviceNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
        "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "COM¹", "COM²", "COM³",
        "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT¹", "LPT²", "LPT³",
    };

    /// <summary>Returns why a relative output path is unsafe, or <see langword="null"/> when it is safe.</summary>
    public static string? Problem(string relativePath)
    {
        if (relativePath.Length == 0)
        {
            return "the name is empty";
        }

        if (relativePath[0] == '/')
        {
            return "it is an absolute path";
        }

        foreach (char c in relativePath)
        {
            if (c < 0x20 || c == 0x7F)
            {
                return c == '\0' ? "it contains a NUL character" : "it contains a control character";
            }

            switch (c)
            {
                case '\\':
                    return "it contains a backslash (a path separator on Windows)";
                case ':':
                    return "it contains ':' (a drive letter or alternate data stream on Windows)";
                case '<' or '>' or '"' or '|' or '?' or '*':
                    return $"it contains '{c}', which Windows does not allow in file names";
            }
        }

        foreach (string segment in relativePath.Split('/'))
        {
            if (segment.Length == 0)
            {
                return "it has an empty path segment";
            }

            if (segment is "." or "..")
            {
                return $"it has a '{segment}' segment, which would leave the output directory";
            }

            if (segment.EndsWith('.') || segment.EndsWith(' '))
            {
                return "a path segment ends with a dot or a space (Windows drops them)";
            }

            string stem = segment.Split('.')[0].TrimEnd(' ');
            if (DeviceNames.Contains(stem))
            {
                return $"'{segment}' is a reserved device name on Windows";
            }

            if (System.Text.Encoding.UTF8.GetByteCount(segment) > MaxSegmentBytes)
            {
                return "a path segment is longer than 255 bytes";
            }
        }

        return null;
    }

    /// <summary>Finds two paths that are the same file on a case-insensitive file system (or a file that is also a directory).</summary>
    /// <returns>The first colliding pair, or <see langword="null"/>.</returns>
    public static (string First, string Second)? FindCollision(IReadOnlyList<string> relativePaths)
    {
        var files = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var directories = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string path in relativePaths)
        {
            string key = path.Normalize(System.Text.NormalizationForm.FormC);
            if (files.TryGetValue(key, out string? other) || directories.TryGetValue(key, out other))
            {
                return (other, path);
            }

            files[key] = path;
            int slash = -1;
            while ((slash = key.IndexOf('/', slash + 1)) >= 0)
            {
                string directory = key[..slash];
                if (files.TryGetValue(directory, out other))
                {
                    return (other, path);
                }

                directories.TryAdd(directory, path);
            }
        }

        return null;
    }
}

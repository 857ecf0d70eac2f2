using Npy.Internal;

namespace Npy;

/// <summary>Saves and loads <c>.npz</c> archives: <c>numpy.savez</c>, <c>numpy.savez_compressed</c> and <c>numpy.load</c> for .NET.</summary>
/// <remarks>
/// <para>
/// Named arrays are stored as <c>&lt;name&gt;.npy</c> in the order given, then positional arrays as <c>arr_0.npy</c>,
/// <c>arr_1.npy</c>, …; a name that collides with a positional <c>arr_N</c> is refused before anything is written.
/// A path that does not end with <c>.npz</c> gets it appended (case-sensitive, NumPy's rule).
/// </para>
/// <para>
/// Path saves are crash-safe: the archive is written beside the target under a temporary name, flushed to disk and
/// moved over the target, so a failed or cancelled save leaves an existing file untouched
/// (<see cref="NpzWriterOptions.FlushToDisk"/> can skip the flush for files that can be regenerated). Stream saves write at
/// the stream's position and leave it open.
/// </para>
/// </remarks>
public static partial class NpzFile
{
    /// <summary>The file name extension of a <c>.npz</c> file.</summary>
    public const string Extension = ".npz";

    /// <summary>Saves arrays uncompressed, as <c>numpy.savez</c> (byte-identical output).</summary>
    /// <param name="path">The target path; <c>.npz</c> is appended when it does not end with it.</param>
    /// <param name="arrays">Positional arrays, stored as <c>arr_0</c>, <c>arr_1</c>, ….</param>
    /// <returns>The path written.</returns>
    public static string Save(string path, params NpyArray[] arrays) => Save(path, [], arrays);

    /// <summary>Saves named and positional arrays uncompressed, as <c>numpy.savez(path, *positional, **named)</c>.</summary>
    /// <param name="path">The target path; <c>.npz</c> is appended when it does not end with it.</param>
    /// <param name="named">Arrays by name, stored in this order.</param>
    /// <param name="positional">Arrays stored after the named ones as <c>arr_0</c>, <c>arr_1</c>, ….</param>
    /// <returns>The path written.</returns>
    /// <exception cref="ArgumentException">A name collides with a positional <c>arr_N</c> or repeats.</exception>
    public static string Save(string path, IEnumerable<KeyValuePair<string, NpyArray>> named, params NpyArray[] positional) =>
        Write(path, named, positional, NpzWriterOptions.Stored);

    /// <summary>Saves arrays deflated at level 6, as <c>numpy.savez_compressed</c>, on all cores.</summary>
    /// <param name="path">The target path; <c>.npz</c> is appended when it does not end with it.</param>
    /// <param name="arrays">Positional arrays, stored as <c>arr_0</c>, <c>arr_1</c>, ….</param>
    /// <returns>The path written.</returns>
    public static string SaveCompressed(string path, params NpyArray[] arrays) => SaveCompressed(path, [], arrays);

    /// <summary>Saves named and positional arrays deflated at level 6, as <c>numpy.savez_compressed</c>, on all cores.</summary>
    /// <param name="path">The target path; <c>.npz</c> is appended when it does not end with it.</param>
    /// <param name="named">Arrays by name, stored in this order.</param>
    /// <param name="positional">Arrays stored after the named ones as <c>arr_0</c>, <c>arr_1</c>, ….</param>
    /// <returns>The path written.</returns>
    /// <exception cref="ArgumentException">A name collides with a positional <c>arr_N</c> or repeats.</exception>
    public static string SaveCompressed(string path, IEnumerable<KeyValuePair<string, NpyArray>> named, params NpyArray[] positional) =>
        Write(path, named, positional, NpzWriterOptions.Compressed);

    /// <summary>Saves named and positional arrays with the given compression settings.</summary>
    /// <param name="path">The target path; <c>.npz</c> is appended when it does not end with it.</param>
    /// <param name="named">Arrays by name, stored in this order.</param>
    /// <param name="positional">Arrays stored after the named ones as <c>arr_0</c>, <c>arr_1</c>, ….</param>
    /// <param name="options">Compression, level, parallelism and durability.</param>
    /// <returns>The path written.</returns>
    /// <exception cref="ArgumentException">A name collides with a positional <c>arr_N</c> or repeats.</exception>
    public static string Write(string path, IEnumerable<KeyValuePair<string, NpyArray>> named, IReadOnlyList<NpyArray> positional, NpzWriterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var members = Plan(named, positional);
        string target = WithExtension(path);
        AtomicFile.Write(target, stream => WriteMembers(stream, members, options), options.FlushToDisk);
        return target;
    }

    /// <summary>Writes an archive to a path crash-safely, letting the caller add members one at a time.</summary>
    /// <param name="path">The target path; <c>.npz</c> is appended when it does not end with it.</param>
    /// <param name="build">Adds the members; if it throws, nothing is written and an existing file is untouched.</param>
    /// <param name="options">Compression settings; <see cref="NpzWriterOptions.Compressed"/> when <see langword="null"/>.</param>
    /// <returns>The path written.</returns>
    public static string Write(string path, Action<NpzWriter> build, NpzWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(build);
        string target = WithExtension(path);
        AtomicFile.Write(
            target,
            stream =>
            {
                using var writer = new NpzWriter(stream, options, leaveOpen: true);
                build(writer);
            },
            options?.FlushToDisk ?? true);
        return target;
    }

    /// <summary>Saves named and positional arrays to a stream, at its position, leaving it open.</summary>
    /// <param name="stream">A writable stream (need not be seekable).</param>
    /// <param name="named">Arrays by name, stored in this order.</param>
    /// <param name="positional">Arrays stored after the named ones as <c>arr_0</c>, <c>arr_1</c>, ….</param>
    /// <param name="options">Compression settings; <see cref="NpzWriterOptions.Compressed"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">A name collides with a positional <c>arr_N</c> or repeats.</exception>
    public static void Write(Stream stream, IEnumerable<KeyValuePair<string, NpyArray>> named, IReadOnlyList<NpyArray> positional, NpzWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        WriteMembers(stream, Plan(named, positional), options ?? NpzWriterOptions.Compressed);
    }

    /// <summary>Saves arrays to a path asynchronously with the given settings; the work runs on the thread pool.</summary>
    /// <param name="path">The target path; <c>.npz</c> is appended when it does not end with it.</param>
    /// <param name="named">Arrays by name, stored in this order.</param>
    /// <param name="options">Compression settings; <see cref="NpzWriterOptions.Compressed"/> when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the save; an existing file is then left untouched.</param>
    /// <returns>The path written.</returns>
    public static Task<string> WriteAsync(string path, IEnumerable<KeyValuePair<string, NpyArray>> named, NpzWriterOptions? options = null, CancellationToken cancellationToken = default)
    {
        var members = Plan(named, []);
        string target = WithExtension(path);
        return Task.Run(
            () =>
            {
                AtomicFile.Write(target, stream =>
                {
                    using (var writer = new NpzWriter(stream, options, leaveOpen: true))
                    {
                        foreach (var (name, array) in members)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            writer.Add(name, array, cancellationToken);
                        }

                        writer.Flush();
                        cancellationToken.ThrowIfCancellationRequested();
                    }

                    // A cancellation that came while the central directory was written still wins over the move.
                    cancellationToken.ThrowIfCancellationRequested();
                },
                options?.FlushToDisk ?? true);
                return target;
            },
            cancellationToken);
    }

    /// <summary>Opens a <c>.npz</c> file lazily: only the central directory is read.</summary>
    /// <param name="path">The file (no extension is added).</param>
    /// <param name="limits">Limits for untrusted input; <see cref="NpyLimits.Default"/> when <see langword="null"/>.</param>
    /// <returns>The archive; dispose it to close the file.</returns>
    /// <exception cref="NpzFormatException">The file is not a valid zip archive.</exception>
    public static NpzReader Open(string path, NpyLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return OpenFile(path, limits);
    }

    /// <summary>Opens a <c>.npz</c> from a stream lazily.</summary>
    /// <param name="stream">A readable stream; an unseekable one is first copied to a temporary file (see <see cref="NpzReader.OpenSpooled"/>).</param>
    /// <param name="limits">Limits for untrusted input.</param>
    /// <param name="leaveOpen">Whether disposing the archive leaves <paramref name="stream"/> open.</param>
    /// <returns>The archive.</returns>
    public static NpzReader Open(Stream stream, NpyLimits? limits = null, bool leaveOpen = false) => NpzReader.Open(stream, limits, leaveOpen);

    /// <summary>Loads every array of a <c>.npz</c> file, decompressing members on all cores (members that are not <c>.npy</c> are skipped).</summary>
    /// <param name="path">The file.</param>
    /// <param name="limits">Limits for untrusted input.</param>
    /// <returns>The arrays by key, in archive order.</returns>
    public static Dictionary<string, NpyArray> Load(string path, NpyLimits? limits = null)
    {
        using NpzReader archive = Open(path, limits);
        return archive.ReadAll();
    }

    /// <summary>Applies NumPy's rule: append <c>.npz</c> unless the path already ends with it (case-sensitive).</summary>
    /// <param name="path">The path given by the caller.</param>
    /// <returns>The path that will be written.</returns>
    public static string WithExtension(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return path.EndsWith(Extension, StringComparison.Ordinal) ? path : path + Extension;
    }

    /// <summary>Orders members as <c>numpy.savez</c> does and refuses collisions before anything is written.</summary>
    private static List<(string Name, NpyArray Array)> Plan(IEnumerable<KeyValuePair<string, NpyArray>> named, IReadOnlyList<NpyArray> positional)
    {
        ArgumentNullException.ThrowIfNull(named);
        ArgumentNullException.ThrowIfNull(positional);
        var members = new List<(string, NpyArray)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, array) in named)
        {
            ArgumentNullException.ThrowIfNull(array);
            if (!names.Add(name))
            {
                throw new ArgumentException($"The name '{name}' is given twice.", nameof(named));
            }

            members.Add((name, array));
        }

        for (int i = 0; i < positional.Count; i++)
        {
            string key = FormattableString.Invariant($"arr_{i}");
            if (names.Contains(key))
            {
                throw new ArgumentException($"Cannot use un-named arrays and the name {key}: the {i + 1}th positional array is stored under that name.", nameof(named));
            }

            members.Add((key, positional[i] ?? throw new ArgumentNullException(nameof(positional))));
        }

        foreach (var (_, array) in members)
        {
            // Refuse object arrays before anything is written.
            if (array.DType.HasObject)
            {
                throw new NotSupportedException($"Arrays of dtype '{array.DType}' hold Python objects; pickled object arrays are not supported.");
            }
        }

        return members;
    }

    private static void WriteMembers(Stream stream, List<(string Name, NpyArray Array)> members, NpzWriterOptions options)
    {
        using var writer = new NpzWriter(stream, options, leaveOpen: true);
        foreach (var (name, array) in members)
        {
            writer.Add(name, array);
        }
    }
}

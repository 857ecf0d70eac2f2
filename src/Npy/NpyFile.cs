using Npy.Internal;

namespace Npy;

/// <summary>Saves and loads single arrays as <c>.npy</c> files: <c>numpy.save</c> and <c>numpy.load</c> for .NET.</summary>
/// <remarks>
/// Saving appends <c>.npy</c> to a path that does not end with it (case-sensitive, exactly NumPy's rule) and is
/// crash-safe: the file is written beside the target under a temporary name, flushed to disk (unless
/// <see cref="NpySaveOptions.FlushToDisk"/> is off) and then moved over the target, so a failed or cancelled save
/// leaves an existing file untouched.
/// </remarks>
public static partial class NpyFile
{
    /// <summary>The file name extension of a <c>.npy</c> file.</summary>
    public const string Extension = ".npy";

    private const int CancellationSlice = 1 << 20;

    /// <summary>Saves an array to a <c>.npy</c> file.</summary>
    /// <param name="path">The target path; <c>.npy</c> is appended when it does not end with it.</param>
    /// <param name="array">The array.</param>
    /// <param name="options">Whether to flush to disk before replacing the old file; <see cref="NpySaveOptions.Default"/> when <see langword="null"/>.</param>
    /// <returns>The path written, with the extension NumPy's rule gives.</returns>
    /// <exception cref="IOException">Writing failed; an existing file at the path is unchanged.</exception>
    /// <exception cref="NotSupportedException">The dtype holds Python objects.</exception>
    public static string Save(string path, NpyArray array, NpySaveOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(array);
        string target = WithExtension(path);
        byte[] header = NpyWriter.HeaderFor(array);
        AtomicFile.Write(
            target,
            stream =>
            {
                stream.Write(header);
                stream.Write(array.Data.Span);
            },
            (options ?? NpySaveOptions.Default).FlushToDisk);
        return target;
    }

    /// <summary>Saves a CLR array (any rank: <c>T[]</c>, <c>T[,]</c>, …) to a <c>.npy</c> file.</summary>
    /// <param name="path">The target path; <c>.npy</c> is appended when it does not end with it.</param>
    /// <param name="values">The array; see <see cref="NpyArray.FromArray(Array)"/> for the element types accepted.</param>
    /// <param name="options">Whether to flush to disk before replacing the old file.</param>
    /// <returns>The path written.</returns>
    public static string Save(string path, Array values, NpySaveOptions? options = null) => Save(path, NpyArray.FromArray(values), options);

    /// <summary>Saves elements with a shape to a <c>.npy</c> file, without copying them.</summary>
    /// <typeparam name="T">An element type with a NumPy dtype.</typeparam>
    /// <param name="path">The target path; <c>.npy</c> is appended when it does not end with it.</param>
    /// <param name="values">The elements in C order.</param>
    /// <param name="shape">The dimensions; when omitted, <c>(values.Length,)</c>.</param>
    /// <returns>The path written.</returns>
    public static string Save<T>(string path, T[] values, params long[] shape)
        where T : unmanaged => Save(path, NpyArray.FromArray(values, shape));

    /// <summary>Saves an array to a <c>.npy</c> file asynchronously.</summary>
    /// <param name="path">The target path; <c>.npy</c> is appended when it does not end with it.</param>
    /// <param name="array">The array.</param>
    /// <param name="cancellationToken">Cancels the save; an existing file is then left untouched.</param>
    /// <returns>The path written.</returns>
    public static Task<string> SaveAsync(string path, NpyArray array, CancellationToken cancellationToken = default) =>
        SaveAsync(path, array, null, cancellationToken);

    /// <summary>Saves an array to a <c>.npy</c> file asynchronously, with options.</summary>
    /// <param name="path">The target path; <c>.npy</c> is appended when it does not end with it.</param>
    /// <param name="array">The array.</param>
    /// <param name="options">Whether to flush to disk before replacing the old file; <see cref="NpySaveOptions.Default"/> when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the save; an existing file is then left untouched.</param>
    /// <returns>The path written.</returns>
    public static async Task<string> SaveAsync(string path, NpyArray array, NpySaveOptions? options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(array);
        string target = WithExtension(path);
        byte[] header = NpyWriter.HeaderFor(array);
        await AtomicFile.WriteAsync(target, async (stream, ct) =>
        {
            await stream.WriteAsync(header, ct).ConfigureAwait(false);

            // In 1 MiB pieces, so a cancellation is honoured within about 1 MiB of further work.
            for (int offset = 0; offset < array.Data.Length; offset += CancellationSlice)
            {
                await stream.WriteAsync(array.Data[offset..Math.Min(array.Data.Length, offset + CancellationSlice)], ct).ConfigureAwait(false);
            }
        }, cancellationToken, (options ?? NpySaveOptions.Default).FlushToDisk).ConfigureAwait(false);
        return target;
    }

    /// <summary>Loads the array of a <c>.npy</c> file.</summary>
    /// <param name="path">The file (no extension is added).</param>
    /// <param name="limits">Limits for untrusted input; <see cref="NpyLimits.Default"/> when <see langword="null"/>.</param>
    /// <returns>The array, in the file's byte order and memory order.</returns>
    /// <exception cref="NpyFormatException">The file is not a valid <c>.npy</c> (a <c>.npz</c> is reported as such).</exception>
    /// <exception cref="NpyLimitExceededException">The array exceeds a limit.</exception>
    /// <exception cref="NotSupportedException">The array holds pickled Python objects.</exception>
    public static NpyArray Load(string path, NpyLimits? limits = null)
    {
        using var reader = new NpyReader(OpenRead(path), limits);
        return reader.ReadNext() ?? throw new NpyFormatException($"'{path}' is empty: no data left in the file.");
    }

    /// <summary>Loads the array of a <c>.npy</c> file as a flat CLR array of its elements, in the file's memory order.</summary>
    /// <typeparam name="T">The element type (see <see cref="NpyArray.ToArray{T}"/>).</typeparam>
    /// <param name="path">The file.</param>
    /// <param name="limits">Limits for untrusted input.</param>
    /// <returns>The elements; for numeric dtypes in the machine's byte order, this is the buffer the data was read into (no copy).</returns>
    /// <exception cref="NpyTypeMismatchException"><typeparamref name="T"/> does not match the file's dtype.</exception>
    public static T[] Load<T>(string path, NpyLimits? limits = null) => ToElements<T>(Load(path, limits));

    /// <summary>Loads the array of a <c>.npy</c> file asynchronously.</summary>
    /// <param name="path">The file.</param>
    /// <param name="limits">Limits for untrusted input.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The array.</returns>
    public static async Task<NpyArray> LoadAsync(string path, NpyLimits? limits = null, CancellationToken cancellationToken = default)
    {
        var reader = new NpyReader(OpenRead(path, useAsync: true), limits);
        await using (reader.ConfigureAwait(false))
        {
            return await reader.ReadNextAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new NpyFormatException($"'{path}' is empty: no data left in the file.");
        }
    }

    /// <summary>Reads only the header of a <c>.npy</c> file: dtype, shape and order.</summary>
    /// <param name="path">The file.</param>
    /// <param name="limits">Limits for untrusted input.</param>
    /// <returns>The header.</returns>
    public static NpyHeader ReadHeader(string path, NpyLimits? limits = null)
    {
        using var reader = new NpyReader(OpenRead(path), limits);
        return reader.ReadHeader() ?? throw new NpyFormatException($"'{path}' is empty: no data left in the file.");
    }

    /// <summary>Applies NumPy's rule: append <c>.npy</c> unless the path already ends with it (case-sensitive).</summary>
    /// <param name="path">The path given by the caller.</param>
    /// <returns>The path that will be written.</returns>
    public static string WithExtension(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return path.EndsWith(Extension, StringComparison.Ordinal) ? path : path + Extension;
    }

    internal static T[] ToElements<T>(NpyArray array) =>
        array.TryGetBackingArrayCore(out T[]? backing) ? backing : array.ToArray<T>();

    private static FileStream OpenRead(string path, bool useAsync = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync);
        Span<byte> start = stackalloc byte[4];
        int n = stream.ReadAtLeast(start, 4, throwOnEndOfStream: false);
        stream.Position = 0;
        if (n == 4 && start[0] == (byte)'P' && start[1] == (byte)'K' && start[2] is 3 or 5 && start[3] is 4 or 6)
        {
            stream.Dispose();
            throw new NpyFormatException($"'{path}' is a zip archive (.npz), not a .npy file; open it with NpzFile.Open.");
        }

        return stream;
    }
}

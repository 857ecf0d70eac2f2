using Npy.Internal;
using Npy.Zip;

namespace Npy;

/// <summary>Writes a <c>.npz</c> archive member by member, compressing members and large members' chunks on all cores.</summary>
/// <remarks>
/// <para>
/// Array data is taken straight from the caller's memory and may still be being compressed when <c>Add</c>
/// returns: do not change an array until <see cref="Flush"/> or <see cref="Dispose"/> returns. Members are written in
/// the order they were added. Disposing writes the central directory; the archive is incomplete until then.
/// </para>
/// <para>
/// The stream is written at its current position and need not be seekable (members then carry data descriptors).
/// </para>
/// </remarks>
public sealed partial class NpzWriter : IDisposable, IAsyncDisposable
{
    private readonly ZipWriter _zip;
    private readonly ZipCompressionMethod _method;
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private LastHeader? _lastHeader;
    private bool _disposed;

    /// <summary>Creates a writer over a stream. Does no I/O.</summary>
    /// <param name="stream">A writable stream.</param>
    /// <param name="options">Compression settings; <see cref="NpzWriterOptions.Compressed"/> when <see langword="null"/>.</param>
    /// <param name="leaveOpen">Whether disposing the writer leaves <paramref name="stream"/> open.</param>
    /// <exception cref="ArgumentException">The stream cannot be written.</exception>
    public NpzWriter(Stream stream, NpzWriterOptions? options = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream must be writable.", nameof(stream));
        }

        options ??= NpzWriterOptions.Compressed;
        _method = options.Compression == NpzCompression.Stored ? ZipCompressionMethod.Stored : ZipCompressionMethod.Deflate;
        _zip = new ZipWriter(
            stream,
            new ZipWriterOptions
            {
                CompressionLevel = options.CompressionLevel,
                MaxDegreeOfParallelism = options.MaxDegreeOfParallelism,
                ChunkSize = options.ChunkSize,
                AlignData = options.AlignData,
            },
            leaveOpen);
    }

    /// <summary>Adds an array as the member <c>&lt;name&gt;.npy</c>.</summary>
    /// <param name="name">The key NumPy will list (for example <c>weights</c>; <c>/</c> makes nested names).</param>
    /// <param name="array">The array; its memory must not change until the writer is flushed or disposed.</param>
    /// <exception cref="ArgumentException">The name is already in the archive or contains a NUL character.</exception>
    /// <exception cref="NotSupportedException">The dtype holds Python objects.</exception>
    public void Add(string name, NpyArray array) => Add(name, array, CancellationToken.None);

    // The token is checked before each chunk (1 MiB by default) is submitted.
    internal void Add(string name, NpyArray array, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(array);
        string member = Reserve(name);
        _zip.AddEntry(member, _method, HeaderFor(array), array.Data, cancellationToken);
    }

    // Archives of many small arrays often repeat one dtype and shape; their members then share one (read-only) header.
    private byte[] HeaderFor(NpyArray array)
    {
        bool fortran = array.FortranOrder && !array.IsOrderIrrelevant();
        if (_lastHeader is { } last && last.Fortran == fortran && SameShape(last.Shape, array.ShapeArray)
            && (ReferenceEquals(last.DType, array.DType) || (IsPlain(array.DType) && last.DType.Equals(array.DType))))
        {
            return last.Bytes;
        }

        byte[] bytes = NpyWriter.HeaderFor(array);
        _lastHeader = new LastHeader(array.DType, (long[])array.ShapeArray.Clone(), fortran, bytes);
        return bytes;
    }

    // A dtype without fields or subarray is written from exactly what Equals compares (kind, order, size, unit).
    private static bool IsPlain(NpyDType dtype) => dtype.Fields.Count == 0 && dtype.SubarrayBase is null;

    // Element by element: MemoryExtensions.SequenceEqual<long> is compiled at run time in a ReadyToRun process.
    private static bool SameShape(long[] a, long[] b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }

        return true;
    }

    // The last header formatted and what it was formatted from. A class, not a tuple: a tuple holding a bool between
    // references is compiled at run time in a ReadyToRun process.
    private sealed record LastHeader(NpyDType DType, long[] Shape, bool Fortran, byte[] Bytes);

    /// <summary>Adds elements with a shape as the member <c>&lt;name&gt;.npy</c>, without copying them.</summary>
    /// <typeparam name="T">An element type with a NumPy dtype.</typeparam>
    /// <param name="name">The key.</param>
    /// <param name="values">The elements in C order; they must not change until the writer is flushed or disposed.</param>
    /// <param name="shape">The dimensions; when omitted, <c>(values.Length,)</c>.</param>
    public void Add<T>(string name, T[] values, params long[] shape)
        where T : unmanaged => Add(name, NpyArray.FromArray(values, shape));

    /// <summary>Adds a CLR array of any rank (<c>T[,]</c>, …) as the member <c>&lt;name&gt;.npy</c>.</summary>
    /// <param name="name">The key.</param>
    /// <param name="values">The array (see <see cref="NpyArray.FromArray(Array)"/>).</param>
    public void Add(string name, Array values) => Add(name, NpyArray.FromArray(values));

    /// <summary>Starts a member whose data the caller writes in pieces, so an array never has to be in memory whole.</summary>
    /// <param name="name">The key.</param>
    /// <param name="header">The array's dtype, shape and order.</param>
    /// <returns>A stream that takes exactly <see cref="NpyHeader.DataLength"/> bytes; disposing it completes the member. A write that would overfill it is refused; disposing it short fails the archive: the writer then refuses further calls and writes no central directory.</returns>
    /// <exception cref="ArgumentException">The name is already in the archive.</exception>
    /// <exception cref="InvalidOperationException">Another member is still open.</exception>
    public Stream OpenArray(string name, NpyHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (header.DType.HasObject)
        {
            throw new NotSupportedException($"Arrays of dtype '{header.DType}' hold Python objects; pickled object arrays are not supported.");
        }

        string member = Reserve(name);
        Stream entry = _zip.OpenEntry(member, _method);
        entry.Write(header.Format());
        return new CountedWriteStream(entry, header.DataLength, member, _zip.Fail);
    }

    /// <summary>Adds a member that is not an array (metadata, text), under exactly the given member name.</summary>
    /// <param name="memberName">The full member name (no <c>.npy</c> is appended).</param>
    /// <param name="content">The bytes; they must not change until the writer is flushed or disposed.</param>
    /// <exception cref="ArgumentException">The name is already in the archive or contains a NUL character.</exception>
    public void AddRaw(string memberName, ReadOnlyMemory<byte> content)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ValidateName(memberName);
        if (!_names.Add(memberName))
        {
            throw new ArgumentException($"The archive already has a member '{memberName}'.", nameof(memberName));
        }

        _zip.AddEntry(memberName, _method, ReadOnlyMemory<byte>.Empty, content);
    }

    /// <summary>Waits until every member added so far has been compressed and written.</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _zip.Flush();
    }

    /// <summary>Completes pending members and writes the central directory; disposes the stream unless told to leave it open.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            DisposeZip();
        }
    }

    /// <summary>Completes pending members and writes the central directory; disposes the stream unless told to leave it open.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            await DisposeZipAsync().ConfigureAwait(false);
        }
    }

    private string Reserve(string name)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ValidateName(name);
        string member = name + NpyFile.Extension;
        if (!_names.Add(member))
        {
            throw new ArgumentException($"The archive already has an array named '{name}'.", nameof(name));
        }

        return member;
    }

    private static void ValidateName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A member name cannot contain a NUL character.", nameof(name));
        }
    }
}

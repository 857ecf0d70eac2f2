using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Npy.Internal;
using Npy.Zip;

namespace Npy;

/// <summary>A <c>.npz</c> archive opened for reading: a lazy, dictionary-like view of its members, as NumPy's <c>NpzFile</c>.</summary>
/// <remarks>
/// <para>
/// Opening reads and validates only the central directory; nothing is decompressed until a member is asked for, and
/// each access reads the member anew. Keys are member names with a trailing <c>.npy</c> removed; lookups take either
/// form (the exact member name wins). Members that are not <c>.npy</c> files are listed too and can be read with
/// <see cref="ReadBytes"/>; enumerating the archive yields the arrays only.
/// </para>
/// <para>
/// Every member's CRC-32 and sizes are verified as it is read. The stream must be seekable.
/// </para>
/// </remarks>
public sealed partial class NpzReader : IEnumerable<KeyValuePair<string, NpyArray>>, IDisposable, IAsyncDisposable
{
    private const int MagicProbeLength = 12;

    private readonly ZipReader _zip;
    private readonly NpyLimits _limits;
    private readonly NpzMember[] _members;
    private bool _disposed;

    private NpzReader(ZipReader zip, NpyLimits limits)
    {
        _zip = zip;
        _limits = limits;
        IReadOnlyList<ZipEntry> entries = zip.Entries;
        _members = new NpzMember[entries.Count];
        var files = new string[entries.Count];
        for (int i = 0; i < _members.Length; i++)
        {
            _members[i] = new NpzMember(entries[i]);
            files[i] = _members[i].Name;
        }

        Files = files;
    }

    /// <summary>Gets the keys of all members in archive order: member names with <c>.npy</c> removed.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>Gets the keys of all members (the same as <see cref="Files"/>).</summary>
    public IEnumerable<string> Keys => Files;

    /// <summary>Gets the number of members.</summary>
    public int Count => _members.Length;

    /// <summary>Gets or sets whether small members are read whole into a pooled buffer (the fast path) rather than streamed; tests compare the two.</summary>
    internal bool ReadsSmallMembersWhole { get; set; } = true;

    /// <summary>Gets the members as the central directory lists them.</summary>
    public IReadOnlyList<NpzMember> Members => _members;

    /// <summary>Reads the array stored under a key.</summary>
    /// <param name="key">The key, with or without <c>.npy</c>.</param>
    /// <returns>A new array holding the member's data (each access reads the member again).</returns>
    /// <exception cref="KeyNotFoundException">No member has that key.</exception>
    /// <exception cref="NpyFormatException">The member is not a valid <c>.npy</c>.</exception>
    /// <exception cref="NpzFormatException">The member's zip data is corrupt (CRC, sizes, deflate stream).</exception>
    /// <exception cref="NpyLimitExceededException">The array exceeds a limit.</exception>
    /// <exception cref="NotSupportedException">The array holds pickled objects, or the member uses an unsupported zip feature.</exception>
    public NpyArray this[string key] => Read(key);

    /// <summary>Opens a <c>.npz</c> stream. Reads the central directory only.</summary>
    /// <param name="stream">A readable stream. A seekable one may be positioned anywhere (the archive is found from its end); an unseekable one (pipe, network) is copied from its position to a temporary file first (see <see cref="OpenSpooled"/>).</param>
    /// <param name="limits">Limits for untrusted input; <see cref="NpyLimits.Default"/> when <see langword="null"/>.</param>
    /// <param name="leaveOpen">Whether disposing the reader leaves <paramref name="stream"/> open.</param>
    /// <returns>The archive.</returns>
    /// <exception cref="ArgumentException">The stream cannot be read or cannot seek.</exception>
    /// <exception cref="NpzFormatException">The archive is malformed.</exception>
    /// <exception cref="NpyLimitExceededException">The archive exceeds a limit.</exception>
    public static NpzReader Open(Stream stream, NpyLimits? limits = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        limits ??= NpyLimits.Default;
        if (stream.CanRead && !stream.CanSeek)
        {
            return OpenSpooled(stream, limits, leaveOpen);
        }

        return new NpzReader(ZipReader.Open(stream, limits, leaveOpen), limits);
    }

    /// <summary>Tells whether a key (with or without <c>.npy</c>) names a member.</summary>
    /// <param name="key">The key.</param>
    /// <returns>Whether the member exists.</returns>
    public bool ContainsKey(string key) => key is not null && Find(key) is not null;

    /// <summary>Reads the array under a key, if there is such a member.</summary>
    /// <param name="key">The key, with or without <c>.npy</c>.</param>
    /// <param name="array">The array, or <see langword="null"/>.</param>
    /// <returns>Whether the member exists.</returns>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out NpyArray array)
    {
        array = key is not null && Find(key) is { } member ? ReadArray(member, default) : null;
        return array is not null;
    }

    /// <summary>Gets the description of a member.</summary>
    /// <param name="key">The key, with or without <c>.npy</c>.</param>
    /// <returns>The member.</returns>
    /// <exception cref="KeyNotFoundException">No member has that key.</exception>
    public NpzMember GetMember(string key) => Find(key) ?? throw NotFound(key);

    /// <summary>Reads the array stored under a key.</summary>
    /// <param name="key">The key, with or without <c>.npy</c>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The array, in the file's byte order and memory order.</returns>
    /// <exception cref="KeyNotFoundException">No member has that key.</exception>
    public NpyArray Read(string key, CancellationToken cancellationToken = default) => ReadArray(GetMember(key), cancellationToken);

    /// <summary>Reads the array stored under a key as a flat CLR array of its elements.</summary>
    /// <typeparam name="T">The element type (see <see cref="NpyArray.ToArray{T}"/>).</typeparam>
    /// <param name="key">The key, with or without <c>.npy</c>.</param>
    /// <returns>The elements in the array's memory order; for numeric dtypes in machine order, the buffer the member was inflated into.</returns>
    /// <exception cref="NpyTypeMismatchException"><typeparamref name="T"/> does not match the dtype.</exception>
    public T[] Read<T>(string key) => NpyFile.ToElements<T>(Read(key));

    /// <summary>Reads only the <c>.npy</c> header of a member (decompressing no more than the header).</summary>
    /// <param name="key">The key, with or without <c>.npy</c>.</param>
    /// <returns>The header.</returns>
    /// <exception cref="NpyFormatException">The member is not a <c>.npy</c>.</exception>
    public NpyHeader ReadHeader(string key) => ReadHeader(GetMember(key), out _);

    /// <summary>Reads the raw bytes of a member (for members that are not arrays, such as metadata).</summary>
    /// <param name="key">The key, with or without <c>.npy</c>.</param>
    /// <returns>The member's uncompressed bytes.</returns>
    /// <exception cref="NpyLimitExceededException">The member is larger than <see cref="NpyLimits.MaxArrayBytes"/>.</exception>
    public byte[] ReadBytes(string key)
    {
        NpzMember member = GetMember(key);
        if (member.Size > _limits.MaxArrayBytes || member.Size > Array.MaxLength)
        {
            throw new NpyLimitExceededException("member size", member.Size, Math.Min(_limits.MaxArrayBytes, Array.MaxLength), nameof(NpyLimits.MaxArrayBytes), "--max-array-bytes");
        }

        var bytes = new byte[member.Size];
        _zip.ReadMember(member.Entry, 0, bytes);
        return bytes;
    }

    /// <summary>Opens a member's uncompressed bytes as a read-only stream (verified as it is read), for members too large to hold in memory.</summary>
    /// <param name="key">The key, with or without <c>.npy</c>.</param>
    /// <returns>A stream of the member's bytes, header included.</returns>
    public Stream OpenMember(string key) => _zip.OpenRead(GetMember(key).Entry);

    /// <summary>Tells whether a member is a <c>.npy</c> (starts with NumPy's magic string), decompressing only its first bytes.</summary>
    /// <param name="key">The key, with or without <c>.npy</c>.</param>
    /// <returns>Whether the member holds an array.</returns>
    public bool IsArray(string key)
    {
        Span<byte> probe = stackalloc byte[6];
        int n = _zip.ReadPrefix(GetMember(key).Entry, probe);
        return NpyHeader.IsNpyMagic(probe[..n]);
    }

    /// <summary>Enumerates the array members (members that are not <c>.npy</c> are skipped), reading each as it is reached.</summary>
    /// <returns>The keys and arrays in archive order.</returns>
    public IEnumerator<KeyValuePair<string, NpyArray>> GetEnumerator()
    {
        foreach (NpzMember member in _members)
        {
            if (TryReadArray(member, default) is { } array)
            {
                yield return new KeyValuePair<string, NpyArray>(member.Name, array);
            }
        }
    }

    /// <summary>Reads every array member at once, several members concurrently (members that are not <c>.npy</c> are skipped).</summary>
    /// <param name="maxDegreeOfParallelism">How many members are read at the same time; 0 or less means one per core.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The arrays by key, in archive order (for duplicated keys, the later member).</returns>
    /// <exception cref="NpyInvalidDataException">A member is malformed (the first failure found is raised).</exception>
    public Dictionary<string, NpyArray> ReadAll(int maxDegreeOfParallelism = 0, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var arrays = new NpyArray?[_members.Length];
        int degree = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount;
        int[] batches = PlanBatches(pairs: PairsPay(degree));
        ParallelWork.For(
            0, batches.Length - 1, degree,
            b => ReadBatch(batches[b], batches[b + 1], arrays, cancellationToken),
            cancellationToken);

        var result = new Dictionary<string, NpyArray>(_members.Length, StringComparer.Ordinal);
        for (int i = 0; i < arrays.Length; i++)
        {
            if (arrays[i] is { } array)
            {
                result[_members[i].Name] = array;
            }
        }

        return result;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Closes the archive and, unless told to leave it open, its stream.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _zip.Dispose();
        }
    }

    /// <summary>Closes the archive and, unless told to leave it open, its stream.</summary>
    /// <returns>A completed task: closing does no I/O that could be awaited.</returns>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Lists the first keys, as NumPy's <c>NpzFile</c> repr does.</summary>
    public override string ToString() =>
        "NpzReader with keys: " + string.Join(", ", Files.Take(5)) + (Files.Count > 5 ? "..." : string.Empty);

    private NpzMember? Find(string key)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(key);
        // The exact member name wins over a stripped key, as in NumPy; a key is the name of the member key + ".npy".
        if (_zip.TryGetEntry(key, out ZipEntry? entry))
        {
            return _members[entry.Index];
        }

        const int StackLimit = 256;
        int length = key.Length + NpyFile.Extension.Length;
        Span<char> name = length <= StackLimit ? stackalloc char[StackLimit] : new char[length];
        key.CopyTo(name);
        NpyFile.Extension.CopyTo(name[key.Length..]);
        return _zip.TryGetEntry(name[..length], out entry) ? _members[entry.Index] : null;
    }

    private static KeyNotFoundException NotFound(string key) => new($"'{key}' is not a file in the archive");

    private NpyHeader ReadHeader(NpzMember member, out int prefixLength)
    {
        using Stream stream = _zip.OpenRead(member.Entry);
        return ReadHeader(stream, member, out prefixLength) ?? throw NotAnArray(member);
    }

    private static NpyFormatException NotAnArray(NpzMember member) =>
        new($"Member '{member.MemberName}' is not an .npy array; read it with ReadBytes.");

    /// <summary>Reads and checks a member's .npy header from the start of its stream, leaving the stream at the data.</summary>
    /// <returns>The header, or <see langword="null"/> when the member does not start with NumPy's magic string.</returns>
    private NpyHeader? ReadHeader(Stream stream, NpzMember member, out int prefixLength)
    {
        Span<byte> probe = stackalloc byte[MagicProbeLength];
        int n = stream.ReadAtLeast(probe, probe.Length, throwOnEndOfStream: false);
        if (!CheckPrefix(probe[..n], member, out prefixLength))
        {
            return null;
        }

        byte[] prefix = new byte[prefixLength];
        probe[..n].CopyTo(prefix);
        stream.ReadExactly(prefix.AsSpan(n));
        return AdmitHeader(prefix, member, prefixLength);
    }

    /// <summary>Checks the magic and fixed prefix of a member from its first bytes (up to <see cref="MagicProbeLength"/>).</summary>
    /// <returns>False when the member does not start with NumPy's magic string.</returns>
    private bool CheckPrefix(ReadOnlySpan<byte> probe, NpzMember member, out int prefixLength)
    {
        prefixLength = 0;
        if (!NpyHeader.IsNpyMagic(probe))
        {
            return false;
        }

        if (!NpyHeader.TryGetPrefixLength(probe, _limits, out prefixLength) || prefixLength > member.Size)
        {
            throw new NpyFormatException($"Member '{member.MemberName}' is too short for the .npy header it starts.");
        }

        if (prefixLength < probe.Length)
        {
            // Only a v1 header of 0 or 1 bytes ends inside the probe; no header dictionary fits in that.
            throw new NpyFormatException($"Member '{member.MemberName}' has a .npy header of {prefixLength - 10} bytes, too short for the header dictionary.");
        }

        return true;
    }

    /// <summary>Parses and admits a member's complete .npy prefix and checks the data fits in the member.</summary>
    private NpyHeader AdmitHeader(ReadOnlySpan<byte> prefix, NpzMember member, int prefixLength)
    {
        NpyHeader header = HeaderAdmission.Admit(NpyHeader.Parse(prefix, _limits), _limits, $"Member '{member.MemberName}'");
        if (header.DataLength > member.Size - prefixLength)
        {
            throw new NpyFormatException(
                $"Member '{member.MemberName}' declares {header.DataLength} data bytes but holds only {member.Size - prefixLength}.");
        }

        return header;
    }

    private NpyArray ReadArray(NpzMember member, CancellationToken cancellationToken) =>
        TryReadArray(member, cancellationToken) ?? throw NotAnArray(member);

    /// <summary>Reads a member as an array, or returns <see langword="null"/> when it is not a .npy (one pass either way).</summary>
    private NpyArray? TryReadArray(NpzMember member, CancellationToken cancellationToken) =>
        TryReadArray(member, default, 0, cancellationToken);

    /// <summary>Reads a member as an array, taking a small member's bytes from <paramref name="window"/> when it holds them.</summary>
    private NpyArray? TryReadArray(NpzMember member, ReadOnlySpan<byte> window, long windowStart, CancellationToken cancellationToken)
    {
        if (ReadsSmallMembersWhole && ZipReader.IsSmall(member.Entry))
        {
            NpyArray? small = TryReadSmallArray(member, window, windowStart, cancellationToken, out bool faulty);
            if (!faulty)
            {
                return small;
            }
        }

        // One pass: the member is located once, its .npy header read through the stream, its data straight into the
        // array (see ZipMemberReadStream.ReadToEnd); only a chunked member's head is inflated twice.
        using ZipMemberReadStream stream = _zip.OpenRead(member.Entry, headOnly: true);
        if (ReadHeader(stream, member, out _) is not { } header)
        {
            return null;
        }

        // Bool bytes are normalised as the read finishes each piece, while it is still in cache.
        Memory<byte> data = AllocateData(header);
        stream.ReadToEnd(data, cancellationToken, header.DType.Kind == NpyKind.Bool ? BoolNormalizer.NormalizeBytes : null);
        return new NpyArray(header.DType, header.ShapeSpan, header.FortranOrder, data);
    }

    // The destination's pages are mapped piece by piece just before each piece is filled (on the cores that fill
    // them), so memory is committed only as fast as the member really delivers data: a member that declares more
    // than it holds fails before most of its array is ever mapped.
    private static Memory<byte> AllocateData(NpyHeader header) =>
        ClrTypeMap.Allocate(header.DType, header.DataLength, zeroed: false, mapPages: false);

    private static NpyArray Complete(NpyHeader header, Memory<byte> data)
    {
        BoolNormalizer.Normalize(header.DType, data);
        return new NpyArray(header.DType, header.ShapeSpan, header.FortranOrder, data);
    }
}

using System.Buffers;
using System.Text;

namespace Npy.Zip;

/// <summary>Writes a zip archive in the layout NumPy (with CPython 3.12+ zipfile) produces, compressing chunks of members on several cores.</summary>
/// <remarks>
/// <para>
/// Stored members are byte-identical to <c>np.savez</c>: version 45, fixed 1980-01-01 timestamp, FFFFFFFF local sizes
/// with a ZIP64 extra, external attributes 0o600, Unix made-by. On a seekable target each local header carries the real
/// CRC and sizes (written directly when the member's chunks are already done, else patched after the data, as zipfile
/// does); on an unseekable one the data-descriptor flag is set and a 24-byte descriptor follows the data. Offsets are
/// absolute stream positions (the target's position when the writer was created counts), as in CPython. Members above
/// 2 GiB and offsets past 2 GiB get CPython's ZIP64 records.
/// </para>
/// <para>
/// Deflated members are split into chunks compressed concurrently and concatenated into one ordinary deflate stream;
/// members of more than one chunk get a chunk index in their central-directory record (see docs/format-extensions.md).
/// </para>
/// <para>
/// Members are written in call order but compressed in the background: the memory passed to
/// <see cref="AddEntry"/> is read after the call returns, so the caller must not change it until <see cref="Flush"/> or
/// <see cref="Dispose"/> returns. Not thread-safe. After any failure the writer refuses further calls; the target's
/// content is then undefined.
/// </para>
/// </remarks>
internal sealed partial class ZipWriter : IDisposable, IAsyncDisposable
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Stream _target;
    private readonly ZipWriterOptions _options;
    private readonly bool _leaveOpen;
    private readonly bool _seekable;
    private readonly TaskFactory? _factory;
    private readonly long _maxInFlightBytes;
    private readonly Queue<PendingMember> _pending = new();
    private readonly List<PendingMember> _written = [];
    private long _position;
    private long _inFlightBytes;
    private List<ChunkJob> _openBatch = [];
    private long _openBatchBytes;
    private ZipEntryWriteStream? _openEntry;
    private Exception? _fault;
    private bool _disposed;

    /// <summary>Creates a writer that starts at the target's current position; nothing is written until the first member.</summary>
    /// <param name="target">A writable stream; if it cannot seek, members get data descriptors.</param>
    /// <param name="options">Compression settings.</param>
    /// <param name="leaveOpen">Whether to leave <paramref name="target"/> open when the writer is disposed.</param>
    public ZipWriter(Stream target, ZipWriterOptions options, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        if (!target.CanWrite)
        {
            throw new ArgumentException("The target stream must be writable.", nameof(target));
        }

        _target = target;
        _options = options;
        _leaveOpen = leaveOpen;
        _seekable = target.CanSeek;
        _position = _seekable ? target.Position : 0;
        if (options.MaxDegreeOfParallelism > 1)
        {
            // Chunk jobs run on the library's helper threads (they never wait for other tasks). The first one hashes at
            // once: its one-time CRC-32 setup is done meanwhile on another helper.
            Npy.Compression.Crc32Combine.WarmUp();
            var scheduler = new ConcurrentExclusiveSchedulerPair(Npy.Internal.HelperThreads.Scheduler, options.MaxDegreeOfParallelism).ConcurrentScheduler;
            _factory = new TaskFactory(CancellationToken.None, TaskCreationOptions.DenyChildAttach, TaskContinuationOptions.None, scheduler);
        }

        _maxInFlightBytes = ((2L * options.MaxDegreeOfParallelism) + 2) * options.ChunkSize;
    }

    /// <summary>Adds a member made of <paramref name="head"/> followed by <paramref name="body"/>, read straight from the caller's memory.</summary>
    /// <remarks>The memory must stay unchanged until <see cref="Flush"/> or <see cref="Dispose"/> returns.</remarks>
    /// <exception cref="ArgumentException">The name is empty, contains NUL, is longer than 65535 UTF-8 bytes or is not valid Unicode.</exception>
    /// <exception cref="InvalidOperationException">A streaming member is open, or the writer failed or was disposed.</exception>
    public void AddEntry(string name, ZipCompressionMethod method, ReadOnlyMemory<byte> head, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        var member = BeginMember(name, method);
        try
        {
            long total = (long)head.Length + body.Length;
            long chunk = ChunkLength(method);
            long offset = 0;
            do
            {
                cancellationToken.ThrowIfCancellationRequested();
                long end = Math.Min(total, offset + chunk);
                ReadOnlyMemory<byte> first = Slice(head, body, offset, end, out ReadOnlyMemory<byte> second);
                Submit(member, first, second, end == total, pooledInput: null, cancellationToken);
                offset = end;
            }
            while (offset < total);

            member.Sealed = true;
            Drain(long.MaxValue);
        }
        catch (Exception ex)
        {
            _fault ??= ex;
            throw;
        }
    }

    /// <summary>Opens a streaming member; full chunks are compressed while the caller keeps writing, and disposing the stream completes the member.</summary>
    /// <exception cref="InvalidOperationException">Another streaming member is open, or the writer failed or was disposed.</exception>
    public Stream OpenEntry(string name, ZipCompressionMethod method)
    {
        var member = BeginMember(name, method);
        _openEntry = new ZipEntryWriteStream(this, member, (int)Math.Min(ChunkLength(method), Array.MaxLength));
        return _openEntry;
    }

    /// <summary>Waits until every pending member is written, then flushes the target.</summary>
    public void Flush()
    {
        ThrowIfUnusable();
        Guarded(() => Drain(0));
        _target.Flush();
    }

    /// <summary>Completes pending members, writes the central directory and end records, and closes the target unless leaveOpen. Idempotent.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            if (_fault is null)
            {
                _openEntry?.Complete();
                Guarded(() =>
                {
                    Drain(0);
                    WriteCentralDirectory();
                });
                _target.Flush();
            }
        }
        finally
        {
            _disposed = true;
            ReleaseOutstanding();
            if (!_leaveOpen)
            {
                _target.Dispose();
            }
        }
    }

    /// <summary>Completes the archive like <see cref="Dispose"/>.</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    // Called by the streaming member for each full chunk and, on its disposal, for the last one.
    internal void SubmitStreamChunk(PendingMember member, byte[] buffer, int length, bool isLast)
    {
        try
        {
            Submit(member, buffer.AsMemory(0, length), ReadOnlyMemory<byte>.Empty, isLast, buffer, CancellationToken.None);
            if (isLast)
            {
                member.Sealed = true;
                _openEntry = null;
            }

            Drain(long.MaxValue);
        }
        catch (Exception ex)
        {
            _fault ??= ex;
            throw;
        }
    }

    /// <summary>Gets a value indicating whether the writer accepts further calls.</summary>
    internal bool IsUsable => !_disposed && _fault is null;

    internal void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_fault is not null)
        {
            throw new InvalidOperationException("The zip writer failed earlier and cannot continue.", _fault);
        }
    }

    // Bytes [start, end) of head followed by body, as at most two pieces. An out parameter, not a tuple: a tuple of
    // two ReadOnlyMemory<byte> is compiled at run time in a ReadyToRun process.
    private static ReadOnlyMemory<byte> Slice(ReadOnlyMemory<byte> head, ReadOnlyMemory<byte> body, long start, long end, out ReadOnlyMemory<byte> second)
    {
        second = ReadOnlyMemory<byte>.Empty;
        if (end <= head.Length)
        {
            return head[(int)start..(int)end];
        }

        if (start >= head.Length)
        {
            return body[(int)(start - head.Length)..(int)(end - head.Length)];
        }

        second = body[..(int)(end - head.Length)];
        return head[(int)start..];
    }

    // Stored members are cut only to hash on several cores, so their pieces can be larger.
    private long ChunkLength(ZipCompressionMethod method) =>
        method == ZipCompressionMethod.Stored ? Math.Max(_options.ChunkSize, 4 << 20) : _options.ChunkSize;

    private PendingMember BeginMember(string name, ZipCompressionMethod method)
    {
        ThrowIfUnusable();
        ArgumentNullException.ThrowIfNull(name);
        if (method is not (ZipCompressionMethod.Stored or ZipCompressionMethod.Deflate))
        {
            throw new ArgumentOutOfRangeException(nameof(method), method, "Only stored and deflate members can be written.");
        }

        if (_openEntry is not null)
        {
            throw new InvalidOperationException("A streaming member is still open; dispose its stream before adding another member.");
        }

        if (name.Length == 0 || name.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A member name must be non-empty and must not contain NUL.", nameof(name));
        }

        byte[] bytes;
        try
        {
            bytes = s_strictUtf8.GetBytes(name);
        }
        catch (EncoderFallbackException ex)
        {
            throw new ArgumentException("The member name is not valid Unicode (lone surrogate).", nameof(name), ex);
        }

        if (bytes.Length > ushort.MaxValue)
        {
            throw new ArgumentException("A member name must be at most 65535 UTF-8 bytes.", nameof(name));
        }

        bool ascii = Ascii.IsValid(bytes);
        var member = new PendingMember(bytes, ascii ? (ushort)0 : ZipConstants.FlagUtf8, method);
        _pending.Enqueue(member);
        return member;
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        if (!bytes.IsEmpty)
        {
            _target.Write(bytes);
            _position += bytes.Length;
        }
    }

    private void Guarded(Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex)
        {
            _fault ??= ex;
            throw;
        }
    }

    private static byte[] Rent(int length) => ArrayPool<byte>.Shared.Rent(length);
}

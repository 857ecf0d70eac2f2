using System.Buffers;
using System.IO.Hashing;
using Npy.Compression;

namespace Npy.Zip;

/// <summary>One chunk of a member on its way through the <see cref="ZipWriter"/> pipeline: its input, and once run, its CRC and compressed bytes.</summary>
internal sealed class ChunkJob
{
    private readonly int _level;
    private readonly bool _isLast;
    private readonly CancellationToken _cancellationToken;

    /// <summary>Creates the job; nothing is computed until <see cref="Run"/>.</summary>
    public ChunkJob(ZipCompressionMethod method, int level, ReadOnlyMemory<byte> first, ReadOnlyMemory<byte> second, bool isLast, byte[]? pooledInput, CancellationToken cancellationToken)
    {
        _cancellationToken = cancellationToken;
        Method = method;
        _level = level;
        First = first;
        Second = second;
        _isLast = isLast;
        PooledInput = pooledInput;
    }

    /// <summary>Gets the compression method.</summary>
    public ZipCompressionMethod Method { get; }

    /// <summary>Gets the first part of the uncompressed bytes.</summary>
    public ReadOnlyMemory<byte> First { get; }

    /// <summary>Gets the second part of the uncompressed bytes.</summary>
    public ReadOnlyMemory<byte> Second { get; }

    /// <summary>Gets the member's encoder choice, or null to deflate with zlib-ng alone.</summary>
    public MemberEncoderChoice? EncoderChoice { get; init; }

    /// <summary>Gets a value indicating whether this is the member's first chunk.</summary>
    public bool IsFirst { get; init; }

    /// <summary>Gets the uncompressed length.</summary>
    public int UncompressedLength => First.Length + Second.Length;

    /// <summary>Gets or sets the batch task that runs this job; null while it waits in the open batch or when it ran inline.</summary>
    public Task? Batch { get; set; }

    /// <summary>Gets a value indicating whether <see cref="Run"/> has finished successfully.</summary>
    public bool Done { get; private set; }

    /// <summary>Gets the CRC-32 of the uncompressed bytes.</summary>
    public uint Crc { get; private set; }

    /// <summary>Gets the pooled compressed buffer, or null for a stored chunk.</summary>
    public byte[]? Compressed { get; private set; }

    /// <summary>Gets the used length of <see cref="Compressed"/>.</summary>
    public int CompressedLength { get; private set; }

    /// <summary>Gets the pooled input buffer of a streaming member, returned once the chunk is written.</summary>
    public byte[]? PooledInput { get; private set; }

    /// <summary>Hashes and, for deflate, compresses the chunk.</summary>
    public void Run()
    {
        _cancellationToken.ThrowIfCancellationRequested();
        uint crc = Crc32.HashToUInt32(First.Span);
        if (!Second.IsEmpty)
        {
            crc = Crc32Combine.Combine(crc, Crc32.HashToUInt32(Second.Span), Second.Length);
        }

        Crc = crc;
        if (Method == ZipCompressionMethod.Deflate)
        {
            (Compressed, CompressedLength) = DeflateChunkEncoder.Encode(First.Span, Second.Span, _level, _isLast, EncoderChoice, IsFirst, _cancellationToken);
        }

        Done = true;
    }

    /// <summary>Throws <see cref="OperationCanceledException"/> when the member's token was cancelled.</summary>
    public void ThrowIfCanceled() => _cancellationToken.ThrowIfCancellationRequested();

    /// <summary>Returns the pooled buffers (idempotent).</summary>
    public void Release()
    {
        if (Compressed is not null)
        {
            ArrayPool<byte>.Shared.Return(Compressed);
            Compressed = null;
        }

        if (PooledInput is not null)
        {
            ArrayPool<byte>.Shared.Return(PooledInput);
            PooledInput = null;
        }
    }
}

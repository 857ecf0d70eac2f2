namespace Npy.Zip;

/// <summary>Settings of a <see cref="ZipWriter"/>.</summary>
internal sealed class ZipWriterOptions
{
    /// <summary>Gets the zlib compression level for deflated members, 0 (stored blocks) to 9; default 6, NumPy's.</summary>
    public int CompressionLevel
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 9);
            field = value;
        }
    } = 6;

    /// <summary>Gets how many chunks are compressed at once; default <see cref="Environment.ProcessorCount"/>. 1 compresses on the calling thread.</summary>
    public int MaxDegreeOfParallelism
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            field = value;
        }
    } = Environment.ProcessorCount;

    /// <summary>Gets the uncompressed size of the independently compressed chunks of a member; default 1 MiB, at least 1 KiB, at most 1 GiB.</summary>
    public int ChunkSize
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1024);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, ChunkIndex.MaxChunkSize);
            field = value;
        }
    } = 1 << 20;
}

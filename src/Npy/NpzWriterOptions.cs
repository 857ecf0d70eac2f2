namespace Npy;

/// <summary>Settings for writing a <c>.npz</c>: compression, level and parallelism.</summary>
/// <remarks>The defaults are those of <c>numpy.savez_compressed</c> (deflate at zlib level 6), on every core.</remarks>
public sealed record NpzWriterOptions
{
    /// <summary>Gets options for uncompressed members, as <c>numpy.savez</c> writes (byte-identical output).</summary>
    public static NpzWriterOptions Stored { get; } = new() { Compression = NpzCompression.Stored };

    /// <summary>Gets options for deflated members at level 6, as <c>numpy.savez_compressed</c> writes.</summary>
    public static NpzWriterOptions Compressed { get; } = new();

    /// <summary>Gets how members are stored (default <see cref="NpzCompression.Deflate"/>).</summary>
    public NpzCompression Compression { get; init; } = NpzCompression.Deflate;

    /// <summary>Gets the deflate level, 0 (no compression) to 9 (smallest); default 6, NumPy's.</summary>
    public int CompressionLevel
    {
        get;
        init => field = value is >= 0 and <= 9 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The deflate level must be 0 to 9.");
    } = 6;

    /// <summary>Gets how many cores compress at once (default: all of them).</summary>
    public int MaxDegreeOfParallelism
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "At least one thread is needed.");
    } = Environment.ProcessorCount;

    /// <summary>Gets the size of the pieces a large member is cut into for parallel deflate (default 1 MiB; 64 KiB to 64 MiB).</summary>
    public int ChunkSize
    {
        get;
        init => field = value is >= (64 << 10) and <= (64 << 20) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The chunk size must be 64 KiB to 64 MiB.");
    } = 1 << 20;
}

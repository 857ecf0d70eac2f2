namespace Npy;

/// <summary>Settings for writing a <c>.npz</c>: compression, level, parallelism and durability.</summary>
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
    /// <remarks>
    /// Other levels go to zlib-ng as they are. At level 6 each chunk goes to the encoder measured fastest on its kind
    /// of data at about level 6's compression or better: the library's own encoders for small members and for long
    /// repeats, zlib-ng's level 7 for near-random data (floats, noisy pixels), zlib-ng's level 6 otherwise; and zlib-ng
    /// gets a 4 KiB window instead of 32 KiB for a member whose first 128 KiB come out less than 0.1% larger that way,
    /// about twice as fast on floats and noisy pixels. The choices follow from the bytes alone, so the
    /// archive does not depend on the number of threads.
    /// </remarks>
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

    /// <summary>Gets whether the array data of stored members starts at a 64-byte-aligned file offset, so it can be memory-mapped aligned (default off).</summary>
    /// <remarks>
    /// The padding is a standard "data stream alignment" extra field (ID 0xA11E) in each stored member's local header;
    /// every zip reader skips it. Off by default because it changes the bytes: with it, stored archives are no longer
    /// byte-identical to <c>numpy.savez</c>'s. Deflated members are not padded (their data cannot be mapped).
    /// </remarks>
    public bool AlignData { get; init; }

    /// <summary>
    /// Gets whether a save to a path flushes the new archive to the storage device before it replaces the old file
    /// (default on).
    /// </summary>
    /// <remarks>
    /// <para>
    /// A save to a path always writes a temporary file beside the target and renames it over the target, so an
    /// exception, a cancellation or a killed process leaves either the complete old file or the complete new one.
    /// With the flush (the default) that also holds after a power failure or an operating-system crash. The flush
    /// waits until the whole archive is on the device, which for a large archive on a fast volume can take longer
    /// than writing it.
    /// </para>
    /// <para>
    /// Turn it off for files that can be regenerated (caches, intermediate results): the save then returns as soon as
    /// the archive is in the operating system's cache, as <c>numpy.savez</c> does, and after an operating-system crash
    /// the target may hold an empty or partial file. Stream saves never flush (the stream is the caller's), and
    /// <see cref="NpzFile.Append(string, Action{NpzWriter}, NpzWriterOptions?, NpyLimits?)"/> always does: its
    /// recovery journal depends on the order in which writes reach the device.
    /// </para>
    /// </remarks>
    public bool FlushToDisk { get; init; } = true;
}

namespace Npy;

/// <summary>Settings for saving a <c>.npy</c> file to a path.</summary>
/// <remarks>The defaults give what <see cref="NpyFile.Save(string, NpyArray, NpySaveOptions?)"/> does without options.</remarks>
public sealed record NpySaveOptions
{
    /// <summary>Gets the default options: the file is flushed to disk before it replaces the old one.</summary>
    public static NpySaveOptions Default { get; } = new();

    /// <summary>
    /// Gets whether the save flushes the new file to the storage device before it replaces the old file (default on).
    /// </summary>
    /// <remarks>
    /// <para>
    /// A save always writes a temporary file beside the target and renames it over the target, so an exception, a
    /// cancellation or a killed process leaves either the complete old file or the complete new one. With the flush
    /// (the default) that also holds after a power failure or an operating-system crash.
    /// </para>
    /// <para>
    /// Turn it off for files that can be regenerated (caches, intermediate results): the save then returns as soon as
    /// the file is in the operating system's cache, as <c>numpy.save</c> does, and after an operating-system crash the
    /// target may hold an empty or partial file. The same switch for archives is <see cref="NpzWriterOptions.FlushToDisk"/>.
    /// </para>
    /// </remarks>
    public bool FlushToDisk { get; init; } = true;
}

namespace Npy.Tests.Hostile;

/// <summary>
/// One hostile input of hostile-input.md §6.1/§6.2: its case name, the file extension it is written with, and how to
/// build its bytes. Every one is invalid, over the default limits or unsupported, so the command-line tool must refuse
/// it with exit 3 (<c>verify</c>: exit 1, its documented finding).
/// </summary>
/// <param name="ListedByLs">
/// True when <c>ls</c>, which reads headers only, lists the input without error: the fault is in data it does not
/// read (a CRC, a pickle, a member it does not decompress).
/// </param>
/// <param name="DescribedByShow">
/// True when <c>show</c> describes the input without reading the faulty part: a member that is not an array is shown
/// as "not an array" with its declared size, never decompressed.
/// </param>
internal sealed record HostileInput(string Name, string Extension, Func<byte[]> Build, bool ListedByLs = false, bool DescribedByShow = false)
{
    /// <inheritdoc/>
    public override string ToString() => Name;
}

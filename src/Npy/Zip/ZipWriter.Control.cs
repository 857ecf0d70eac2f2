namespace Npy.Zip;

/// <content>Control from the layers above: abandoning an archive, and carrying over the central records of an archive being appended to.</content>
internal sealed partial class ZipWriter
{
    private byte[] _existingRecords = [];
    private long _existingCount;

    /// <summary>Marks the writer failed: disposing it then writes no central directory, so a half-written member is never published.</summary>
    internal void Fail(Exception reason) => _fault ??= reason;

    /// <summary>Sets central-directory records (verbatim) of members already in the target, written before the new members' records.</summary>
    /// <remarks>Their offsets are absolute and must stay valid: the bytes they point at are not touched.</remarks>
    internal void SetExistingRecords(byte[] records, long count)
    {
        _existingRecords = records;
        _existingCount = count;
    }
}

using System.Buffers.Binary;

namespace Npy.Zip;

/// <content>Control from the layers above: abandoning an archive, and carrying over the central records of an archive being appended to.</content>
internal sealed partial class ZipWriter
{
    /// <summary>The extra-field ID of the "data stream alignment" record (APPNOTE 4.6, registered by Apache Commons Compress).</summary>
    internal const ushort AlignmentExtraId = 0xA11E;

    /// <summary>The file-offset alignment of stored member data when alignment is asked for: NumPy's .npy data alignment.</summary>
    internal const int DataAlignment = 64;

    private byte[] _existingRecords = [];
    private long _existingCount;

    /// <summary>Gets whether the writer failed (it then writes no central directory).</summary>
    internal bool Faulted => _fault is not null;

    /// <summary>Marks the writer failed: disposing it then writes no central directory, so a half-written member is never published.</summary>
    internal void Fail(Exception reason) => _fault ??= reason;

    /// <summary>Sets central-directory records (verbatim) of members already in the target, written before the new members' records.</summary>
    /// <remarks>Their offsets are absolute and must stay valid: the bytes they point at are not touched.</remarks>
    internal void SetExistingRecords(byte[] records, long count)
    {
        _existingRecords = records;
        _existingCount = count;
    }

    // The length of the alignment record that makes a stored member's data start at a multiple of 64 (0 when not asked
    // for). A function of the header offset only, so the in-place patch of the header writes the same length.
    private int AlignmentRecordLength(PendingMember member)
    {
        if (!_options.AlignData || member.Method != ZipCompressionMethod.Stored)
        {
            return 0;
        }

        const int Minimum = 6;
        long unpadded = member.HeaderOffset + ZipConstants.LocalHeaderSize + member.NameBytes.Length + LocalZip64ExtraSize + Minimum;
        return Minimum + (int)((DataAlignment - (unpadded % DataAlignment)) % DataAlignment);
    }

    // APPNOTE 4.6's 0xA11E record: ID, data size, 2-byte alignment (bit 15, "method may change", clear), zero padding.
    private static void WriteAlignmentRecord(Span<byte> destination, int length)
    {
        if (length == 0)
        {
            return;
        }

        destination[..length].Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(destination, AlignmentExtraId);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[2..], (ushort)(length - 4));
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], DataAlignment);
    }
}

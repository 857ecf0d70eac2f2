using System.Buffers;
using System.Buffers.Binary;
using Npy.Compression;

namespace Npy.Zip;

/// <content>The byte layout of local headers, data descriptors, central records and end records, as CPython 3.12+ writes them.</content>
internal sealed partial class ZipWriter
{
    // Local ZIP64 extra: id 1, size 16, uncompressed size, compressed size.
    private const int LocalZip64ExtraSize = 20;

    // The data-descriptor bit is set in both headers when the target cannot seek, as zipfile does.
    private ushort HeaderFlags(PendingMember member) =>
        _seekable ? member.Flags : (ushort)(member.Flags | ZipConstants.FlagDataDescriptor);

    private void WriteLocalHeader(PendingMember member)
    {
        member.HeaderOffset = _position;
        member.HeaderWritten = true;
        if (_seekable && TryGetFinalValues(member, out uint crc, out long compressedSize, out long uncompressedSize))
        {
            member.HeaderFinal = true;
            WriteLocalHeaderBytes(member, crc, compressedSize, uncompressedSize, patch: false);
        }
        else
        {
            // Provisional, like zipfile's: CRC 0 and zero sizes in the ZIP64 extra (final for unseekable targets).
            WriteLocalHeaderBytes(member, crc: 0, compressedSize: 0, uncompressedSize: 0, patch: false);
        }
    }

    private void WriteLocalHeaderBytes(PendingMember member, uint crc, long compressedSize, long uncompressedSize, bool patch)
    {
        int padding = AlignmentRecordLength(member);
        int length = ZipConstants.LocalHeaderSize + member.NameBytes.Length + LocalZip64ExtraSize + padding;
        var buffer = Rent(length);
        try
        {
            var span = buffer.AsSpan(0, length);
            ushort flags = HeaderFlags(member);
            BinaryPrimitives.WriteUInt32LittleEndian(span, ZipConstants.LocalHeaderSignature);
            BinaryPrimitives.WriteUInt16LittleEndian(span[4..], ZipConstants.Version45);
            BinaryPrimitives.WriteUInt16LittleEndian(span[6..], flags);
            BinaryPrimitives.WriteUInt16LittleEndian(span[8..], (ushort)member.Method);
            BinaryPrimitives.WriteUInt16LittleEndian(span[10..], ZipConstants.FixedDosTime);
            BinaryPrimitives.WriteUInt16LittleEndian(span[12..], ZipConstants.FixedDosDate);
            BinaryPrimitives.WriteUInt32LittleEndian(span[14..], crc);
            BinaryPrimitives.WriteUInt32LittleEndian(span[18..], 0xFFFFFFFF);
            BinaryPrimitives.WriteUInt32LittleEndian(span[22..], 0xFFFFFFFF);
            BinaryPrimitives.WriteUInt16LittleEndian(span[26..], (ushort)member.NameBytes.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(span[28..], (ushort)(LocalZip64ExtraSize + padding));
            member.NameBytes.AsSpan().CopyTo(span[30..]);
            var extra = span[(30 + member.NameBytes.Length)..];
            BinaryPrimitives.WriteUInt16LittleEndian(extra, ZipConstants.Zip64ExtraId);
            BinaryPrimitives.WriteUInt16LittleEndian(extra[2..], 16);
            BinaryPrimitives.WriteInt64LittleEndian(extra[4..], uncompressedSize);
            BinaryPrimitives.WriteInt64LittleEndian(extra[12..], compressedSize);
            WriteAlignmentRecord(extra[LocalZip64ExtraSize..], padding);
            if (patch)
            {
                _target.Write(span);
            }
            else
            {
                Write(span);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void FinishMember(PendingMember member)
    {
        if (_seekable && !member.HeaderFinal)
        {
            // Rewrite the header in place with the real CRC and sizes, as zipfile does, then return to the end.
            long end = _position;
            _target.Position = member.HeaderOffset;
            WriteLocalHeaderBytes(member, member.Crc, member.CompressedSize, member.UncompressedSize, patch: true);
            _target.Position = end;
        }
        else if (!_seekable)
        {
            Span<byte> descriptor = stackalloc byte[ZipConstants.Zip64DataDescriptorSize];
            BinaryPrimitives.WriteUInt32LittleEndian(descriptor, ZipConstants.DataDescriptorSignature);
            BinaryPrimitives.WriteUInt32LittleEndian(descriptor[4..], member.Crc);
            BinaryPrimitives.WriteInt64LittleEndian(descriptor[8..], member.CompressedSize);
            BinaryPrimitives.WriteInt64LittleEndian(descriptor[16..], member.UncompressedSize);
            Write(descriptor);
        }
    }

    private void WriteCentralDirectory()
    {
        long directoryStart = _position;
        Write(_existingRecords);
        // The records are gathered in a pooled buffer and written 1 MiB at a time.
        using (var buffer = new PooledBufferStream(Math.Max(256, Math.Min(_written.Count * 64, 1 << 20))))
        {
            foreach (var member in _written)
            {
                WriteCentralRecord(buffer, member);
                if (buffer.Length >= 1 << 20)
                {
                    Write(buffer.WrittenSpan);
                    buffer.Truncate(0);
                }
            }

            Write(buffer.WrittenSpan);
        }

        long directoryEnd = _position;
        long count = _existingCount + _written.Count;
        long size = directoryEnd - directoryStart;
        long offset = directoryStart;
        if (count > ZipConstants.FileCountLimit || offset > ZipConstants.Zip64Limit || size > ZipConstants.Zip64Limit)
        {
            Span<byte> record = stackalloc byte[ZipConstants.Zip64EndOfCentralDirectorySize + ZipConstants.Zip64LocatorSize];
            BinaryPrimitives.WriteUInt32LittleEndian(record, ZipConstants.Zip64EndOfCentralDirectorySignature);
            BinaryPrimitives.WriteInt64LittleEndian(record[4..], 44);
            BinaryPrimitives.WriteUInt16LittleEndian(record[12..], ZipConstants.Version45);
            BinaryPrimitives.WriteUInt16LittleEndian(record[14..], ZipConstants.Version45);
            BinaryPrimitives.WriteUInt32LittleEndian(record[16..], 0);
            BinaryPrimitives.WriteUInt32LittleEndian(record[20..], 0);
            BinaryPrimitives.WriteInt64LittleEndian(record[24..], count);
            BinaryPrimitives.WriteInt64LittleEndian(record[32..], count);
            BinaryPrimitives.WriteInt64LittleEndian(record[40..], size);
            BinaryPrimitives.WriteInt64LittleEndian(record[48..], offset);
            var locator = record[ZipConstants.Zip64EndOfCentralDirectorySize..];
            BinaryPrimitives.WriteUInt32LittleEndian(locator, ZipConstants.Zip64LocatorSignature);
            BinaryPrimitives.WriteUInt32LittleEndian(locator[4..], 0);
            BinaryPrimitives.WriteInt64LittleEndian(locator[8..], directoryEnd);
            BinaryPrimitives.WriteUInt32LittleEndian(locator[16..], 1);
            Write(record);
            count = Math.Min(count, 0xFFFF);
            size = Math.Min(size, 0xFFFFFFFF);
            offset = Math.Min(offset, 0xFFFFFFFF);
        }

        Span<byte> end = stackalloc byte[ZipConstants.EndOfCentralDirectorySize];
        end.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(end, ZipConstants.EndOfCentralDirectorySignature);
        BinaryPrimitives.WriteUInt16LittleEndian(end[8..], (ushort)count);
        BinaryPrimitives.WriteUInt16LittleEndian(end[10..], (ushort)count);
        BinaryPrimitives.WriteUInt32LittleEndian(end[12..], (uint)size);
        BinaryPrimitives.WriteUInt32LittleEndian(end[16..], (uint)offset);
        Write(end);
    }

    private void WriteCentralRecord(PooledBufferStream output, PendingMember member)
    {
        // CPython: sizes above 2^31-1 (both, if either) and an offset above it move to one ZIP64 extra, in the order usize, csize, offset.
        bool largeSizes = member.UncompressedSize > ZipConstants.Zip64Limit || member.CompressedSize > ZipConstants.Zip64Limit;
        bool largeOffset = member.HeaderOffset > ZipConstants.Zip64Limit;
        int zip64Values = (largeSizes ? 2 : 0) + (largeOffset ? 1 : 0);
        int zip64Length = zip64Values == 0 ? 0 : 4 + (8 * zip64Values);
        bool withIndex = member.Method == ZipCompressionMethod.Deflate
            && member.ChunkInfo.Count > 1
            && zip64Length + ChunkIndex.FieldSize(member.ChunkInfo.Count) <= ZipConstants.MaxExtraLength;
        int extraLength = zip64Length + (withIndex ? (int)ChunkIndex.FieldSize(member.ChunkInfo.Count) : 0);
        int length = ZipConstants.CentralHeaderSize + member.NameBytes.Length + extraLength;
        const int StackRecord = 512;
        Span<byte> span = (length <= StackRecord ? stackalloc byte[StackRecord] : new byte[length])[..length];
        BinaryPrimitives.WriteUInt32LittleEndian(span, ZipConstants.CentralHeaderSignature);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], ZipConstants.VersionMadeByUnix45);
        BinaryPrimitives.WriteUInt16LittleEndian(span[6..], ZipConstants.Version45);
        BinaryPrimitives.WriteUInt16LittleEndian(span[8..], HeaderFlags(member));
        BinaryPrimitives.WriteUInt16LittleEndian(span[10..], (ushort)member.Method);
        BinaryPrimitives.WriteUInt16LittleEndian(span[12..], ZipConstants.FixedDosTime);
        BinaryPrimitives.WriteUInt16LittleEndian(span[14..], ZipConstants.FixedDosDate);
        BinaryPrimitives.WriteUInt32LittleEndian(span[16..], member.Crc);
        BinaryPrimitives.WriteUInt32LittleEndian(span[20..], largeSizes ? 0xFFFFFFFF : (uint)member.CompressedSize);
        BinaryPrimitives.WriteUInt32LittleEndian(span[24..], largeSizes ? 0xFFFFFFFF : (uint)member.UncompressedSize);
        BinaryPrimitives.WriteUInt16LittleEndian(span[28..], (ushort)member.NameBytes.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(span[30..], (ushort)extraLength);
        BinaryPrimitives.WriteUInt16LittleEndian(span[32..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(span[34..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(span[36..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(span[38..], ZipConstants.ExternalAttributes);
        BinaryPrimitives.WriteUInt32LittleEndian(span[42..], largeOffset ? 0xFFFFFFFF : (uint)member.HeaderOffset);
        member.NameBytes.AsSpan().CopyTo(span[46..]);
        var extra = span[(46 + member.NameBytes.Length)..];
        if (zip64Values > 0)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(extra, ZipConstants.Zip64ExtraId);
            BinaryPrimitives.WriteUInt16LittleEndian(extra[2..], (ushort)(8 * zip64Values));
            int at = 4;
            if (largeSizes)
            {
                BinaryPrimitives.WriteInt64LittleEndian(extra[at..], member.UncompressedSize);
                BinaryPrimitives.WriteInt64LittleEndian(extra[(at + 8)..], member.CompressedSize);
                at += 16;
            }

            if (largeOffset)
            {
                BinaryPrimitives.WriteInt64LittleEndian(extra[at..], member.HeaderOffset);
            }

            extra = extra[zip64Length..];
        }

        if (withIndex)
        {
            ChunkIndex.Write(extra, _options.ChunkSize, member.ChunkInfo);
        }

        output.Write(span);
    }
}

using System.Buffers.Binary;
using System.Text;

namespace Npy.Zip;

/// <content>Locating and validating the end records and the central directory.</content>
internal sealed partial class ZipReader
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private void ReadCentralDirectory()
    {
        _streamLength = _stream.Length;
        byte[] eocdBytes = FindEndOfCentralDirectory(out long eocdPosition);
        ReadOnlySpan<byte> eocd = eocdBytes;

        ushort diskNumber = BinaryPrimitives.ReadUInt16LittleEndian(eocd[4..]);
        ushort directoryDisk = BinaryPrimitives.ReadUInt16LittleEndian(eocd[6..]);
        ulong entriesOnDisk = BinaryPrimitives.ReadUInt16LittleEndian(eocd[8..]);
        ulong totalEntries = BinaryPrimitives.ReadUInt16LittleEndian(eocd[10..]);
        ulong directorySize = BinaryPrimitives.ReadUInt32LittleEndian(eocd[12..]);
        ulong directoryOffset = BinaryPrimitives.ReadUInt32LittleEndian(eocd[16..]);
        long directoryEnd = eocdPosition;

        Span<byte> locator = stackalloc byte[ZipConstants.Zip64LocatorSize];
        if (eocdPosition >= ZipConstants.Zip64LocatorSize + ZipConstants.Zip64EndOfCentralDirectorySize)
        {
            ReadAt(eocdPosition - ZipConstants.Zip64LocatorSize, locator);
            if (BinaryPrimitives.ReadUInt32LittleEndian(locator) == ZipConstants.Zip64LocatorSignature)
            {
                directoryEnd = ReadZip64End(
                    eocdPosition - ZipConstants.Zip64LocatorSize,
                    locator,
                    ref diskNumber,
                    ref directoryDisk,
                    ref entriesOnDisk,
                    ref totalEntries,
                    ref directorySize,
                    ref directoryOffset);
            }
        }

        if (diskNumber != 0 || directoryDisk != 0 || entriesOnDisk != totalEntries)
        {
            throw new NotSupportedException("Zip archives that span several disks are not supported.");
        }

        if (totalEntries > (ulong)_limits.MaxMembers)
        {
            throw new NpyLimitExceededException(
                "member count", (long)Math.Min(totalEntries, long.MaxValue), _limits.MaxMembers, nameof(NpyLimits.MaxMembers), "--max-members");
        }

        if (directorySize > (ulong)_limits.MaxCentralDirectoryBytes)
        {
            throw new NpyLimitExceededException(
                "central directory size", (long)Math.Min(directorySize, long.MaxValue), _limits.MaxCentralDirectoryBytes, nameof(NpyLimits.MaxCentralDirectoryBytes), "--max-central-directory-bytes");
        }

        if (directoryOffset > (ulong)directoryEnd || directorySize > (ulong)directoryEnd - directoryOffset)
        {
            throw new NpzFormatException(
                $"The central directory is out of bounds: offset {directoryOffset}, size {directorySize}, but the end record starts at {directoryEnd}.");
        }

        if (directoryOffset + directorySize != (ulong)directoryEnd)
        {
            throw new NpzFormatException(
                $"The central directory ends at {directoryOffset + directorySize}, not where the end record starts ({directoryEnd}); the archive has unexpected bytes or relative offsets.");
        }

        if (totalEntries * ZipConstants.CentralHeaderSize > directorySize)
        {
            throw EntryCountMismatch(totalEntries);
        }

        if (directorySize > (ulong)Array.MaxLength)
        {
            throw new NotSupportedException($"Central directories larger than {Array.MaxLength} bytes are not supported.");
        }

        var directory = new byte[directorySize];
        ReadAt((long)directoryOffset, directory);
        (DirectoryOffset, DirectorySize) = ((long)directoryOffset, (long)directorySize);
        ParseEntries(directory, (int)totalEntries, (long)directoryOffset);
    }

    // Scans back over at most a 64 KiB comment for the end record whose comment length reaches the end of the stream exactly.
    // The position is an out parameter: a (long, byte[]) tuple is a CoreLib instantiation that ReadyToRun does not
    // precompile, so it was compiled at run time on every process's first open.
    private byte[] FindEndOfCentralDirectory(out long position)
    {
        if (_streamLength < ZipConstants.EndOfCentralDirectorySize)
        {
            throw new NpzFormatException("End of central directory not found: the input is too short to be a zip archive.");
        }

        int tailLength = (int)Math.Min(_streamLength, ZipConstants.EndOfCentralDirectorySize + ZipConstants.MaxCommentLength);

        // At most 64 KiB + 22 bytes, allocated exactly (a pooled rent would round up to 128 KiB).
        var tail = new byte[tailLength];
        long tailStart = _streamLength - tailLength;
        ReadAt(tailStart, tail);
        for (int i = tailLength - ZipConstants.EndOfCentralDirectorySize; i >= 0; i--)
        {
            if (tail[i] == (byte)'P'
                && BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i)) == ZipConstants.EndOfCentralDirectorySignature
                && BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(i + 20)) == tailLength - i - ZipConstants.EndOfCentralDirectorySize)
            {
                position = tailStart + i;
                return tail.AsSpan(i, ZipConstants.EndOfCentralDirectorySize).ToArray();
            }
        }

        throw new NpzFormatException("End of central directory not found: the input is not a zip archive, or it is truncated.");
    }

    private long ReadZip64End(
        long locatorPosition,
        ReadOnlySpan<byte> locator,
        ref ushort diskNumber,
        ref ushort directoryDisk,
        ref ulong entriesOnDisk,
        ref ulong totalEntries,
        ref ulong directorySize,
        ref ulong directoryOffset)
    {
        uint recordDisk = BinaryPrimitives.ReadUInt32LittleEndian(locator[4..]);
        ulong recordOffset = BinaryPrimitives.ReadUInt64LittleEndian(locator[8..]);
        uint totalDisks = BinaryPrimitives.ReadUInt32LittleEndian(locator[16..]);
        if (recordDisk != 0 || totalDisks > 1)
        {
            throw new NotSupportedException("Zip archives that span several disks are not supported.");
        }

        if (recordOffset > (ulong)(locatorPosition - ZipConstants.Zip64EndOfCentralDirectorySize))
        {
            throw new NpzFormatException($"The ZIP64 end record offset {recordOffset} is out of bounds.");
        }

        Span<byte> record = stackalloc byte[ZipConstants.Zip64EndOfCentralDirectorySize];
        ReadAt((long)recordOffset, record);
        ulong recordSize = BinaryPrimitives.ReadUInt64LittleEndian(record[4..]);
        if (BinaryPrimitives.ReadUInt32LittleEndian(record) != ZipConstants.Zip64EndOfCentralDirectorySignature
            || recordSize != (ulong)locatorPosition - recordOffset - 12)
        {
            throw new NpzFormatException("The ZIP64 end of central directory record is missing or malformed.");
        }

        uint disk64 = BinaryPrimitives.ReadUInt32LittleEndian(record[16..]);
        uint directoryDisk64 = BinaryPrimitives.ReadUInt32LittleEndian(record[20..]);
        ulong onDisk64 = BinaryPrimitives.ReadUInt64LittleEndian(record[24..]);
        ulong total64 = BinaryPrimitives.ReadUInt64LittleEndian(record[32..]);
        ulong size64 = BinaryPrimitives.ReadUInt64LittleEndian(record[40..]);
        ulong offset64 = BinaryPrimitives.ReadUInt64LittleEndian(record[48..]);

        // A plain end-record field is either saturated or a copy of the ZIP64 value (CPython clamps).
        if (!Agrees(entriesOnDisk, onDisk64, 0xFFFF) || !Agrees(totalEntries, total64, 0xFFFF)
            || !Agrees(directorySize, size64, 0xFFFFFFFF) || !Agrees(directoryOffset, offset64, 0xFFFFFFFF)
            || !Agrees(diskNumber, disk64, 0xFFFF) || !Agrees(directoryDisk, directoryDisk64, 0xFFFF))
        {
            throw new NpzFormatException("The end of central directory record disagrees with the ZIP64 end record.");
        }

        diskNumber = disk64 == 0 ? (ushort)0 : (ushort)1;
        directoryDisk = directoryDisk64 == 0 ? (ushort)0 : (ushort)1;
        entriesOnDisk = onDisk64;
        totalEntries = total64;
        directorySize = size64;
        directoryOffset = offset64;
        return (long)recordOffset;
    }

    private static bool Agrees(ulong plain, ulong zip64, ulong saturated) => plain == saturated || plain == zip64 || plain == Math.Min(zip64, saturated);

    private static NpzFormatException EntryCountMismatch(ulong declared) =>
        new($"Entry count mismatch: the end record declares {declared} members, which does not match the central directory.");

    private void ParseEntries(byte[] directory, int declaredCount, long directoryOffset)
    {
        var entries = new ZipEntry[declaredCount];
        var nameLengths = new int[declaredCount];
        _byName = new Dictionary<string, ZipEntry>(declaredCount, StringComparer.Ordinal);
        int position = 0;
        for (int i = 0; i < declaredCount; i++)
        {
            entries[i] = ParseEntry(directory, ref position, declaredCount);
            entries[i].Index = i;
            nameLengths[i] = entries[i].RawName.Length;
            if (!_byName.TryAdd(entries[i].Name, entries[i]))
            {
                throw new NpzFormatException($"Duplicate member name '{entries[i].Name}'; the archive is ambiguous.");
            }
        }

        if (position != directory.Length)
        {
            throw EntryCountMismatch((ulong)declaredCount);
        }

        CheckOverlaps(entries, nameLengths, directoryOffset);
        _entries = entries;
    }

    private ZipEntry ParseEntry(byte[] directory, ref int position, int declaredCount)
    {
        var span = directory.AsSpan();
        if (directory.Length - position < ZipConstants.CentralHeaderSize
            || BinaryPrimitives.ReadUInt32LittleEndian(span[position..]) != ZipConstants.CentralHeaderSignature)
        {
            throw EntryCountMismatch((ulong)declaredCount);
        }

        var header = span.Slice(position, ZipConstants.CentralHeaderSize);
        ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(header[8..]);
        ushort method = BinaryPrimitives.ReadUInt16LittleEndian(header[10..]);
        uint crc = BinaryPrimitives.ReadUInt32LittleEndian(header[16..]);
        ulong compressedSize = BinaryPrimitives.ReadUInt32LittleEndian(header[20..]);
        ulong uncompressedSize = BinaryPrimitives.ReadUInt32LittleEndian(header[24..]);
        int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
        int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(header[30..]);
        int commentLength = BinaryPrimitives.ReadUInt16LittleEndian(header[32..]);
        uint diskStart = BinaryPrimitives.ReadUInt16LittleEndian(header[34..]);
        ulong localOffset = BinaryPrimitives.ReadUInt32LittleEndian(header[42..]);

        int recordLength = ZipConstants.CentralHeaderSize + nameLength + extraLength + commentLength;
        if (directory.Length - position < recordLength)
        {
            throw new NpzFormatException("A central directory record runs past the end of the central directory.");
        }

        if (nameLength > _limits.MaxNameLength)
        {
            throw new NpyLimitExceededException("member name length", nameLength, _limits.MaxNameLength, nameof(NpyLimits.MaxNameLength), "--max-name-length");
        }

        var rawName = span.Slice(position + ZipConstants.CentralHeaderSize, nameLength).ToArray();
        string name = DecodeName(rawName, flags);
        var extra = span.Slice(position + ZipConstants.CentralHeaderSize + nameLength, extraLength);
        position += recordLength;

        ReadOnlySpan<byte> chunkIndexData = default;
        bool hasChunkIndex = false;
        while (extra.Length >= 4)
        {
            ushort id = BinaryPrimitives.ReadUInt16LittleEndian(extra);
            int size = BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]);
            if (size > extra.Length - 4)
            {
                throw new NpzFormatException($"Corrupt extra field in the central directory record of '{name}'.");
            }

            var data = extra.Slice(4, size);
            if (id == ZipConstants.Zip64ExtraId)
            {
                ApplyZip64Extra(data, name, ref uncompressedSize, ref compressedSize, ref localOffset, ref diskStart);
            }
            else if (id == ChunkIndex.HeaderId)
            {
                chunkIndexData = data;
                hasChunkIndex = true;
            }

            extra = extra[(4 + size)..];
        }

        if (diskStart != 0)
        {
            throw new NotSupportedException("Zip archives that span several disks are not supported.");
        }

        if (compressedSize > long.MaxValue || uncompressedSize > long.MaxValue || localOffset > long.MaxValue)
        {
            throw new NpzFormatException($"Member '{name}' declares impossible sizes or offset.");
        }

        var index = hasChunkIndex
            ? ChunkIndex.Parse(chunkIndexData, name, (ZipCompressionMethod)method, crc, (long)compressedSize, (long)uncompressedSize)
            : null;
        return new ZipEntry(name, rawName, flags, method, crc, (long)compressedSize, (long)uncompressedSize, (long)localOffset, index);
    }

    // CPython's rule: the ZIP64 extra holds, in this order, only the fields whose 32-bit value is saturated.
    private static void ApplyZip64Extra(ReadOnlySpan<byte> data, string name, ref ulong uncompressedSize, ref ulong compressedSize, ref ulong localOffset, ref uint diskStart)
    {
        if (uncompressedSize == 0xFFFFFFFF)
        {
            uncompressedSize = TakeU64(ref data, name);
        }

        if (compressedSize == 0xFFFFFFFF)
        {
            compressedSize = TakeU64(ref data, name);
        }

        if (localOffset == 0xFFFFFFFF)
        {
            localOffset = TakeU64(ref data, name);
        }

        if (diskStart == 0xFFFF)
        {
            if (data.Length < 4)
            {
                throw new NpzFormatException($"Corrupt ZIP64 extra field in the central directory record of '{name}'.");
            }

            diskStart = BinaryPrimitives.ReadUInt32LittleEndian(data);
        }
    }

    private static ulong TakeU64(ref ReadOnlySpan<byte> data, string name)
    {
        if (data.Length < 8)
        {
            throw new NpzFormatException($"Corrupt ZIP64 extra field in the central directory record of '{name}'.");
        }

        ulong value = BinaryPrimitives.ReadUInt64LittleEndian(data);
        data = data[8..];
        return value;
    }

    private static string DecodeName(byte[] rawName, ushort flags)
    {
        if (rawName.Length == 0)
        {
            throw new NpzFormatException("A member has an empty name.");
        }

        if (rawName.AsSpan().IndexOf((byte)0) >= 0)
        {
            throw new NpzFormatException("A member name contains a NUL byte; readers would disagree on where it ends.");
        }

        if ((flags & ZipConstants.FlagUtf8) == 0)
        {
            return Cp437.Decode(rawName);
        }

        try
        {
            return s_strictUtf8.GetString(rawName);
        }
        catch (DecoderFallbackException ex)
        {
            throw new NpzFormatException("A member name flagged as UTF-8 is not valid UTF-8.", ex);
        }
    }

    // Sorts members by local header offset; each one's header, name and data must end before the next one starts. O(n log n).
    private void CheckOverlaps(ZipEntry[] entries, int[] nameLengths, long directoryOffset)
    {
        var order = new int[entries.Length];
        var offsets = new long[entries.Length];
        bool sorted = true;
        for (int i = 0; i < entries.Length; i++)
        {
            order[i] = i;
            offsets[i] = entries[i].LocalHeaderOffset;
            sorted &= i == 0 || offsets[i - 1] <= offsets[i];
        }

        // Writers lay members out in directory order; only an unusual archive pays for the sort.
        if (!sorted)
        {
            Array.Sort(offsets, order);
        }
        for (int k = 0; k < order.Length; k++)
        {
            var entry = entries[order[k]];
            long bound = k + 1 < order.Length ? offsets[k + 1] : directoryOffset;
            long headerEnd = entry.LocalHeaderOffset + ZipConstants.LocalHeaderSize + nameLengths[order[k]];
            bool fits = entry.LocalHeaderOffset <= directoryOffset
                && headerEnd <= bound
                && entry.CompressedSize <= bound - headerEnd;
            if (!fits)
            {
                if (k + 1 == order.Length && (entry.LocalHeaderOffset > _streamLength || entry.CompressedSize > _streamLength - Math.Min(headerEnd, _streamLength)))
                {
                    throw new NpzFormatException($"Member '{entry.Name}' extends past the end of the archive.");
                }

                throw new NpzFormatException($"Overlapping members (possible zip bomb): '{entry.Name}' runs into the next member or the central directory.");
            }

            entry.EndBound = bound;
        }
    }
}

using System.Buffers.Binary;
using System.IO.Hashing;
using Npy.Compression;

namespace Npy.Tests.Hostile;

/// <summary>
/// Writes stored-member archives of several GiB as sparse files: each member is a real <c>.npy</c> header followed by a
/// hole of zeros, with CRCs computed arithmetically, ZIP64 fields exactly where CPython puts them (a field goes to the
/// ZIP64 extra only when it does not fit in 32 bits, in the order uncompressed, compressed, offset).
/// </summary>
internal static class SparseZip
{
    /// <summary>Writes the archive; each member is (name, total size). Returns each member's local header offset.</summary>
    public static long[] Write(string path, params (string Name, long Size)[] members)
    {
        var offsets = new long[members.Length];
        var crcs = new uint[members.Length];
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        for (int i = 0; i < members.Length; i++)
        {
            var (name, size) = members[i];
            offsets[i] = file.Position;
            byte[] npy = Head(size);
            crcs[i] = Crc32Combine.Combine(Crc32.HashToUInt32(npy), ZerosCrc(size - npy.Length), size - npy.Length);
            byte[] nameBytes = System.Text.Encoding.ASCII.GetBytes(name);
            var local = new byte[30 + nameBytes.Length + 20];
            BinaryPrimitives.WriteUInt32LittleEndian(local, 0x04034B50);
            BinaryPrimitives.WriteUInt16LittleEndian(local.AsSpan(4), 45);
            BinaryPrimitives.WriteUInt32LittleEndian(local.AsSpan(14), crcs[i]);
            BinaryPrimitives.WriteUInt32LittleEndian(local.AsSpan(18), 0xFFFFFFFF);
            BinaryPrimitives.WriteUInt32LittleEndian(local.AsSpan(22), 0xFFFFFFFF);
            BinaryPrimitives.WriteUInt16LittleEndian(local.AsSpan(26), (ushort)nameBytes.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(local.AsSpan(28), 20);
            nameBytes.CopyTo(local, 30);
            BinaryPrimitives.WriteUInt16LittleEndian(local.AsSpan(30 + nameBytes.Length), 1);
            BinaryPrimitives.WriteUInt16LittleEndian(local.AsSpan(32 + nameBytes.Length), 16);
            BinaryPrimitives.WriteInt64LittleEndian(local.AsSpan(34 + nameBytes.Length), size);
            BinaryPrimitives.WriteInt64LittleEndian(local.AsSpan(42 + nameBytes.Length), size);
            file.Write(local);
            file.Write(npy);

            // The rest of the member is a hole: the file system stores no blocks for it.
            long end = file.Position + size - npy.Length;
            file.SetLength(end);
            file.Position = end;
        }

        long directory = file.Position;
        for (int i = 0; i < members.Length; i++)
        {
            var (name, size) = members[i];
            byte[] nameBytes = System.Text.Encoding.ASCII.GetBytes(name);
            var extra = new List<byte>();
            uint Field(long value)
            {
                if (value < 0xFFFFFFFF)
                {
                    return (uint)value;
                }

                extra.AddRange(BitConverter.GetBytes(value));
                return 0xFFFFFFFF;
            }

            uint uncompressed = Field(size);
            uint compressed = Field(size);
            uint offset = Field(offsets[i]);
            byte[] extraField = extra.Count == 0 ? [] : [1, 0, (byte)extra.Count, 0, .. extra];
            var central = new byte[46];
            BinaryPrimitives.WriteUInt32LittleEndian(central, 0x02014B50);
            BinaryPrimitives.WriteUInt16LittleEndian(central.AsSpan(4), 0x032D);
            BinaryPrimitives.WriteUInt16LittleEndian(central.AsSpan(6), 45);
            BinaryPrimitives.WriteUInt32LittleEndian(central.AsSpan(16), crcs[i]);
            BinaryPrimitives.WriteUInt32LittleEndian(central.AsSpan(20), compressed);
            BinaryPrimitives.WriteUInt32LittleEndian(central.AsSpan(24), uncompressed);
            BinaryPrimitives.WriteUInt16LittleEndian(central.AsSpan(28), (ushort)nameBytes.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(central.AsSpan(30), (ushort)extraField.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(central.AsSpan(38), 0x01800000);
            BinaryPrimitives.WriteUInt32LittleEndian(central.AsSpan(42), offset);
            file.Write(central);
            file.Write(nameBytes);
            file.Write(extraField);
        }

        long directorySize = file.Position - directory;
        long zip64End = file.Position;
        var end64 = new byte[56 + 20];
        BinaryPrimitives.WriteUInt32LittleEndian(end64, 0x06064B50);
        BinaryPrimitives.WriteInt64LittleEndian(end64.AsSpan(4), 44);
        BinaryPrimitives.WriteUInt16LittleEndian(end64.AsSpan(12), 45);
        BinaryPrimitives.WriteUInt16LittleEndian(end64.AsSpan(14), 45);
        BinaryPrimitives.WriteInt64LittleEndian(end64.AsSpan(24), members.Length);
        BinaryPrimitives.WriteInt64LittleEndian(end64.AsSpan(32), members.Length);
        BinaryPrimitives.WriteInt64LittleEndian(end64.AsSpan(40), directorySize);
        BinaryPrimitives.WriteInt64LittleEndian(end64.AsSpan(48), directory);
        BinaryPrimitives.WriteUInt32LittleEndian(end64.AsSpan(56), 0x07064B50);
        BinaryPrimitives.WriteInt64LittleEndian(end64.AsSpan(64), zip64End);
        BinaryPrimitives.WriteUInt32LittleEndian(end64.AsSpan(72), 1);
        file.Write(end64);
        var eocd = new byte[22];
        BinaryPrimitives.WriteUInt32LittleEndian(eocd, 0x06054B50);
        BinaryPrimitives.WriteUInt16LittleEndian(eocd.AsSpan(8), (ushort)members.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(eocd.AsSpan(10), (ushort)members.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(eocd.AsSpan(12), (uint)directorySize);
        BinaryPrimitives.WriteUInt32LittleEndian(eocd.AsSpan(16), (uint)Math.Min(directory, 0xFFFFFFFF));
        file.Write(eocd);
        return offsets;
    }

    /// <summary>The .npy header of a uint8 array filling a member of <paramref name="size"/> bytes.</summary>
    public static byte[] Head(long size) => new NpyHeader(NpyDType.UInt8, [size - 128], false).Format();

    /// <summary>The CRC-32 of <paramref name="length"/> zero bytes, by doubling.</summary>
    public static uint ZerosCrc(long length)
    {
        uint result = 0;
        long done = 0;
        uint block = Crc32.HashToUInt32(new byte[1]);
        long blockLength = 1;
        // Binary decomposition: for each set bit of length, append a run of 2^k zeros.
        for (int bit = 0; bit < 63 && (1L << bit) <= length; bit++)
        {
            if ((length & (1L << bit)) != 0)
            {
                result = done == 0 ? block : Crc32Combine.Combine(result, block, blockLength);
                done += blockLength;
            }

            block = Crc32Combine.Combine(block, block, blockLength);
            blockLength *= 2;
        }

        return result;
    }
}

#pragma warning disable CS0649 // fields are set by the tests that need them
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;

namespace Npy.Tests.Zip;

/// <summary>One member of a forged archive; every field can be set to a lie.</summary>
internal sealed class ForgedMember
{
    public byte[] Name = [];
    public ushort Flags;
    public ushort Method;
    public byte[] Data = [];          // bytes as stored in the archive
    public byte[] Uncompressed = [];  // for the default CRC and size
    public uint? Crc;
    public ulong? CentralCompressedSize;    // 32-bit field value written in the CD
    public ulong? CentralUncompressedSize;
    public ulong? CentralOffset;
    public ushort CentralDiskStart;
    public byte[] CentralExtra = [];
    public byte[]? LocalName;
    public ushort? LocalMethod;
    public uint LocalSignature = 0x04034B50;
    public byte[] LocalExtra = [];
    public byte[] AfterData = [];     // e.g. a data descriptor
    public ushort ExtraNameLengthInCentral; // not used unless set
    public long Offset;               // filled by Build

    public uint ComputedCrc => Crc ?? Crc32.HashToUInt32(Uncompressed);
}

/// <summary>Builds zips field by field so each hostile case is a few readable lines.</summary>
internal sealed class ZipForger
{
    public List<ForgedMember> Members { get; } = [];
    public byte[] Prefix = [];
    public byte[] BetweenDirectoryAndEnd = [];
    public byte[] Comment = [];
    public ulong? EntryCount;
    public ulong? EntriesOnDisk;
    public ulong? DirectoryOffset;
    public ulong? DirectorySize;
    public ushort DiskNumber;
    public bool Zip64End;
    public uint Zip64LocatorTotalDisks = 1;
    public int? CommentLengthField;

    public static byte[] Deflate(byte[] data)
    {
        var ms = new MemoryStream();
        using (var d = new DeflateStream(ms, CompressionLevel.Optimal, leaveOpen: true))
        {
            d.Write(data);
        }

        return ms.ToArray();
    }

    public ForgedMember Stored(string name, byte[] data)
    {
        var m = new ForgedMember { Name = Encoding.UTF8.GetBytes(name), Data = data, Uncompressed = data, Method = 0 };
        Members.Add(m);
        return m;
    }

    public ForgedMember Deflated(string name, byte[] data)
    {
        var m = new ForgedMember { Name = Encoding.UTF8.GetBytes(name), Data = Deflate(data), Uncompressed = data, Method = 8 };
        Members.Add(m);
        return m;
    }

    public byte[] Build()
    {
        var output = new MemoryStream();
        output.Write(Prefix);
        foreach (var m in Members)
        {
            m.Offset = output.Position;
            var localName = m.LocalName ?? m.Name;
            Span<byte> h = new byte[30];
            BinaryPrimitives.WriteUInt32LittleEndian(h, m.LocalSignature);
            BinaryPrimitives.WriteUInt16LittleEndian(h[4..], 20);
            BinaryPrimitives.WriteUInt16LittleEndian(h[6..], m.Flags);
            BinaryPrimitives.WriteUInt16LittleEndian(h[8..], m.LocalMethod ?? m.Method);
            BinaryPrimitives.WriteUInt16LittleEndian(h[12..], 0x21);
            BinaryPrimitives.WriteUInt32LittleEndian(h[14..], m.ComputedCrc);
            BinaryPrimitives.WriteUInt32LittleEndian(h[18..], (uint)m.Data.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(h[22..], (uint)m.Uncompressed.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(h[26..], (ushort)localName.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(h[28..], (ushort)m.LocalExtra.Length);
            output.Write(h);
            output.Write(localName);
            output.Write(m.LocalExtra);
            output.Write(m.Data);
            output.Write(m.AfterData);
        }

        long directoryStart = output.Position;
        foreach (var m in Members)
        {
            Span<byte> c = new byte[46];
            BinaryPrimitives.WriteUInt32LittleEndian(c, 0x02014B50);
            BinaryPrimitives.WriteUInt16LittleEndian(c[4..], 0x0314);
            BinaryPrimitives.WriteUInt16LittleEndian(c[6..], 20);
            BinaryPrimitives.WriteUInt16LittleEndian(c[8..], m.Flags);
            BinaryPrimitives.WriteUInt16LittleEndian(c[10..], m.Method);
            BinaryPrimitives.WriteUInt16LittleEndian(c[14..], 0x21);
            BinaryPrimitives.WriteUInt32LittleEndian(c[16..], m.ComputedCrc);
            BinaryPrimitives.WriteUInt32LittleEndian(c[20..], (uint)(m.CentralCompressedSize ?? (ulong)m.Data.Length));
            BinaryPrimitives.WriteUInt32LittleEndian(c[24..], (uint)(m.CentralUncompressedSize ?? (ulong)m.Uncompressed.Length));
            BinaryPrimitives.WriteUInt16LittleEndian(c[28..], (ushort)m.Name.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(c[30..], (ushort)m.CentralExtra.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(c[34..], m.CentralDiskStart);
            BinaryPrimitives.WriteUInt32LittleEndian(c[38..], 0x01800000);
            BinaryPrimitives.WriteUInt32LittleEndian(c[42..], (uint)(m.CentralOffset ?? (ulong)m.Offset));
            output.Write(c);
            output.Write(m.Name);
            output.Write(m.CentralExtra);
        }

        long directoryEnd = output.Position;
        output.Write(BetweenDirectoryAndEnd);
        ulong count = EntryCount ?? (ulong)Members.Count;
        ulong size = DirectorySize ?? (ulong)(directoryEnd - directoryStart);
        ulong offset = DirectoryOffset ?? (ulong)directoryStart;
        if (Zip64End)
        {
            long recordPosition = output.Position;
            Span<byte> r = stackalloc byte[76];
            BinaryPrimitives.WriteUInt32LittleEndian(r, 0x06064B50);
            BinaryPrimitives.WriteUInt64LittleEndian(r[4..], 44);
            BinaryPrimitives.WriteUInt16LittleEndian(r[12..], 45);
            BinaryPrimitives.WriteUInt16LittleEndian(r[14..], 45);
            BinaryPrimitives.WriteUInt32LittleEndian(r[16..], DiskNumber);
            BinaryPrimitives.WriteUInt64LittleEndian(r[24..], EntriesOnDisk ?? count);
            BinaryPrimitives.WriteUInt64LittleEndian(r[32..], count);
            BinaryPrimitives.WriteUInt64LittleEndian(r[40..], size);
            BinaryPrimitives.WriteUInt64LittleEndian(r[48..], offset);
            BinaryPrimitives.WriteUInt32LittleEndian(r[56..], 0x07064B50);
            BinaryPrimitives.WriteUInt64LittleEndian(r[64..], (ulong)recordPosition);
            BinaryPrimitives.WriteUInt32LittleEndian(r[72..], Zip64LocatorTotalDisks);
            output.Write(r);
            count = Math.Min(count, 0xFFFF);
            size = Math.Min(size, 0xFFFFFFFF);
            offset = Math.Min(offset, 0xFFFFFFFF);
        }

        Span<byte> e = stackalloc byte[22];
        BinaryPrimitives.WriteUInt32LittleEndian(e, 0x06054B50);
        BinaryPrimitives.WriteUInt16LittleEndian(e[4..], DiskNumber);
        BinaryPrimitives.WriteUInt16LittleEndian(e[8..], (ushort)(EntriesOnDisk ?? count));
        BinaryPrimitives.WriteUInt16LittleEndian(e[10..], (ushort)count);
        BinaryPrimitives.WriteUInt32LittleEndian(e[12..], (uint)size);
        BinaryPrimitives.WriteUInt32LittleEndian(e[16..], (uint)offset);
        BinaryPrimitives.WriteUInt16LittleEndian(e[20..], (ushort)(CommentLengthField ?? Comment.Length));
        output.Write(e);
        output.Write(Comment);
        return output.ToArray();
    }

    /// <summary>A ZIP64 extra field holding the given u64 values.</summary>
    public static byte[] Zip64Extra(params ulong[] values)
    {
        var b = new byte[4 + (8 * values.Length)];
        BinaryPrimitives.WriteUInt16LittleEndian(b, 1);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(2), (ushort)(8 * values.Length));
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(4 + (8 * i)), values[i]);
        }

        return b;
    }
}

using System.IO.Compression;
using Npy.Tests.Helpers;
using Npy.Zip;

namespace Npy.Tests.Zip;

// A member located once is read in one pass: a head through the member stream, the rest straight into memory with
// ReadToEnd. Each kind of member has its own rest path: stored bytes read in place, a member carrying the chunk index
// inflated chunk by chunk, a single deflate stream inflated on by the inflater that produced the head.
public class ZipMemberReadToEndTests
{
    private const int Size = 3 << 20;

    public static TheoryData<string> Kinds() => ["stored", "chunked", "single", "small-single"];

    public static TheoryData<string, int> KindsAndHeads()
    {
        var data = new TheoryData<string, int>();
        foreach (string kind in Kinds())
        {
            foreach (int head in new[] { 0, 1, 130, 70_000 })
            {
                data.Add(kind, head);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(KindsAndHeads))]
    public void The_rest_after_a_head_reads_straight_into_memory(string kind, int head)
    {
        using var dir = new TempDir();
        byte[] data = Data(kind);
        using ZipReader reader = Open(dir, kind, data);
        using ZipMemberReadStream member = reader.OpenRead(reader.Entries[0], headOnly: true);
        var read = new byte[data.Length];
        member.ReadExactly(read.AsSpan(0, head));
        member.ReadToEnd(read.AsMemory(head), TestContext.Current.CancellationToken);

        Assert.True(data.AsSpan().SequenceEqual(read));
        Assert.Equal(0, member.Read(new byte[1]));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_destination_short_of_the_end_reads_on_to_the_end(string kind)
    {
        using var dir = new TempDir();
        byte[] data = Data(kind);
        using ZipReader reader = Open(dir, kind, data);
        using ZipMemberReadStream member = reader.OpenRead(reader.Entries[0], headOnly: true);
        var read = new byte[data.Length - 5];
        member.ReadExactly(read.AsSpan(0, 10));
        member.ReadToEnd(read.AsMemory(10), TestContext.Current.CancellationToken);

        Assert.True(data.AsSpan(0, read.Length).SequenceEqual(read));
        Assert.Equal(0, member.Read(new byte[1]));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_destination_past_the_end_is_refused(string kind)
    {
        using var dir = new TempDir();
        byte[] data = Data(kind);
        using ZipReader reader = Open(dir, kind, data);
        using ZipMemberReadStream member = reader.OpenRead(reader.Entries[0], headOnly: true);
        member.ReadExactly(new byte[10]);

        Assert.Throws<ArgumentException>(() => member.ReadToEnd(new byte[data.Length - 9], TestContext.Current.CancellationToken));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_flipped_byte_after_the_head_fails(string kind)
    {
        using var dir = new TempDir();
        byte[] data = Data(kind);
        string path = Write(dir, kind, data);
        long at;
        using (ZipReader reader = OpenFile(path))
        {
            at = reader.GetDataOffset(reader.Entries[0]) + (reader.Entries[0].CompressedSize / 2);
        }

        using (var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = at;
            int b = file.ReadByte();
            file.Position = at;
            file.WriteByte((byte)(b ^ 0x55));
        }

        using ZipReader corrupt = OpenFile(path);
        using ZipMemberReadStream member = corrupt.OpenRead(corrupt.Entries[0], headOnly: true);
        member.ReadExactly(new byte[130]);

        Assert.Throws<NpzFormatException>(() => member.ReadToEnd(new byte[data.Length - 130], TestContext.Current.CancellationToken));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_member_counts_once_toward_the_total(string kind)
    {
        using var dir = new TempDir();
        byte[] data = Data(kind);
        string path = Write(dir, kind, data);

        ReadInOnePass(path, NpyLimits.Default with { MaxTotalBytes = data.Length });
        var ex = Assert.Throws<NpyLimitExceededException>(() => ReadInOnePass(path, NpyLimits.Default with { MaxTotalBytes = data.Length - 1 }));
        Assert.Equal(nameof(NpyLimits.MaxTotalBytes), ex.OptionName);
    }

    private static void ReadInOnePass(string path, NpyLimits limits)
    {
        using var reader = ZipReader.Open(File.OpenRead(path), limits, leaveOpen: false);
        using ZipMemberReadStream member = reader.OpenRead(reader.Entries[0], headOnly: true);
        member.ReadExactly(new byte[130]);
        member.ReadToEnd(new byte[reader.Entries[0].UncompressedSize - 130], TestContext.Current.CancellationToken);
    }

    private static byte[] Data(string kind) => ZipTestUtil.Text(kind == "small-single" ? 100_000 : Size, 11);

    private static ZipReader Open(TempDir dir, string kind, byte[] data)
    {
        ZipReader reader = OpenFile(Write(dir, kind, data));
        Assert.Equal(kind == "chunked", reader.Entries[0].HasChunkIndex);
        Assert.Equal(kind == "stored" ? ZipCompressionMethod.Stored : ZipCompressionMethod.Deflate, reader.Entries[0].Method);
        return reader;
    }

    private static ZipReader OpenFile(string path) => ZipReader.Open(File.OpenRead(path), NpyLimits.Default, leaveOpen: false);

    // Stored and chunked members are written by this library (chunks of 64 KiB); single deflate streams by .NET's ZipArchive.
    private static string Write(TempDir dir, string kind, byte[] data)
    {
        string path = dir.File(kind + ".zip");
        if (kind is "single" or "small-single")
        {
            using var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create);
            using Stream entry = zip.CreateEntry("m.bin", CompressionLevel.Optimal).Open();
            entry.Write(data);
        }
        else
        {
            var method = kind == "stored" ? ZipCompressionMethod.Stored : ZipCompressionMethod.Deflate;
            File.WriteAllBytes(path, ZipTestUtil.Write(w => w.AddEntry("m.bin", method, ReadOnlyMemory<byte>.Empty, data), new ZipWriterOptions { ChunkSize = 64 << 10 }));
        }

        return path;
    }
}

using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Npy.Zip;

namespace Npy.Tests.Zip;

/// <summary>Python's zipfile and .NET's ZipArchive, as independent readers, see what our reader sees.</summary>
public class ZipOracleTests
{
    private static byte[] BuildMixedArchive(bool seekable) => ZipTestUtil.Write(
        w =>
        {
            var ct = TestContext.Current.CancellationToken;
            w.AddEntry("stored.npy", ZipCompressionMethod.Stored, new byte[] { 0x93, 1, 2 }, ZipTestUtil.Random(70_000, 1), ct);
            w.AddEntry("dir/deflated.npy", ZipCompressionMethod.Deflate, new byte[] { 0x93, 1, 2 }, ZipTestUtil.Text(300_000, 2), ct);
            w.AddEntry("noise é.bin", ZipCompressionMethod.Deflate, default, ZipTestUtil.Random(200_000, 3), ct);
            w.AddEntry("数据/empty", ZipCompressionMethod.Deflate, default, default, ct);
            w.AddEntry("empty-stored", ZipCompressionMethod.Stored, default, default, ct);
            using var s = w.OpenEntry("streamed.txt", ZipCompressionMethod.Deflate);
            s.Write(ZipTestUtil.Text(150_000, 4));
        },
        new ZipWriterOptions { ChunkSize = 64 << 10, MaxDegreeOfParallelism = 2 },
        seekable);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Python_zipfile_lists_and_reads_the_same(bool seekable)
    {
        ExternalTools.RequireNumpy();
        var archive = BuildMixedArchive(seekable);
        const string Script = """
            import zipfile, io, sys, hashlib
            z = zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read()))
            for i in z.infolist():
                print('%s|%d|%d|%d|%08x|%s' % (i.filename, i.compress_type, i.file_size, i.compress_size, i.CRC, hashlib.sha256(z.read(i)).hexdigest()))
            """;
        var python = Encoding.UTF8.GetString(ExternalTools.Python(Script, archive)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var reader = ZipTestUtil.Open(archive);
        var ours = reader.Entries
            .Select(e => $"{e.Name}|{(int)e.Method}|{e.UncompressedSize}|{e.CompressedSize}|{e.Crc32:x8}|{Convert.ToHexStringLower(SHA256.HashData(ZipTestUtil.ReadMember(reader, e)))}")
            .ToArray();
        Assert.Equal(ours, python);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ZipArchive_lists_and_reads_the_same(bool seekable)
    {
        var archive = BuildMixedArchive(seekable);
        using var reader = ZipTestUtil.Open(archive);
        using var zip = new ZipArchive(new MemoryStream(archive), ZipArchiveMode.Read);
        Assert.Equal(reader.Entries.Count, zip.Entries.Count);
        for (int i = 0; i < zip.Entries.Count; i++)
        {
            var theirs = zip.Entries[i];
            var ours = reader.Entries[i];
            Assert.Equal(ours.Name, theirs.FullName);
            Assert.Equal(ours.UncompressedSize, theirs.Length);
            Assert.Equal(ours.CompressedSize, theirs.CompressedLength);
            Assert.Equal(ours.Crc32, theirs.Crc32);
            using var s = theirs.Open();
            var ms = new MemoryStream();
            s.CopyTo(ms);
            Assert.Equal(ZipTestUtil.ReadMember(reader, ours), ms.ToArray());
        }
    }

    [Fact]
    public void Members_can_be_read_concurrently()
    {
        var archive = BuildMixedArchive(seekable: true);
        using var reader = ZipTestUtil.Open(archive);
        var expected = reader.Entries.Select(e => ZipTestUtil.ReadMember(reader, e)).ToArray();
        Parallel.For(0, 40, i =>
        {
            var e = reader.Entries[i % reader.Entries.Count];
            Assert.Equal(expected[i % reader.Entries.Count], i % 2 == 0 ? ZipTestUtil.ReadMember(reader, e) : ZipTestUtil.ReadStream(reader, e));
        });
    }
}

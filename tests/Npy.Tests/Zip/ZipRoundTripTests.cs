using System.IO.Compression;
using System.IO.Hashing;
using Npy.Zip;

namespace Npy.Tests.Zip;

public class ZipRoundTripTests
{
    public static TheoryData<int, int, int> Shapes()
    {
        var data = new TheoryData<int, int, int>();
        foreach (int size in new[] { 0, 1, 100, 4095, 4096, 4097, 3 * 4096 + 17 })
        {
            foreach (int threads in new[] { 1, 2, 8 })
            {
                data.Add(size, threads, 6);
            }
        }

        for (int level = 0; level <= 9; level++)
        {
            data.Add(5 * 4096 + 3, 2, level);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Members_read_back_identically(int size, int threads, int level)
    {
        var options = new ZipWriterOptions { ChunkSize = 4096, MaxDegreeOfParallelism = threads, CompressionLevel = level };
        var text = ZipTestUtil.Text(size, 1);
        var noise = ZipTestUtil.Random(size, 2);
        var head = ZipTestUtil.Random(Math.Min(size, 130), 3);
        foreach (bool seekable in new[] { true, false })
        {
            var archive = ZipTestUtil.Write(
                w =>
                {
                    w.AddEntry("s.bin", ZipCompressionMethod.Stored, head, text);
                    w.AddEntry("d.bin", ZipCompressionMethod.Deflate, head, text);
                    w.AddEntry("n.bin", ZipCompressionMethod.Deflate, ReadOnlyMemory<byte>.Empty, noise);
                    using (var s = w.OpenEntry("streamed.bin", ZipCompressionMethod.Deflate))
                    {
                        for (int i = 0; i < text.Length; i += 1000)
                        {
                            s.Write(text.AsSpan(i, Math.Min(1000, text.Length - i)));
                        }
                    }

                    using (var s = w.OpenEntry("streamed-stored.bin", ZipCompressionMethod.Stored))
                    {
                        s.Write(noise);
                    }
                },
                options,
                seekable);

            var expected = new Dictionary<string, byte[]>
            {
                ["s.bin"] = [.. head, .. text],
                ["d.bin"] = [.. head, .. text],
                ["n.bin"] = noise,
                ["streamed.bin"] = text,
                ["streamed-stored.bin"] = noise,
            };

            using var reader = ZipTestUtil.Open(archive);
            Assert.Equal(expected.Keys, reader.Entries.Select(e => e.Name));
            foreach (var entry in reader.Entries)
            {
                var want = expected[entry.Name];
                Assert.Equal(want.Length, entry.UncompressedSize);
                Assert.Equal(Crc32.HashToUInt32(want), entry.Crc32);
                Assert.Equal(want, ZipTestUtil.ReadMember(reader, entry));
                Assert.Equal(want, ZipTestUtil.ReadMember(reader, entry, skip: Math.Min(want.Length, 130)));
                Assert.Equal(want, ZipTestUtil.ReadStream(reader, entry));
                bool multiChunk = entry.Method == ZipCompressionMethod.Deflate && want.Length > 4096;
                Assert.Equal(multiChunk, entry.HasChunkIndex);
            }

            // Independent oracle: .NET's ZipArchive ignores our extra field and reads the same bytes.
            using var archiveReader = new ZipArchive(new MemoryStream(archive), ZipArchiveMode.Read);
            Assert.Equal(expected.Keys, archiveReader.Entries.Select(e => e.FullName));
            foreach (var e in archiveReader.Entries)
            {
                using var s = e.Open();
                var ms = new MemoryStream();
                s.CopyTo(ms);
                Assert.Equal(expected[e.FullName], ms.ToArray());
                Assert.Equal(Crc32.HashToUInt32(expected[e.FullName]), e.Crc32);
            }
        }
    }

    [Fact]
    public void Many_small_members_round_trip()
    {
        var options = new ZipWriterOptions { MaxDegreeOfParallelism = 2 };
        var payloads = Enumerable.Range(0, 3000).Select(i => ZipTestUtil.Text(256, i)).ToArray();
        var archive = ZipTestUtil.Write(
            w =>
            {
                for (int i = 0; i < payloads.Length; i++)
                {
                    w.AddEntry($"m{i}.npy", i % 3 == 0 ? ZipCompressionMethod.Stored : ZipCompressionMethod.Deflate, ReadOnlyMemory<byte>.Empty, payloads[i]);
                }
            },
            options);
        using var reader = ZipTestUtil.Open(archive);
        Assert.Equal(payloads.Length, reader.Entries.Count);
        for (int i = 0; i < payloads.Length; i++)
        {
            Assert.True(reader.TryGetEntry($"m{i}.npy", out var entry));
            Assert.Equal(payloads[i], ZipTestUtil.ReadMember(reader, entry));
        }
    }

    [Fact]
    public void Empty_archive_is_22_bytes()
    {
        var archive = ZipTestUtil.Write(_ => { });
        Assert.Equal(22, archive.Length);
        Assert.Equal(new byte[] { 0x50, 0x4B, 0x05, 0x06 }, archive[..4]);
        Assert.All(archive[4..], b => Assert.Equal(0, b));
        using var reader = ZipTestUtil.Open(archive);
        Assert.Empty(reader.Entries);
    }

    [Fact]
    public void Writer_at_a_non_zero_position_uses_absolute_offsets()
    {
        var ms = new MemoryStream();
        ms.Write("junk"u8);
        using (var w = new ZipWriter(ms, new ZipWriterOptions(), leaveOpen: true))
        {
            w.AddEntry("a", ZipCompressionMethod.Stored, ReadOnlyMemory<byte>.Empty, new byte[] { 1, 2, 3 }, TestContext.Current.CancellationToken);
        }

        using var reader = ZipTestUtil.Open(ms.ToArray());
        Assert.Equal(4, reader.Entries[0].LocalHeaderOffset);
        Assert.Equal(new byte[] { 1, 2, 3 }, ZipTestUtil.ReadMember(reader, reader.Entries[0]));
    }

    [Fact]
    public void Large_member_inflates_in_parallel_and_matches()
    {
        // 72 MiB (more than 64 MiB, as the brief asks for one big member) through the parallel chunked path.
        var data = new byte[72 << 20];
        var rng = new Random(5);
        for (int i = 0; i < data.Length; i += 4096)
        {
            rng.NextBytes(data.AsSpan(i, 1024));
        }

        var archive = ZipTestUtil.Write(w => w.AddEntry("big.bin", ZipCompressionMethod.Deflate, new byte[] { 9, 9, 9 }, data), new ZipWriterOptions { CompressionLevel = 1 });
        using var reader = ZipTestUtil.Open(archive, NpyLimits.Default);
        var entry = reader.Entries[0];
        Assert.True(entry.HasChunkIndex);
        var read = new byte[data.Length];
        reader.ReadMember(entry, 3, read, TestContext.Current.CancellationToken);
        Assert.True(read.AsSpan().SequenceEqual(data));
    }

    [Fact]
    public void Only_one_streaming_member_at_a_time()
    {
        using var w = new ZipWriter(new MemoryStream(), new ZipWriterOptions(), leaveOpen: false);
        using var s = w.OpenEntry("a", ZipCompressionMethod.Deflate);
        Assert.Throws<InvalidOperationException>(() => w.OpenEntry("b", ZipCompressionMethod.Deflate));
        Assert.Throws<InvalidOperationException>(() => w.AddEntry("b", ZipCompressionMethod.Deflate, default, default, TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a\0b")]
    public void Bad_names_are_refused(string name)
    {
        using var w = new ZipWriter(new MemoryStream(), new ZipWriterOptions(), leaveOpen: false);
        Assert.Throws<ArgumentException>(() => w.AddEntry(name, ZipCompressionMethod.Stored, default, default, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void ReadMember_checks_the_size_argument()
    {
        var archive = ZipTestUtil.Write(w => w.AddEntry("a", ZipCompressionMethod.Stored, default, new byte[10]));
        using var reader = ZipTestUtil.Open(archive);
        Assert.Throws<ArgumentException>(() => reader.ReadMember(reader.Entries[0], 1, new byte[10], TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Reader_requires_a_seekable_stream()
    {
        Assert.Throws<ArgumentException>(() => ZipReader.Open(new Npy.Fuzz.ForwardOnlyWriteStream(new MemoryStream()), NpyLimits.Default, false));
    }

    [Theory]
    [InlineData(8190, true)]
    [InlineData(8191, false)]
    public void Chunk_index_is_omitted_when_it_would_not_fit_the_extra_field(int chunks, bool indexed)
    {
        var data = ZipTestUtil.Text(chunks * 1024, 8);
        var archive = ZipTestUtil.Write(
            w => w.AddEntry("a", ZipCompressionMethod.Deflate, default, data, TestContext.Current.CancellationToken),
            new ZipWriterOptions { ChunkSize = 1024, CompressionLevel = 1, MaxDegreeOfParallelism = 2 });
        using var reader = ZipTestUtil.Open(archive);
        Assert.Equal(indexed, reader.Entries[0].HasChunkIndex);
        Assert.Equal(data, ZipTestUtil.ReadMember(reader, reader.Entries[0]));
    }

    [Fact]
    public void Reader_copes_with_a_stream_returning_one_byte_per_read()
    {
        var text = ZipTestUtil.Text(20_000, 4);
        var archive = ZipTestUtil.Write(
            w =>
            {
                w.AddEntry("s", ZipCompressionMethod.Stored, default, text, TestContext.Current.CancellationToken);
                w.AddEntry("d", ZipCompressionMethod.Deflate, default, text, TestContext.Current.CancellationToken);
            },
            new ZipWriterOptions { ChunkSize = 4096 });
        using var reader = ZipReader.Open(new Helpers.TrickleStream(new MemoryStream(archive, writable: false), maxRead: 1, seekable: true), NpyLimits.Default, leaveOpen: false);
        foreach (var entry in reader.Entries)
        {
            Assert.Equal(text, ZipTestUtil.ReadMember(reader, entry, skip: 10));
            Assert.Equal(text, ZipTestUtil.ReadStream(reader, entry));
        }
    }
}

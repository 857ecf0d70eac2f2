using System.Buffers.Binary;
using System.Text;
using Npy.Zip;

namespace Npy.Tests.Zip;

/// <summary>hostile-input.md §6.2: one test per Z-case, each archive forged field by field.</summary>
public class ZipReaderHostileTests
{
    private static readonly byte[] Payload = Encoding.ASCII.GetBytes("hello, hostile world; hello, hostile world; hello!");

    private static ZipReader Open(ZipForger forger, NpyLimits? limits = null) => ZipTestUtil.Open(forger.Build(), limits);

    private static void ReadFully(ZipReader reader, ZipEntry entry) =>
        reader.ReadMember(entry, 0, new byte[entry.UncompressedSize], TestContext.Current.CancellationToken);

    private static T Throws<T>(Action action, string messagePart)
        where T : Exception
    {
        var ex = Assert.Throws<T>(action);
        Assert.Contains(messagePart, ex.Message, StringComparison.OrdinalIgnoreCase);
        return ex;
    }

    [Fact]
    public void Z1_not_a_zip_or_truncated_is_refused_with_little_allocation()
    {
        Throws<NpzFormatException>(() => ZipTestUtil.Open([]), "end of central directory not found");
        Throws<NpzFormatException>(() => ZipTestUtil.Open(Encoding.ASCII.GetBytes("this is not a zip file at all, not even close")), "end of central directory not found");
        var valid = new ZipForger();
        valid.Stored("a.npy", Payload);
        var bytes = valid.Build();
        Throws<NpzFormatException>(() => ZipTestUtil.Open(bytes[..(bytes.Length / 2)]), "end of central directory not found");

        var noise = ZipTestUtil.Random(200_000, 1);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<NpzFormatException>(() => ZipTestUtil.Open(noise));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 128 * 1024);
    }

    [Fact]
    public void Z1_directory_offset_beyond_eof()
    {
        var forger = new ZipForger { DirectoryOffset = 1_000_000 };
        forger.Stored("a.npy", Payload);
        Throws<NpzFormatException>(() => Open(forger), "central directory is out of bounds");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(1)]
    public void Z1_entry_count_mismatch(int declared)
    {
        var forger = new ZipForger { EntryCount = (ulong)declared };
        forger.Stored("a.npy", Payload);
        forger.Stored("b.npy", Payload);
        Throws<NpzFormatException>(() => Open(forger), "entry count mismatch");
    }

    [Fact]
    public void Z2_member_past_end_of_archive_fails_at_open()
    {
        var forger = new ZipForger();
        forger.Stored("a.npy", Payload).CentralCompressedSize = 1_000_000;
        Throws<NpzFormatException>(() => Open(forger), "extends past the end of the archive");
    }

    [Fact]
    public void Z3_prefix_of_a_bomb_inflates_only_what_is_asked()
    {
        var forger = new ZipForger();
        forger.Deflated("bomb.npy", new byte[64 << 20]);
        using var reader = Open(forger);
        var prefix = new byte[64];
        long before = GC.GetAllocatedBytesForCurrentThread();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(64, reader.ReadPrefix(reader.Entries[0], prefix));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Z4_member_inflating_past_its_declared_size_fails_at_declared_plus_one()
    {
        var forger = new ZipForger();
        var m = forger.Deflated("a.npy", new byte[100_000]);
        m.CentralUncompressedSize = 1024;
        m.Crc = Npy.Compression.Crc32Combine.Hash(new byte[1024]);
        using var reader = Open(forger);
        var entry = reader.Entries[0];
        Throws<NpzFormatException>(() => ReadFully(reader, entry), "inflates beyond its declared size");
        Throws<NpzFormatException>(() => ZipTestUtil.ReadStream(reader, entry), "inflates beyond its declared size");
    }

    [Fact]
    public void Z5_members_sharing_one_offset_are_overlapping()
    {
        var forger = new ZipForger();
        forger.Stored("a.npy", Payload);
        var b = forger.Stored("b.npy", Payload);
        var archive = forger.Build();
        b.CentralOffset = 0;
        b.CentralCompressedSize = 0xFFFFFFFE;
        b.CentralUncompressedSize = 0xFFFFFFFE;
        long before = GC.GetAllocatedBytesForCurrentThread();
        Throws<NpzFormatException>(() => Open(forger), "overlapping members (possible zip bomb)");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
        Assert.NotNull(archive);
    }

    [Fact]
    public void Z5_member_whose_data_covers_the_next_header_is_overlapping()
    {
        var forger = new ZipForger();
        forger.Stored("a.npy", Payload).CentralCompressedSize = (ulong)Payload.Length + 10;
        forger.Stored("b.npy", Payload);
        Throws<NpzFormatException>(() => Open(forger), "overlapping members");
    }

    [Fact]
    public void Z5_many_entries_sharing_one_kernel()
    {
        var forger = new ZipForger();
        var kernel = forger.Deflated("k0", new byte[10_000]);
        for (int i = 1; i < 1000; i++)
        {
            var m = forger.Stored($"k{i}", []);
            m.CentralOffset = 0;
            m.Method = 8;
            m.CentralCompressedSize = (ulong)kernel.Data.Length;
            m.CentralUncompressedSize = 10_000;
        }

        var sw = System.Diagnostics.Stopwatch.StartNew();
        Throws<NpzFormatException>(() => Open(forger), "overlapping members");
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Z6_member_count_is_checked_before_reading_the_directory()
    {
        var forger = new ZipForger { Zip64End = true, EntryCount = 1_000_000 };
        forger.Stored("a.npy", Payload);
        var ex = Throws<NpyLimitExceededException>(() => Open(forger), "member count");
        Assert.Equal(nameof(NpyLimits.MaxMembers), ex.OptionName);

        var small = new ZipForger();
        small.Stored("a", Payload);
        small.Stored("b", Payload);
        small.Stored("c", Payload);
        Assert.Throws<NpyLimitExceededException>(() => Open(small, NpyLimits.Default with { MaxMembers = 2 }));
        Assert.Throws<NpyLimitExceededException>(() => Open(small, NpyLimits.Default with { MaxCentralDirectoryBytes = 100 }));
    }

    [Fact]
    public void Z6_many_members_in_reversed_order_open_quickly_with_raised_limits()
    {
        // 70,000 members (above the default 65,535) listed in the central directory in reverse offset order.
        var archive = ZipTestUtil.Write(w =>
        {
            for (int i = 0; i < 70_000; i++)
            {
                w.AddEntry($"m{i}", ZipCompressionMethod.Stored, default, default, TestContext.Current.CancellationToken);
            }
        });
        Assert.Throws<NpyLimitExceededException>(() => ZipTestUtil.Open(archive));
        var reversed = ReverseCentralDirectory(archive);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        using var reader = ZipTestUtil.Open(reversed, NpyLimits.Default with { MaxMembers = 100_000 });
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5));
        Assert.Equal("m69999", reader.Entries[0].Name);
        Assert.Empty(ZipTestUtil.ReadMember(reader, reader.Entries[^1]));
    }

    [Fact]
    public void Z7_duplicate_names_are_refused()
    {
        var forger = new ZipForger();
        forger.Stored("w.npy", Payload);
        forger.Stored("w.npy", Encoding.ASCII.GetBytes("other"));
        Throws<NpzFormatException>(() => Open(forger), "duplicate member name 'w.npy'");
    }

    [Fact]
    public void Z8_local_header_that_disagrees_with_the_directory()
    {
        var byName = new ZipForger();
        byName.Stored("a.npy", Payload).LocalName = Encoding.ASCII.GetBytes("b.npy");
        var byMethod = new ZipForger();
        byMethod.Stored("a.npy", Payload).LocalMethod = 8;
        var bySignature = new ZipForger();
        bySignature.Stored("a.npy", Payload).LocalSignature = 0x12345678;
        var byNameLength = new ZipForger();
        byNameLength.Stored("a.npy", Payload).LocalName = Encoding.ASCII.GetBytes("a.npyx");
        foreach (var forger in new[] { byName, byMethod, bySignature, byNameLength })
        {
            using var reader = Open(forger);
            Throws<NpzFormatException>(() => ReadFully(reader, reader.Entries[0]), "local header of 'a.npy' does not match the central directory");
        }
    }

    [Fact]
    public void Z8_local_sizes_crc_version_and_data_descriptors_are_not_trusted_but_accepted()
    {
        var forger = new ZipForger();
        var m = forger.Deflated("a.npy", Payload);
        m.Flags = 0x0008;
        m.LocalExtra = ZipForger.Zip64Extra(0, 0);
        // A 4-byte-size data descriptor after the data (16 bytes with signature).
        var dd = new byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(dd, 0x08074B50);
        BinaryPrimitives.WriteUInt32LittleEndian(dd.AsSpan(4), m.ComputedCrc);
        BinaryPrimitives.WriteUInt32LittleEndian(dd.AsSpan(8), (uint)m.Data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(dd.AsSpan(12), (uint)Payload.Length);
        m.AfterData = dd;
        using var reader = Open(forger);
        Assert.Equal(Payload, ZipTestUtil.ReadMember(reader, reader.Entries[0]));
    }

    [Fact]
    public void Z9_corrupted_data_gives_a_crc_mismatch()
    {
        var stored = new ZipForger();
        var s = stored.Stored("w.npy", Payload);
        s.Crc = s.ComputedCrc ^ 1;
        var deflated = new ZipForger();
        var d = deflated.Deflated("w.npy", Payload);
        d.Crc = d.ComputedCrc ^ 0x80000000;
        foreach (var forger in new[] { stored, deflated })
        {
            using var reader = Open(forger);
            Throws<NpzFormatException>(() => ReadFully(reader, reader.Entries[0]), "CRC-32 mismatch in 'w.npy'");
            Throws<NpzFormatException>(() => ZipTestUtil.ReadStream(reader, reader.Entries[0]), "CRC-32 mismatch in 'w.npy'");
        }
    }

    [Fact]
    public void Z9_flipped_byte_in_the_data()
    {
        var archive = ZipTestUtil.Write(w => w.AddEntry("w.npy", ZipCompressionMethod.Stored, default, Payload, TestContext.Current.CancellationToken));
        archive[30 + 5 + 20 + 7] ^= 0x40;
        using var reader = ZipTestUtil.Open(archive);
        Throws<NpzFormatException>(() => ReadFully(reader, reader.Entries[0]), "CRC-32 mismatch in 'w.npy'");
    }

    [Fact]
    public void Z10_crc_covers_trailing_bytes_inside_the_member()
    {
        var forger = new ZipForger();
        var m = forger.Stored("w.npy", [.. Payload, .. new byte[4096]]);
        m.Crc = Npy.Compression.Crc32Combine.Hash(Payload);
        using var reader = Open(forger);
        Throws<NpzFormatException>(() => ReadFully(reader, reader.Entries[0]), "CRC-32 mismatch");
    }

    [Fact]
    public void Z11_truncated_deflate_and_short_stored_size()
    {
        var data = ZipTestUtil.Random(5000, 3);
        var forger = new ZipForger();
        var m = forger.Deflated("a.npy", data);
        m.Data = m.Data[..^100];
        using (var reader = Open(forger))
        {
            Throws<NpzFormatException>(() => ReadFully(reader, reader.Entries[0]), "unexpected end of compressed data");
            Throws<NpzFormatException>(() => ZipTestUtil.ReadStream(reader, reader.Entries[0]), "unexpected end of compressed data");
        }

        var stored = new ZipForger();
        stored.Stored("a.npy", Payload).CentralUncompressedSize = (ulong)Payload.Length + 1;
        using (var reader = Open(stored))
        {
            Throws<NpzFormatException>(() => ReadFully(reader, reader.Entries[0]), "stored size mismatch");
        }
    }

    [Theory]
    [InlineData(0x0001, 0, "encrypted")]
    [InlineData(0x0040, 0, "strong encryption")]
    [InlineData(0x0020, 0, "patched data")]
    [InlineData(0, 99, "encrypted")]
    [InlineData(0, 12, "bzip2")]
    [InlineData(0, 14, "lzma")]
    [InlineData(0, 9, "deflate64")]
    [InlineData(0, 93, "zstandard")]
    public void Z12_unsupported_features_are_listed_but_not_read(ushort flags, ushort method, string feature)
    {
        var forger = new ZipForger();
        var m = forger.Stored("a.npy", Payload);
        m.Flags = flags;
        m.Method = method;
        forger.Stored("ok.npy", Payload);
        using var reader = Open(forger);
        Assert.Equal(2, reader.Entries.Count);
        Throws<NotSupportedException>(() => ReadFully(reader, reader.Entries[0]), feature);
        Throws<NotSupportedException>(() => reader.OpenRead(reader.Entries[0]), feature);
        Assert.Equal(Payload, ZipTestUtil.ReadMember(reader, reader.Entries[1]));
    }

    [Fact]
    public void Z12_multi_disk_archives_are_not_supported()
    {
        var forger = new ZipForger { DiskNumber = 1 };
        forger.Stored("a.npy", Payload);
        Throws<NotSupportedException>(() => Open(forger), "several disks");
        var zip64 = new ZipForger { Zip64End = true, Zip64LocatorTotalDisks = 2 };
        zip64.Stored("a.npy", Payload);
        Throws<NotSupportedException>(() => Open(zip64), "several disks");
    }

    [Fact]
    public void Z13_old_numpy_layout_without_extras_and_with_comment_is_read()
    {
        var forger = new ZipForger { Comment = Encoding.ASCII.GetBytes("an archive comment") };
        forger.Stored("a.npy", Payload);
        forger.Deflated("b.npy", Payload);
        using var reader = Open(forger);
        Assert.Equal(Payload, ZipTestUtil.ReadMember(reader, reader.Entries[0]));
        Assert.Equal(Payload, ZipTestUtil.ReadMember(reader, reader.Entries[1]));
    }

    [Fact]
    public void Z14_zip64_end_record_and_extra_fields_are_honoured()
    {
        var forger = new ZipForger { Zip64End = true, DirectoryOffset = null };
        var m = forger.Stored("a.npy", Payload);
        m.CentralUncompressedSize = 0xFFFFFFFF;
        m.CentralCompressedSize = 0xFFFFFFFF;
        m.CentralOffset = 0xFFFFFFFF;
        m.CentralExtra = ZipForger.Zip64Extra((ulong)Payload.Length, (ulong)Payload.Length, 0);
        using var reader = Open(forger);
        Assert.Equal(Payload.Length, reader.Entries[0].UncompressedSize);
        Assert.Equal(Payload, ZipTestUtil.ReadMember(reader, reader.Entries[0]));

        var shortExtra = new ZipForger();
        var s = shortExtra.Stored("a.npy", Payload);
        s.CentralUncompressedSize = 0xFFFFFFFF;
        s.CentralCompressedSize = 0xFFFFFFFF;
        s.CentralExtra = ZipForger.Zip64Extra((ulong)Payload.Length);
        Throws<NpzFormatException>(() => Open(shortExtra), "ZIP64 extra");
    }

    [Fact]
    public void Z15_bad_names()
    {
        var nul = new ZipForger();
        nul.Stored("a.npy\0.txt", Payload);
        Throws<NpzFormatException>(() => Open(nul), "NUL");
        var empty = new ZipForger();
        empty.Stored("", Payload);
        Throws<NpzFormatException>(() => Open(empty), "empty name");
        var longName = new ZipForger();
        longName.Stored(new string('x', 5000), Payload);
        Assert.Equal(nameof(NpyLimits.MaxNameLength), Assert.Throws<NpyLimitExceededException>(() => Open(longName)).OptionName);
        var invalid = new ZipForger();
        var m = invalid.Stored("x", Payload);
        m.Name = [0x61, 0xFF, 0xFE];
        m.Flags = 0x0800;
        Throws<NpzFormatException>(() => Open(invalid), "not valid UTF-8");
    }

    [Fact]
    public void Names_without_the_utf8_flag_are_cp437()
    {
        var forger = new ZipForger();
        forger.Stored("x", Payload).Name = [0x82, 0x61, 0xE1];
        using var reader = Open(forger);
        Assert.Equal("éaß", reader.Entries[0].Name);
    }

    [Fact]
    public void Z17_bytes_between_directory_and_end_record_are_refused()
    {
        var forger = new ZipForger { BetweenDirectoryAndEnd = new byte[16] };
        forger.Stored("a.npy", Payload);
        Throws<NpzFormatException>(() => Open(forger), "not where the end record starts");
        var prefixed = new ZipForger { Prefix = new byte[64] };
        prefixed.Stored("a.npy", Payload);
        using var reader = Open(prefixed);
        Assert.Equal(Payload, ZipTestUtil.ReadMember(reader, reader.Entries[0]));
    }

    [Fact]
    public void Total_bytes_limit_counts_what_is_read()
    {
        var forger = new ZipForger();
        forger.Deflated("a", new byte[1000]);
        forger.Deflated("b", new byte[1000]);
        using var reader = Open(forger, NpyLimits.Default with { MaxTotalBytes = 1500 });
        ReadFully(reader, reader.Entries[0]);
        Assert.Equal(nameof(NpyLimits.MaxTotalBytes), Assert.Throws<NpyLimitExceededException>(() => ReadFully(reader, reader.Entries[1])).OptionName);
        Assert.Throws<NpyLimitExceededException>(() => ZipTestUtil.ReadStream(reader, reader.Entries[1]));
    }

    [Fact]
    public void Cancellation_is_honoured()
    {
        var archive = ZipTestUtil.Write(w => w.AddEntry("a", ZipCompressionMethod.Deflate, default, new byte[3 << 20], TestContext.Current.CancellationToken));
        using var reader = ZipTestUtil.Open(archive);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => reader.ReadMember(reader.Entries[0], 0, new byte[3 << 20], cts.Token));
    }

    [Fact]
    public void Inconsistent_chunk_index_is_refused()
    {
        var data = ZipTestUtil.Text(20_000, 4);
        var archive = ZipTestUtil.Write(
            w => w.AddEntry("a", ZipCompressionMethod.Deflate, default, data, TestContext.Current.CancellationToken),
            new ZipWriterOptions { ChunkSize = 4096 });
        // The index sits at the end of the central record: patch the CRC of its last chunk.
        int end = archive.Length - 22;
        archive[end - 1] ^= 0x01;
        Throws<NpzFormatException>(() => ZipTestUtil.Open(archive), "chunk index");
    }

    [Fact]
    public void Corrupt_chunk_is_detected_on_the_parallel_path()
    {
        var data = ZipTestUtil.Text(3 << 20, 6);
        var archive = ZipTestUtil.Write(
            w => w.AddEntry("a", ZipCompressionMethod.Deflate, default, data, TestContext.Current.CancellationToken),
            new ZipWriterOptions { ChunkSize = 64 << 10 });
        using (var reader = ZipTestUtil.Open(archive))
        {
            Assert.True(reader.Entries[0].HasChunkIndex);
            Assert.Equal(data, ZipTestUtil.ReadMember(reader, reader.Entries[0], skip: 100_000));
        }

        // Flip bits in the middle of the compressed data: some chunk inflates wrongly or not at all.
        for (int k = 0; k < 8; k++)
        {
            archive[60 + 20_000 + (k * 997)] ^= 0x10;
        }

        using var corrupted = ZipTestUtil.Open(archive);
        Assert.Throws<NpzFormatException>(() => ReadFully(corrupted, corrupted.Entries[0]));
        Assert.Throws<NpzFormatException>(() => ZipTestUtil.ReadStream(corrupted, corrupted.Entries[0]));
    }

    private static byte[] ReverseCentralDirectory(byte[] archive)
    {
        int eocd = archive.Length - 22;
        if (BinaryPrimitives.ReadUInt32LittleEndian(archive.AsSpan(eocd)) != 0x06054B50)
        {
            throw new InvalidOperationException();
        }

        // With more than 65535 entries, a ZIP64 end record precedes the locator: take its size and offset.
        int record = eocd - 20 - 56;
        long size = BinaryPrimitives.ReadInt64LittleEndian(archive.AsSpan(record + 40));
        long offset = BinaryPrimitives.ReadInt64LittleEndian(archive.AsSpan(record + 48));
        var records = new List<byte[]>();
        int p = (int)offset;
        while (p < offset + size)
        {
            int len = 46 + BinaryPrimitives.ReadUInt16LittleEndian(archive.AsSpan(p + 28)) + BinaryPrimitives.ReadUInt16LittleEndian(archive.AsSpan(p + 30));
            records.Add(archive.AsSpan(p, len).ToArray());
            p += len;
        }

        records.Reverse();
        var copy = (byte[])archive.Clone();
        p = (int)offset;
        foreach (var r in records)
        {
            r.CopyTo(copy, p);
            p += r.Length;
        }

        return copy;
    }
}

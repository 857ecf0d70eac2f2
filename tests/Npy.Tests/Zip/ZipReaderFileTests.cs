using System.IO.Hashing;
using Npy.Tests.Helpers;
using Npy.Zip;

namespace Npy.Tests.Zip;

// An archive that is a file is read with positional reads and no lock; large stored members are read in pieces on
// all cores, each piece hashed as it arrives. These tests cover that path (the in-memory tests use the locked one).
public class ZipReaderFileTests
{
    private const int Piece = 4 << 20;

    public static TheoryData<int, int> Sizes() => new()
    {
        { (2 * Piece) - 1, 0 },
        { 2 * Piece, 128 },
        { (3 * Piece) + 17, 0 },
        { (5 * Piece) + 1, 4096 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Large_stored_members_read_back_identically(int size, int skip)
    {
        using var dir = new TempDir();
        byte[] data = ZipTestUtil.Random(size, size);
        string path = WriteArchive(dir, w => w.AddEntry("big.bin", ZipCompressionMethod.Stored, ReadOnlyMemory<byte>.Empty, data));
        using var reader = OpenFile(path);
        byte[] read = ZipTestUtil.ReadMember(reader, reader.Entries[0], skip);
        Assert.True(data.AsSpan().SequenceEqual(read));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(Piece + 5)]
    [InlineData((3 * Piece) - 1)]
    public void A_flipped_byte_in_any_piece_fails_the_crc(int at)
    {
        using var dir = new TempDir();
        byte[] data = ZipTestUtil.Random(3 * Piece, 7);
        string path = WriteArchive(dir, w => w.AddEntry("big.bin", ZipCompressionMethod.Stored, ReadOnlyMemory<byte>.Empty, data));
        using (var reader = OpenFile(path))
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
            var local = new byte[30];
            file.Position = reader.Entries[0].LocalHeaderOffset;
            file.ReadExactly(local);
            long dataStart = reader.Entries[0].LocalHeaderOffset + 30
                + System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(local.AsSpan(26))
                + System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(local.AsSpan(28));
            file.Position = dataStart + at;
            int b = file.ReadByte();
            file.Position = dataStart + at;
            file.WriteByte((byte)(b ^ 0x20));
        }

        using var corrupt = OpenFile(path);
        var ex = Assert.Throws<NpzFormatException>(() => ZipTestUtil.ReadMember(corrupt, corrupt.Entries[0]));
        Assert.Contains("CRC-32 mismatch in 'big.bin'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_cut_after_opening_fails_as_truncated()
    {
        using var dir = new TempDir();
        byte[] data = ZipTestUtil.Random(3 * Piece, 8);
        string path = WriteArchive(dir, w => w.AddEntry("big.bin", ZipCompressionMethod.Stored, ReadOnlyMemory<byte>.Empty, data));
        using var reader = OpenFile(path);
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            file.SetLength(2 * Piece);
        }

        var ex = Assert.Throws<NpzFormatException>(() => ZipTestUtil.ReadMember(reader, reader.Entries[0]));
        Assert.Contains("ends unexpectedly", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cancelled_read_stops_with_operation_cancelled()
    {
        using var dir = new TempDir();
        byte[] data = ZipTestUtil.Random(3 * Piece, 9);
        string path = WriteArchive(dir, w => w.AddEntry("big.bin", ZipCompressionMethod.Stored, ReadOnlyMemory<byte>.Empty, data));
        using var reader = OpenFile(path);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var destination = new byte[data.Length];
        Assert.ThrowsAny<OperationCanceledException>(() => reader.ReadMember(reader.Entries[0], 0, destination, cancelled.Token));
    }

    [Fact]
    public void Members_of_every_kind_read_concurrently_from_one_file()
    {
        using var dir = new TempDir();
        var members = new Dictionary<string, byte[]>();
        string path = WriteArchive(
            dir,
            w =>
            {
                for (int i = 0; i < 12; i++)
                {
                    byte[] data = i % 3 == 0 ? ZipTestUtil.Random((i + 1) * 1_000_003, i) : ZipTestUtil.Text((i + 1) * 700_001, i);
                    string name = $"m{i}.bin";
                    members[name] = data;
                    w.AddEntry(name, i % 2 == 0 ? ZipCompressionMethod.Stored : ZipCompressionMethod.Deflate, ReadOnlyMemory<byte>.Empty, data);
                }
            },
            new ZipWriterOptions { ChunkSize = 1 << 20 });
        using var reader = OpenFile(path);
        var read = new byte[reader.Entries.Count][];
        Parallel.For(0, reader.Entries.Count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            read[i] = ZipTestUtil.ReadMember(reader, reader.Entries[i]));
        for (int i = 0; i < read.Length; i++)
        {
            byte[] expected = members[reader.Entries[i].Name];
            Assert.Equal(Crc32.HashToUInt32(expected), Crc32.HashToUInt32(read[i]));
            Assert.True(expected.AsSpan().SequenceEqual(read[i]), reader.Entries[i].Name);
        }
    }

    [Theory]
    [InlineData((2 * Piece) - 3, false)]
    [InlineData((3 * Piece) + 11, false)]
    [InlineData((3 * Piece) + 11, true)]
    public void A_large_single_deflate_stream_is_checked_while_it_inflates(int size, bool corruptCrc)
    {
        // Written by System.IO.Compression: one deflate stream, no chunk index, as NumPy writes members.
        using var dir = new TempDir();
        byte[] data = ZipTestUtil.Text(size, 3);
        string path = dir.File("single.zip");
        using (var zip = new System.IO.Compression.ZipArchive(File.Create(path), System.IO.Compression.ZipArchiveMode.Create))
        using (var entry = zip.CreateEntry("single.bin", System.IO.Compression.CompressionLevel.Optimal).Open())
        {
            entry.Write(data);
        }

        if (corruptCrc)
        {
            // The same wrong CRC in the local header and the central record: only the data can tell.
            byte[] bytes = File.ReadAllBytes(path);
            uint crc = Crc32.HashToUInt32(data);
            byte[] wrong = BitConverter.GetBytes(crc ^ 1);
            byte[] right = BitConverter.GetBytes(crc);
            for (int i = 0; i + 4 <= bytes.Length; i++)
            {
                if (bytes.AsSpan(i, 4).SequenceEqual(right))
                {
                    wrong.CopyTo(bytes, i);
                }
            }

            File.WriteAllBytes(path, bytes);
        }

        using var reader = OpenFile(path);
        Assert.False(reader.Entries[0].HasChunkIndex);
        if (corruptCrc)
        {
            var ex = Assert.Throws<NpzFormatException>(() => ZipTestUtil.ReadMember(reader, reader.Entries[0], 100));
            Assert.Contains("CRC-32 mismatch", ex.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.True(data.AsSpan().SequenceEqual(ZipTestUtil.ReadMember(reader, reader.Entries[0], 100)));
        }
    }

    private static string WriteArchive(TempDir dir, Action<ZipWriter> build, ZipWriterOptions? options = null)
    {
        string path = dir.File("archive.zip");
        File.WriteAllBytes(path, ZipTestUtil.Write(build, options));
        return path;
    }

    private static ZipReader OpenFile(string path) =>
        ZipReader.Open(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite), NpyLimits.Default, leaveOpen: false);
}

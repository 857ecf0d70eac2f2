using Npy.Zip;

namespace Npy.Tests.Zip;

/// <summary>Chunks of a member inflated two at a time on one core (with at least two chunks for every core): same bytes, every fault found.</summary>
public class ZipChunkPairTests
{
    private const int ChunkSize = 64 << 10;

    // 47 whole chunks and a short last one (an odd count: the last chunk goes alone), literal-heavy and match-heavy
    // chunks side by side.
    private static readonly byte[] Data = [.. ZipTestUtil.Random(ChunkSize * 20, 1), .. ZipTestUtil.Text((ChunkSize * 27) + 1000, 2)];

    private static byte[] Archive() => ZipTestUtil.Write(
        w => w.AddEntry("m.npy", ZipCompressionMethod.Deflate, default, Data, TestContext.Current.CancellationToken),
        new ZipWriterOptions { ChunkSize = ChunkSize });

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(ChunkSize + 5)]
    [InlineData((3 * ChunkSize) - 7)]
    public void EveryChunkArrives(int skip)
    {
        using ZipReader reader = ZipTestUtil.Open(Archive());
        ZipEntry entry = reader.Entries[0];
        Assert.Equal(48, entry.ChunkIndex!.Count);
        Assert.Equal(Data, ZipTestUtil.ReadMember(reader, entry, skip));
    }

    [Theory]
    [InlineData(4, 0x01)]
    [InlineData(5, 0x01)]
    [InlineData(30, 0x40)]
    [InlineData(31, 0x40)]
    [InlineData(47, 0x08)]
    public void ACorruptChunkIsFoundWhereverItSits(int chunk, int flip)
    {
        byte[] archive = Archive();
        using (ZipReader reader = ZipTestUtil.Open(archive))
        {
            ChunkIndex index = reader.Entries[0].ChunkIndex!;
            long[] offsets = index.CompressedOffsets(reader.GetDataOffset(reader.Entries[0]), index.Count - 1);
            archive[offsets[chunk] + (index.CompressedLengths[chunk] / 2)] ^= (byte)flip;
        }

        using ZipReader corrupted = ZipTestUtil.Open(archive);
        var error = Assert.Throws<NpzFormatException>(() => ZipTestUtil.ReadMember(corrupted, corrupted.Entries[0]));
        Assert.Contains("'m.npy'", error.Message, StringComparison.Ordinal);
    }
}

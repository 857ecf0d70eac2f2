using Npy.Tests.Helpers;

namespace Npy.Tests.Scale;

public class ChunkedTests
{
    private static float[] Values(int n)
    {
        var v = new float[n];
        for (int i = 0; i < n; i++)
        {
            v[i] = (i * 7919) % 100003;
        }

        return v;
    }

    private static IEnumerable<ReadOnlyMemory<T>> Slices<T>(T[] values, int size)
    {
        for (int i = 0; i < values.Length; i += size)
        {
            yield return values.AsMemory(i, Math.Min(size, values.Length - i));
        }
    }

    public static TheoryData<string> Layouts => new() { "stored", "deflate-indexed", "deflate-single" };

    private static NpzWriterOptions Options(string layout) => layout switch
    {
        "stored" => NpzWriterOptions.Stored,
        "deflate-indexed" => NpzWriterOptions.Compressed with { ChunkSize = 64 << 10 },
        _ => NpzWriterOptions.Compressed with { ChunkSize = 64 << 20 },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Npz_member_written_from_chunks_reads_back_whole_in_chunks_and_by_range(string layout)
    {
        float[] values = Values(1_000_003);
        var header = new NpyHeader(NpyDType.Float32, [values.Length], false);
        var ms = new MemoryStream();
        using (var writer = new NpzWriter(ms, Options(layout), leaveOpen: true))
        {
            writer.WriteArray("big", header, Slices(values, 77_777));
            writer.Add("after", new int[] { 1, 2, 3 });
        }

        ms.Position = 0;
        using NpzReader npz = NpzReader.Open(ms);
        Assert.Equal(layout == "deflate-indexed", npz.GetMember("big").IsParallelReadable);
        Assert.Equal(values, npz.Read<float>("big"));

        using (NpyArrayReader reader = npz.OpenArray("big"))
        {
            Assert.Equal(header, reader.Header);
            var back = new List<float>();
            foreach (ReadOnlyMemory<float> chunk in reader.ReadChunks<float>(100_000))
            {
                Assert.True(chunk.Length <= 100_000);
                back.AddRange(chunk.ToArray());
            }

            Assert.Equal(values, back);
            Assert.Equal(0, reader.BytesRemaining);
        }

        foreach (var (offset, length) in new[] { (0L, 10), (65_530L, 20_000), (999_000L, 1003), (values.Length, 0), (0, values.Length) })
        {
            var into = new float[length];
            npz.ReadInto<float>("big", offset, into);
            Assert.Equal(values.AsSpan((int)offset, length).ToArray(), into);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => npz.ReadInto<float>("big", values.Length - 5, new float[6]));
        Assert.Throws<NpyTypeMismatchException>(() => npz.ReadInto<int>("big", 0, new int[1]));
        Assert.Equal([1, 2, 3], npz.Read<int>("after"));
    }

    [Fact]
    public async Task Async_chunks_round_trip()
    {
        float[] values = Values(300_000);
        var header = new NpyHeader(NpyDType.Float32, [300, 1000], false);
        var ms = new MemoryStream();
        await using (var writer = new NpzWriter(ms, NpzWriterOptions.Compressed with { ChunkSize = 64 << 10 }, leaveOpen: true))
        {
            await writer.WriteArrayAsync("a", header, AsyncSlices(values, 1000));
        }

        ms.Position = 0;
        using NpzReader npz = NpzReader.Open(ms);
        await using NpyArrayReader reader = npz.OpenArray("a");
        var back = new List<float>();
        await foreach (ReadOnlyMemory<float> chunk in reader.ReadChunksAsync<float>(4096))
        {
            back.AddRange(chunk.ToArray());
        }

        Assert.Equal(values, back);
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<float>> AsyncSlices(float[] values, int size)
    {
        foreach (var s in Slices(values, size))
        {
            await Task.Yield();
            yield return s;
        }
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public void Wrong_fill_fails_and_the_archive_is_not_completed(int delta)
    {
        using var dir = new TempDir();
        string path = dir.File("x.npz");
        NpzFile.Save(path, NpyArray.FromArray(new[] { 1.0 }));
        byte[] before = File.ReadAllBytes(path);
        var header = new NpyHeader(NpyDType.Float64, [10], false);
        var ex = Assert.Throws<InvalidOperationException>(() => NpzFile.Write(path, w => w.WriteArray<double>("a", header, [new double[10 + delta].AsMemory()])));
        Assert.Contains("a", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));

        var ms = new MemoryStream();
        var writer = new NpzWriter(ms, NpzWriterOptions.Stored, leaveOpen: true);
        Assert.Throws<InvalidOperationException>(() => writer.WriteArray<double>("a", header, [new double[10 + delta].AsMemory()]));
        Assert.ThrowsAny<InvalidOperationException>(() => writer.Add("b", new[] { 1 }));
        writer.Dispose();
        ms.Position = 0;
        Assert.Throws<NpzFormatException>(() => NpzReader.Open(ms));
    }

    [Fact]
    public void A_short_streamed_member_is_never_published()
    {
        var ms = new MemoryStream();
        var writer = new NpzWriter(ms, NpzWriterOptions.Stored, leaveOpen: true);
        writer.Add("ok", new[] { 1 });
        Stream member = writer.OpenArray("short", new NpyHeader(NpyDType.Int32, [4], false));
        member.Write(new byte[8]);
        Assert.Throws<InvalidOperationException>(() => member.Dispose());
        Assert.ThrowsAny<InvalidOperationException>(() => writer.Add("b", new[] { 1 }));
        writer.Dispose();
        ms.Position = 0;
        Assert.Throws<NpzFormatException>(() => NpzReader.Open(ms));
    }

    [Fact]
    public void Foreign_byte_order_is_written_raw_and_read_typed()
    {
        var dtype = NpyDType.Parse(">i4");
        var header = new NpyHeader(dtype, [4], false);
        byte[] raw = [0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 1, 0];
        var ms = new MemoryStream();
        using (var writer = new NpzWriter(ms, NpzWriterOptions.Stored, leaveOpen: true))
        {
            Assert.Throws<ArgumentException>(() => writer.WriteArray<int>("typed", header, [new int[4].AsMemory()]));
            writer.WriteArray<byte>("a", header, [raw.AsMemory(0, 5), raw.AsMemory(5)]);
        }

        ms.Position = 0;
        using NpzReader npz = NpzReader.Open(ms);
        var into = new int[2];
        npz.ReadInto<int>("a", 2, into);
        Assert.Equal([3, 256], into);
        using NpyArrayReader reader = npz.OpenArray("a");
        Assert.Equal([1, 2, 3, 256], reader.ReadChunks<int>(3).SelectMany(c => c.ToArray()).ToArray());
    }

    [Fact]
    public void Npy_file_from_chunks_loads_and_reads_by_range()
    {
        using var dir = new TempDir();
        float[] values = Values(100_000);
        var header = new NpyHeader(NpyDType.Float32, [1000, 100], false);
        string path = NpyFile.Save(dir.File("a.npy"), header, Slices(values, 300));
        Assert.Equal(values, NpyFile.Load<float>(path));
        var into = new float[1234];
        NpyFile.ReadInto<float>(path, 5000, into);
        Assert.Equal(values.AsSpan(5000, 1234).ToArray(), into);
        using NpyArrayReader reader = NpyFile.OpenArray(path);
        Assert.Equal(values, reader.ReadChunks<float>(4000).SelectMany(c => c.ToArray()).ToArray());

        Assert.Throws<InvalidOperationException>(() => NpyFile.Save(dir.File("b.npy"), header, Slices(values.AsSpan(1).ToArray(), 300)));
        Assert.False(File.Exists(dir.File("b.npy")));
        Assert.Empty(Directory.GetFiles(dir.Path, ".b.npy.tmp-*"));
    }
}

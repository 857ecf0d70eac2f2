using System.IO.Compression;
using Npy.Compression;
using Npy.Tests.Helpers;
using Npy.Tests.Hostile;
using Npy.Tests.Zip;

namespace Npy.Tests.Compression;

public class NativeDeflaterTests
{
    private static byte[] Deflate(byte[] data, int split, int level, int windowBits, bool isLast)
    {
        var output = new byte[data.Length + 4096];
        int written = NativeDeflater.Deflate(data.AsSpan(0, split), data.AsSpan(split), output, level, windowBits, isLast);
        Assert.True(written > 0);
        return output.AsSpan(0, written).ToArray();
    }

    [Fact]
    public void The_runtimes_zlib_ng_is_found()
    {
        // The small-window path is what the other tests here and the encoder's tests exercise; on .NET 10 for Linux,
        // Windows and macOS the shim exports it.
        Assert.True(NativeDeflater.IsAvailable);
    }

    [Theory]
    [InlineData(1, 9)]
    [InlineData(6, 12)]
    [InlineData(7, 12)]
    [InlineData(9, 15)]
    public void Segments_inflate_to_the_input_ended_or_sync_flushed(int level, int windowBits)
    {
        byte[] data = [.. ZipTestUtil.Text(200_000, level), .. ZipTestUtil.Random(100_000, windowBits)];
        Assert.Equal(data, ZipTestUtil.Inflate(Deflate(data, 1000, level, windowBits, isLast: true)));

        var flushed = Deflate(data, 0, level, windowBits, isLast: false);
        Assert.Equal(new byte[] { 0, 0, 0xFF, 0xFF }, flushed.AsSpan(flushed.Length - 4).ToArray());
        Assert.Equal(data, ZipTestUtil.Inflate([.. flushed, 0x03, 0x00]));
    }

    [Fact]
    public void With_the_full_window_the_bytes_are_those_of_DeflateStream()
    {
        // The same zlib-ng through the same shim: a check that the stream struct and the parameters are passed right.
        // zlib-ng's output depends on where its input is split, so both get the same two pieces.
        var data = ZipTestUtil.Text(300_000, 3);
        var expected = new MemoryStream();
        using (var d = new DeflateStream(expected, new ZLibCompressionOptions { CompressionLevel = 6 }, leaveOpen: true))
        {
            d.Write(data.AsSpan(0, 5000));
            d.Write(data.AsSpan(5000));
        }

        Assert.Equal(expected.ToArray(), Deflate(data, 5000, 6, 15, isLast: true));
    }

    [Fact]
    public void The_window_bounds_how_far_back_a_match_reaches()
    {
        // 6 KiB of noise twice: the repeat is 6 KiB back, inside a 32 KiB window and outside a 4 KiB one.
        var block = ZipTestUtil.Random(6 << 10, 4);
        byte[] data = [.. block, .. block];
        int full = Deflate(data, 0, 6, 15, isLast: true).Length;
        int small = Deflate(data, 0, 6, 12, isLast: true).Length;
        Assert.True(full < (7 << 10), $"full window: {full}");
        Assert.True(small > (12 << 10) - 64, $"small window: {small}");
        Assert.Equal(data, ZipTestUtil.Inflate(Deflate(data, 0, 6, 12, isLast: true)));
    }

    [Fact]
    public void Output_that_does_not_fit_gives_minus_one()
    {
        var noise = ZipTestUtil.Random(64 << 10, 5);
        Assert.Equal(-1, NativeDeflater.Deflate(noise, [], new byte[1024], 6, 12, isLast: true));
        Assert.Equal(-1, NativeDeflater.Deflate(noise, [], new byte[1024], 6, 12, isLast: false));
    }

    [Theory]
    [InlineData(10, 12)]
    [InlineData(6, 16)]
    public void Parameters_zlib_refuses_throw(int level, int windowBits)
    {
        var data = ZipTestUtil.Random(1000, 6);
        Assert.Throws<InvalidOperationException>(() => NativeDeflater.Deflate(data, [], new byte[4096], level, windowBits, isLast: true));
    }

    [Fact]
    public void Empty_input_gives_an_empty_stream()
    {
        Assert.Empty(ZipTestUtil.Inflate(Deflate([], 0, 6, 12, isLast: true)));
        Assert.Empty(ZipTestUtil.Inflate([.. Deflate([], 0, 6, 12, isLast: false), 0x03, 0x00]));
    }

    [Fact]
    public void The_switch_keeps_every_chunk_on_the_full_window()
    {
        // The switch is read once per process, so the archives are written by a child process, with and without it.
        using var dir = new TempDir();
        var rng = new Random(6);
        var weights = new float[(3 << 20) / 4];
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()) * 0.02);
        }

        var array = NpyArray.FromArray(weights);
        string input = NpyFile.Save(dir.File("w.npy"), array);
        string ours = NpzFile.SaveCompressed(dir.File("ours.npz"), new Dictionary<string, NpyArray> { ["a"] = array });
        string small = dir.File("small.npz");
        string full = dir.File("full.npz");
        foreach (var args in new[] { new[] { "save-compressed", input, small }, ["save-compressed", input, full, "full-window"] })
        {
            using var child = ChildProcess.Start(args);
            string error = child.StandardError.ReadToEnd();
            child.WaitForExit();
            Assert.True(child.ExitCode == 0, error);
        }

        // Without the switch a process writes what this one does (the small window: float noise); with it, the member
        // is deflated with the full window, a little larger on such data, and loads to the same array.
        Assert.Equal(File.ReadAllBytes(ours), File.ReadAllBytes(small));
        Assert.True(new FileInfo(full).Length > new FileInfo(small).Length, $"{new FileInfo(full).Length} against {new FileInfo(small).Length}");
        Assert.Equal(array.Data.ToArray(), NpzFile.Load(full)["a"].Data.ToArray());
    }
}

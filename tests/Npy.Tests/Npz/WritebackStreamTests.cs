using Npy.Internal;
using Npy.Tests.Helpers;

namespace Npy.Tests.Npz;

public class WritebackStreamTests
{
    [Fact]
    public void Writes_seeks_and_patches_pass_through_unchanged()
    {
        using var dir = new TempDir();
        string path = dir.File("w.bin");
        var data = new byte[WritebackStream.Interval * 2 + 12345];
        new Random(5).NextBytes(data);
        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16))
        {
            var stream = new WritebackStream(file);
            stream.Write(data.AsSpan(0, 10));
            stream.Write(data, 10, WritebackStream.Interval);
            stream.Write(data.AsSpan(10 + WritebackStream.Interval));
            Assert.Equal(data.Length, stream.Position);
            stream.Position = 3;
            stream.Write([1, 2, 3]);
            stream.Position = data.Length;
            stream.Flush();
            file.Flush(flushToDisk: true);
        }

        data[3] = 1;
        data[4] = 2;
        data[5] = 3;
        Assert.Equal(data, File.ReadAllBytes(path));
    }

    // With or without the flush to disk (NpzWriterOptions.FlushToDisk), every path save writes the same bytes and leaves
    // nothing else behind, whether it creates its file (stored, first) or replaces it (compressed, second).
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_large_path_save_equals_the_same_save_to_a_stream(bool flushToDisk)
    {
        using var dir = new TempDir();
        var values = new long[3 << 20];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = i % 10;
        }

        var arrays = new[] { new KeyValuePair<string, NpyArray>("labels", NpyArray.FromArray(values)) };
        foreach (var options in new[] { NpzWriterOptions.Stored, NpzWriterOptions.Compressed })
        {
            var withFlush = options with { FlushToDisk = flushToDisk };
            var expected = new MemoryStream();
            NpzFile.Write(expected, arrays, [], options);
            string path = NpzFile.Write(dir.File("a"), arrays, [], withFlush);
            Assert.Equal(expected.ToArray(), File.ReadAllBytes(path));
            string asyncPath = await NpzFile.WriteAsync(dir.File("b"), arrays, withFlush, TestContext.Current.CancellationToken);
            Assert.Equal(expected.ToArray(), File.ReadAllBytes(asyncPath));
            string builtPath = NpzFile.Write(dir.File("c"), w => w.Add("labels", arrays[0].Value), withFlush);
            Assert.Equal(expected.ToArray(), File.ReadAllBytes(builtPath));
        }

        Assert.Equal(["a.npz", "b.npz", "c.npz"], Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order());
    }

    // The same for .npy saves (NpySaveOptions.FlushToDisk): sync, async and from chunks, each saved twice so that the
    // second save replaces the first.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_large_npy_path_save_equals_the_same_save_to_a_stream(bool flushToDisk)
    {
        using var dir = new TempDir();
        var values = new float[5 << 20];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = i * 0.5f;
        }

        var array = NpyArray.FromArray(values);
        var expected = new MemoryStream();
        using (var writer = new NpyWriter(expected, leaveOpen: true))
        {
            writer.Write(array);
        }

        var options = new NpySaveOptions { FlushToDisk = flushToDisk };
        var chunks = Enumerable.Range(0, 5).Select(i => (ReadOnlyMemory<float>)values.AsMemory(i << 20, 1 << 20));
        for (int pass = 0; pass < 2; pass++)
        {
            Assert.Equal(expected.ToArray(), File.ReadAllBytes(NpyFile.Save(dir.File("a"), array, options)));
            string asyncPath = await NpyFile.SaveAsync(dir.File("b"), array, options, TestContext.Current.CancellationToken);
            Assert.Equal(expected.ToArray(), File.ReadAllBytes(asyncPath));
            Assert.Equal(expected.ToArray(), File.ReadAllBytes(NpyFile.Save(dir.File("c"), array.Header, chunks, options)));
        }

        Assert.Equal(["a.npy", "b.npy", "c.npy"], Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task Replacing_a_large_file_publishes_the_new_one_and_closes_the_held_old_one()
    {
        using var dir = new TempDir();
        var old = new long[OldFileRelease.MinimumLength / 8 + 100];
        var arrays = new[] { new KeyValuePair<string, NpyArray>("x", NpyArray.FromArray(old)) };
        string path = NpzFile.Write(dir.File("r"), arrays, [], NpzWriterOptions.Stored);
        long oldLength = new FileInfo(path).Length;
        using (var reader = File.OpenRead(path))
        {
            // A reader of the old file keeps reading the old bytes after the replacement, as with any rename.
            var replacement = new[] { new KeyValuePair<string, NpyArray>("y", NpyArray.FromArray(new long[old.Length + 1])) };
            NpzFile.Write(path, replacement, [], NpzWriterOptions.Stored);
            Assert.Equal(oldLength, reader.Length);
        }

        Assert.Equal(oldLength + 8, new FileInfo(path).Length);
        using (var archive = NpzFile.Open(path))
        {
            Assert.Equal(["y"], archive.Files);
        }

        if (OperatingSystem.IsLinux())
        {
            // The held descriptor is closed on the thread pool soon after the save returns.
            string fdDir = "/proc/self/fd";
            bool Held() => Directory.GetFiles(fdDir).Any(fd =>
            {
                try
                {
                    return new FileInfo(fd).LinkTarget?.Contains("(deleted)", StringComparison.Ordinal) == true
                        && new FileInfo(fd).LinkTarget!.Contains(Path.GetFileName(path), StringComparison.Ordinal);
                }
                catch (IOException)
                {
                    return false;
                }
            });
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (Held() && clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(20, TestContext.Current.CancellationToken);
            }

            Assert.False(Held());
        }
    }

    [Fact]
    public void Small_files_symbolic_links_and_missing_files_are_not_held()
    {
        using var dir = new TempDir();
        Assert.Equal(-1, OldFileRelease.Hold(dir.File("missing")));
        string small = dir.File("small", new byte[100]);
        Assert.Equal(-1, OldFileRelease.Hold(small));
        if (!OperatingSystem.IsWindows())
        {
            string big = dir.File("big", new byte[OldFileRelease.MinimumLength]);
            string link = dir.File("link");
            File.CreateSymbolicLink(link, big);
            Assert.Equal(-1, OldFileRelease.Hold(link));
            int fd = OldFileRelease.Hold(big);
            Assert.Equal(OperatingSystem.IsLinux(), fd >= 0);
            OldFileRelease.Release(fd, inBackground: false);
        }
    }
}

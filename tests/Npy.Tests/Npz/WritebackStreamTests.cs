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

    [Fact]
    public async Task A_large_path_save_equals_the_same_save_to_a_stream()
    {
        using var dir = new TempDir();
        var values = new long[3 << 20];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = i % 10;
        }

        var arrays = new[] { new KeyValuePair<string, NpyArray>("labels", NpyArray.FromArray(values)) };
        var expected = new MemoryStream();
        NpzFile.Write(expected, arrays, [], NpzWriterOptions.Stored);
        string path = NpzFile.Write(dir.File("a"), arrays, [], NpzWriterOptions.Stored);
        Assert.Equal(expected.ToArray(), File.ReadAllBytes(path));
        string asyncPath = await NpzFile.WriteAsync(dir.File("b"), arrays, NpzWriterOptions.Stored, TestContext.Current.CancellationToken);
        Assert.Equal(expected.ToArray(), File.ReadAllBytes(asyncPath));
    }
}

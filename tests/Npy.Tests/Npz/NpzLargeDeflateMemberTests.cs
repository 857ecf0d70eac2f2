using System.IO.Compression;
using Npy.Tests.Helpers;

namespace Npy.Tests.Npz;

// Members of other writers are one deflate stream each; large ones go through the zip reader's direct path (CRC
// hashed on another core while inflating), the rest and members with bytes after the array through the stream path.
public class NpzLargeDeflateMemberTests
{
    [Theory]
    [InlineData(1_000, 0)]
    [InlineData(3_000_000, 0)]
    [InlineData(3_000_000, 5)]
    [InlineData(6_000_000, 0)] // 48 MB, compressed about 2:1: decoded on two cores (SplitInflate)
    [InlineData(6_000_000, 7)] // the same read through the stream, for the bytes after the array
    public void Members_deflated_by_another_writer_load_equal(int elements, int trailingBytes)
    {
        using var dir = new TempDir();
        (string path, double[] values) = Write(dir, elements, trailingBytes);
        var loaded = NpzFile.Load(path);
        Assert.Equal(values, loaded["x"].ToArray<double>());
    }

    [Fact]
    public void A_large_single_stream_member_streams_in_chunks()
    {
        using var dir = new TempDir();
        (string path, double[] values) = Write(dir, 6_000_000, 0);
        using var archive = NpzFile.Open(path);
        using var reader = archive.OpenArray("x");
        int offset = 0;
        foreach (ReadOnlyMemory<double> chunk in reader.ReadChunks<double>(1_000_003))
        {
            Assert.True(chunk.Span.SequenceEqual(values.AsSpan(offset, chunk.Length)));
            offset += chunk.Length;
        }

        Assert.Equal(values.Length, offset);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.7)]
    [InlineData(0.99)]
    public void A_large_member_corrupted_anywhere_fails(double where)
    {
        using var dir = new TempDir();
        (string path, _) = Write(dir, 6_000_000, 0);
        using (var file = File.Open(path, FileMode.Open))
        {
            file.Position = (long)(file.Length * where * 0.98);
            var bytes = new byte[16];
            file.ReadExactly(bytes);
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] ^= 0x5A;
            }

            file.Position -= bytes.Length;
            file.Write(bytes);
        }

        Assert.Throws<NpzFormatException>(() => NpzFile.Load(path));
    }

    private static (string Path, double[] Values) Write(TempDir dir, int elements, int trailingBytes)
    {
        var values = new double[elements];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Math.Round(Math.Sin(i * 0.001) * 1000, 3);
        }

        var npy = new MemoryStream();
        using (var writer = new NpyWriter(npy, leaveOpen: true))
        {
            writer.Write(NpyArray.FromArray(values, [elements]));
        }

        npy.Write(new byte[trailingBytes]);

        string path = dir.File("other.npz");
        using (var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create))
        using (var entry = zip.CreateEntry("x.npy", CompressionLevel.Optimal).Open())
        {
            entry.Write(npy.ToArray());
        }

        return (path, values);
    }
}

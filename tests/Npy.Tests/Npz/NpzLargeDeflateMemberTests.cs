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
    public void Members_deflated_by_another_writer_load_equal(int elements, int trailingBytes)
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

        using var dir = new TempDir();
        string path = dir.File("other.npz");
        using (var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create))
        using (var entry = zip.CreateEntry("x.npy", CompressionLevel.Optimal).Open())
        {
            entry.Write(npy.ToArray());
        }

        var loaded = NpzFile.Load(path);
        Assert.Equal(values, loaded["x"].ToArray<double>());
    }
}

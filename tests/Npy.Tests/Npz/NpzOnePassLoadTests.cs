using System.IO.Compression;
using System.Text;
using Npy.Tests.Helpers;
using Npy.Zip;

namespace Npy.Tests.Npz;

// Array members that are not small are read in one pass: the member is located once, its .npy header parsed from the
// bytes the member stream hands back, the data read straight into the array. The header checks must be the same for
// every kind of member: stored, carrying this library's chunk index, or one deflate stream of another writer.
public class NpzOnePassLoadTests
{
    private const int Elements = 400_000;

    public static TheoryData<string> Kinds() => ["stored", "chunked", "single"];

    public static TheoryData<string, int> KindsAndTrailingBytes() => new()
    {
        { "stored", 0 },
        { "stored", 5 },
        { "chunked", 0 },
        { "chunked", 5 },
        { "single", 0 },
        { "single", 5 },
    };

    [Theory]
    [MemberData(nameof(KindsAndTrailingBytes))]
    public void Arrays_load_equal_from_every_kind_of_member(string kind, int trailingBytes)
    {
        double[] values = Values();
        byte[] npy = [.. Npy(values), .. new byte[trailingBytes]];
        using var dir = new TempDir();
        string path = Write(dir, kind, npy);

        using NpzReader archive = NpzFile.Open(path);
        Assert.Equal(kind == "chunked", archive.Members[0].Entry.HasChunkIndex);
        Assert.Equal(values, archive.Read<double>("x"));
    }

    [Fact]
    public void Members_written_by_this_library_load_equal_from_files()
    {
        double[] values = Values();
        using var dir = new TempDir();
        foreach (NpzWriterOptions options in new[] { NpzWriterOptions.Stored, NpzWriterOptions.Compressed })
        {
            string path = dir.File("ours.npz");
            NpzFile.Write(path, [new KeyValuePair<string, NpyArray>("x", NpyArray.FromArray(values, [Elements]))], [], options);
            Assert.Equal(values, NpzFile.Load(path)["x"].ToArray<double>());
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_corrupt_header_fails_in_every_kind_of_member(string kind)
    {
        byte[] npy = Npy(Values());
        int at = Encoding.ASCII.GetString(npy, 0, 128).IndexOf("'descr'", StringComparison.Ordinal);
        Encoding.ASCII.GetBytes("'dexcr'").CopyTo(npy, at);
        using var dir = new TempDir();
        string path = Write(dir, kind, npy);

        using NpzReader archive = NpzFile.Open(path);
        Assert.Throws<NpyFormatException>(() => archive.Read("x"));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_header_declaring_more_data_than_the_member_holds_fails(string kind)
    {
        byte[] npy = Npy(Values());
        byte[] cut = npy[..^8];
        using var dir = new TempDir();
        string path = Write(dir, kind, cut);

        using NpzReader archive = NpzFile.Open(path);
        var ex = Assert.Throws<NpyFormatException>(() => archive.Read("x"));
        Assert.Contains("declares", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_member_that_is_not_an_array_is_skipped_when_enumerating(string kind)
    {
        byte[] text = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("not an array; ", 300_000)));
        using var dir = new TempDir();
        string path = Write(dir, kind, text);

        using NpzReader archive = NpzFile.Open(path);
        Assert.Empty(archive);
        Assert.Throws<NpyFormatException>(() => archive.Read("x"));
    }

    private static double[] Values()
    {
        var values = new double[Elements];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Math.Round(Math.Sin(i * 0.001) * 1000, 3);
        }

        return values;
    }

    private static byte[] Npy(double[] values)
    {
        var npy = new MemoryStream();
        using (var writer = new NpyWriter(npy, leaveOpen: true))
        {
            writer.Write(NpyArray.FromArray(values, [values.Length]));
        }

        return npy.ToArray();
    }

    // Stored and chunked members are written by this library's zip writer (chunks of 64 KiB, so a 3 MB member has
    // many); single deflate streams by .NET's ZipArchive, as NumPy's zipfile writes them.
    private static string Write(TempDir dir, string kind, byte[] member)
    {
        string path = dir.File(kind + ".npz");
        if (kind == "single")
        {
            using var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create);
            using Stream entry = zip.CreateEntry("x.npy", CompressionLevel.Optimal).Open();
            entry.Write(member);
            return path;
        }

        using (var file = File.Create(path))
        using (var writer = new ZipWriter(file, new ZipWriterOptions { ChunkSize = 64 << 10 }, leaveOpen: false))
        {
            writer.AddEntry("x.npy", kind == "stored" ? ZipCompressionMethod.Stored : ZipCompressionMethod.Deflate, ReadOnlyMemory<byte>.Empty, member);
        }

        return path;
    }
}

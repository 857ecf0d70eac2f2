using System.Buffers.Binary;
using System.IO.Compression;
using Npy.Tests.Helpers;
using Npy.Zip;

namespace Npy.Tests.Npz;

// With at least two large single-stream members per core, ReadAll decodes two members at once on each core (as
// NumPy's archives of many weight matrices are read). A member that is not .npy, or has bytes after its array, pairs
// up too and is read alone; a fault in either member of a pair is found and named.
public class NpzMemberPairTests
{
    private const int Elements = 200_000; // 1.6 MB per member: above the 1 MiB pairing threshold

    // Members in archive order; "note.txt" is not an array, m5 has 11 bytes after its array.
    private static readonly string[] Names = ["m0.npy", "m1.npy", "m2.npy", "m3.npy", "note.txt", "m4.npy", "m5.npy", "m6.npy", "m7.npy"];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(8)]
    public void Members_read_in_pairs_load_equal(int degree)
    {
        using var dir = new TempDir();
        (string path, Dictionary<string, double[]> values) = Write(dir);
        using var archive = NpzFile.Open(path);
        Dictionary<string, NpyArray> loaded = archive.ReadAll(degree, TestContext.Current.CancellationToken);
        Assert.Equal(values.Keys.Order(), loaded.Keys.Order());
        foreach ((string key, double[] expected) in values)
        {
            Assert.Equal(expected, loaded[key].ToArray<double>());
        }
    }

    [Theory]
    [InlineData(0)] // first of a pair
    [InlineData(3)] // second of a pair
    [InlineData(5)] // paired with the member that is not an array
    [InlineData(8)]
    public void A_corrupt_member_of_a_pair_is_found_and_named(int member)
    {
        using var dir = new TempDir();
        (string path, _) = Write(dir);
        byte[] archive = File.ReadAllBytes(path);
        long middle;
        using (ZipReader reader = ZipReader.Open(new MemoryStream(archive, writable: false), NpyLimits.Default, leaveOpen: false))
        {
            ZipEntry entry = reader.Entries[member];
            middle = reader.GetDataOffset(entry) + (entry.CompressedSize / 2);
        }

        for (int i = 0; i < 16; i++)
        {
            archive[middle + i] ^= 0x5A;
        }

        File.WriteAllBytes(path, archive);
        var error = Assert.Throws<NpzFormatException>(() => NpzFile.Load(path));
        Assert.Contains($"'{Names[member]}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void A_wrong_crc_in_either_member_of_a_pair_is_found(int member)
    {
        using var dir = new TempDir();
        (string path, _) = Write(dir);
        byte[] archive = File.ReadAllBytes(path);
        int central = CentralRecord(archive, member);
        archive[central + 16] ^= 0x01;
        File.WriteAllBytes(path, archive);
        var error = Assert.Throws<NpzFormatException>(() => NpzFile.Load(path));
        Assert.Equal($"CRC-32 mismatch in '{Names[member]}'.", error.Message);
    }

    private static (string Path, Dictionary<string, double[]> Values) Write(TempDir dir)
    {
        var values = new Dictionary<string, double[]>();
        string path = dir.File("pairs.npz");
        var rng = new Random(5);
        using var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create);
        foreach (string name in Names)
        {
            using Stream entry = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
            if (!name.EndsWith(".npy", StringComparison.Ordinal))
            {
                entry.Write(ZipTestText(1_500_000, rng));
                continue;
            }

            // Near-random doubles and rounded smooth ones: literal-heavy and match-heavy streams side by side.
            var data = new double[Elements];
            bool noisy = name[1] % 2 == 0;
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = noisy ? rng.NextDouble() : Math.Round(Math.Sin(i * 0.001) * 1000, 2);
            }

            var npy = new MemoryStream();
            using (var writer = new NpyWriter(npy, leaveOpen: true))
            {
                writer.Write(NpyArray.FromArray(data, [data.Length]));
            }

            if (name == "m5.npy")
            {
                npy.Write(new byte[11]);
            }

            entry.Write(npy.ToArray());
            values[name[..^4]] = data;
        }

        return (path, values);
    }

    private static byte[] ZipTestText(int length, Random rng)
    {
        var text = new byte[length];
        for (int i = 0; i < text.Length; i++)
        {
            text[i] = (byte)"numpy array weights "[rng.Next(20)];
        }

        return text;
    }

    private static int CentralRecord(byte[] archive, int k)
    {
        int eocd = archive.Length - 22;
        int p = BinaryPrimitives.ReadInt32LittleEndian(archive.AsSpan(eocd + 16));
        for (int i = 0; i < k; i++)
        {
            p += 46 + BinaryPrimitives.ReadUInt16LittleEndian(archive.AsSpan(p + 28)) + BinaryPrimitives.ReadUInt16LittleEndian(archive.AsSpan(p + 30))
                + BinaryPrimitives.ReadUInt16LittleEndian(archive.AsSpan(p + 32));
        }

        return p;
    }
}

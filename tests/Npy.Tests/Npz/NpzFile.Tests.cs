using Npy.Tests.Helpers;

namespace Npy.Tests.Npz;

public class NpzFileTests
{
    private static KeyValuePair<string, NpyArray> Named(string name, NpyArray a) => new(name, a);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Named_members_come_first_in_order_then_positional_arr_n(bool compressed)
    {
        using var dir = new TempDir();
        var a = NpyArray.FromArray(new[] { 1, 2 });
        var b = NpyArray.FromArray(new[] { 3.0 });
        var named = new[] { Named("zeta", a), Named("alpha", b) };
        string path = compressed ? NpzFile.SaveCompressed(dir.File("x"), named, b, a) : NpzFile.Save(dir.File("x"), named, b, a);
        Assert.Equal(dir.File("x.npz"), path);
        using var archive = NpzFile.Open(path);
        Assert.Equal(["zeta", "alpha", "arr_0", "arr_1"], archive.Files);
        Assert.Equal(["zeta.npy", "alpha.npy", "arr_0.npy", "arr_1.npy"], archive.Members.Select(m => m.MemberName));
        Assert.Equal(new[] { 1, 2 }, archive.Read<int>("zeta"));
        Assert.Equal(new[] { 3.0 }, archive.Read<double>("arr_0.npy"));
        Assert.All(archive.Members, m => Assert.Equal(compressed ? NpzCompression.Deflate : NpzCompression.Stored, m.Compression));
    }

    [Fact]
    public void A_name_colliding_with_a_positional_arr_n_fails_before_anything_is_written()
    {
        using var dir = new TempDir();
        var a = NpyArray.FromArray(new[] { 1 });
        Assert.Throws<ArgumentException>(() => NpzFile.Save(dir.File("x"), [Named("arr_0", a)], a));
        Assert.False(File.Exists(dir.File("x.npz")));
        Assert.Empty(Directory.GetFiles(dir.Path));

        // arr_1 does not collide when there is only one positional array, as in NumPy.
        NpzFile.Save(dir.File("y"), [Named("arr_1", a)], a);
    }

    [Theory]
    [InlineData("x", "x.npz")]
    [InlineData("x.npz", "x.npz")]
    [InlineData("x.NPZ", "x.NPZ.npz")]
    [InlineData("other.ext", "other.ext.npz")]
    public void Path_gets_npz_appended_exactly_as_numpy_does(string given, string expected)
    {
        using var dir = new TempDir();
        Assert.Equal(dir.File(expected), NpzFile.Save(dir.File(given)));
        Assert.True(File.Exists(dir.File(expected)));
    }

    [Fact]
    public void Empty_archive_is_the_22_byte_end_record()
    {
        using var dir = new TempDir();
        string path = NpzFile.Save(dir.File("empty"));
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(22, bytes.Length);
        Assert.Equal(new byte[] { 0x50, 0x4B, 5, 6 }, bytes[..4]);
        using var archive = NpzFile.Open(path);
        Assert.Empty(archive.Files);
    }

    [Fact]
    public void Stream_target_is_written_at_its_position_and_left_open()
    {
        var ms = new MemoryStream();
        ms.Write("prefix"u8);
        NpzFile.Write(ms, [Named("a", NpyArray.FromArray(new short[] { 1, 2, 3 }))], [], NpzWriterOptions.Stored);
        Assert.True(ms.CanWrite);
        // Offsets count from the start of the stream, as CPython's zipfile writes them, so the archive opens from there.
        ms.Position = 0;
        using var archive = NpzFile.Open(ms);
        Assert.Equal(new short[] { 1, 2, 3 }, archive.Read<short>("a"));
    }

    [Fact]
    public void Missing_key_says_it_is_not_a_file_in_the_archive()
    {
        var ms = new MemoryStream();
        NpzFile.Write(ms, [Named("a", NpyArray.FromScalar(1))], []);
        ms.Position = 0;
        using var archive = NpzFile.Open(ms);
        var e = Assert.Throws<KeyNotFoundException>(() => archive["b"]);
        Assert.Equal("'b' is not a file in the archive", e.Message);
        Assert.True(archive.ContainsKey("a"));
        Assert.True(archive.ContainsKey("a.npy"));
        Assert.False(archive.TryGetValue("b", out _));
    }

    [Fact]
    public void Non_npy_members_are_listed_and_readable_as_bytes()
    {
        var ms = new MemoryStream();
        using (var writer = new NpzWriter(ms, NpzWriterOptions.Stored, leaveOpen: true))
        {
            writer.Add("test1", NpyArray.FromArray(new long[10]));
            writer.AddRaw("metadata", "Name: Test"u8.ToArray());
        }

        ms.Position = 0;
        using var archive = NpzFile.Open(ms);
        Assert.Equal(["test1", "metadata"], archive.Files);
        Assert.Equal("Name: Test"u8.ToArray(), archive.ReadBytes("metadata"));
        Assert.False(archive.IsArray("metadata"));
        Assert.Throws<NpyFormatException>(() => archive["metadata"]);
        Assert.Equal(["test1"], archive.Select(kv => kv.Key));
    }

    [Theory]
    [InlineData(NpzCompression.Stored)]
    [InlineData(NpzCompression.Deflate)]
    public void Arrays_can_be_written_in_pieces(NpzCompression compression)
    {
        var ms = new MemoryStream();
        double[] values = Enumerable.Range(0, 300_000).Select(i => Math.Sin(i / 100.0)).ToArray();
        using (var writer = new NpzWriter(ms, new NpzWriterOptions { Compression = compression }, leaveOpen: true))
        {
            using Stream member = writer.OpenArray("signal", new NpyHeader(NpyDType.Float64, [values.Length], false));
            for (int i = 0; i < values.Length; i += 70_000)
            {
                member.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan(i, Math.Min(70_000, values.Length - i))));
            }
        }

        ms.Position = 0;
        using var archive = NpzFile.Open(ms);
        Assert.Equal(values, archive.Read<double>("signal"));
    }

    [Fact]
    public void Overfilling_a_piecewise_member_is_refused()
    {
        using var writer = new NpzWriter(new MemoryStream(), NpzWriterOptions.Stored);
        using Stream member = writer.OpenArray("a", new NpyHeader(NpyDType.UInt8, [4], false));
        Assert.Throws<InvalidOperationException>(() => member.Write(new byte[5]));
        member.Write(new byte[4]);
    }

    [Fact]
    public void Duplicate_names_are_refused_by_the_writer()
    {
        using var writer = new NpzWriter(new MemoryStream());
        writer.Add("a", NpyArray.FromScalar(1));
        Assert.Throws<ArgumentException>(() => writer.Add("a", NpyArray.FromScalar(2)));
        Assert.Throws<ArgumentException>(() => writer.Add("b\0c", NpyArray.FromScalar(2)));
    }

    [Fact]
    public void Load_reads_every_array_and_write_with_a_builder_is_atomic()
    {
        using var dir = new TempDir();
        string path = NpzFile.Write(dir.File("m"), w =>
        {
            w.Add("x", new float[,] { { 1, 2 }, { 3, 4 } });
            w.Add("y", new[] { 5L, 6L }, 2);
        });
        var all = NpzFile.Load(path);
        Assert.Equal(["x", "y"], all.Keys);
        Assert.Equal([2L, 2], all["x"].Shape);

        byte[] before = File.ReadAllBytes(path);
        Assert.Throws<InvalidOperationException>(() => NpzFile.Write(path, w =>
        {
            w.Add("z", new[] { 1 });
            throw new InvalidOperationException("producer failed");
        }));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Many_arrays_of_every_kind_round_trip_compressed_with_parallelism()
    {
        var arrays = new List<KeyValuePair<string, NpyArray>>();
        for (int i = 0; i < 200; i++)
        {
            arrays.Add(Named($"m{i:D3}", NpyArray.FromArray(Enumerable.Range(i, 64).Select(x => (float)x).ToArray())));
        }

        arrays.Add(Named("big", NpyArray.FromArray(Enumerable.Range(0, 3_000_000).Select(x => (double)(x % 1000)).ToArray())));
        arrays.Add(Named("text", NpyArray.FromStrings(["a", "bc"])));
        foreach (int threads in new[] { 1, 2, 8 })
        {
            var ms = new MemoryStream();
            NpzFile.Write(ms, arrays, [], new NpzWriterOptions { MaxDegreeOfParallelism = threads });
            ms.Position = 0;
            using var archive = NpzFile.Open(ms);
            Assert.Equal(arrays.Select(a => a.Key), archive.Files);
            foreach (var (name, array) in arrays)
            {
                Assert.True(array.Data.Span.SequenceEqual(archive[name].Data.Span), name);
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Members_sharing_a_header_are_each_byte_identical_to_a_single_npy(bool compressed)
    {
        // Runs of one dtype and shape reuse the formatted header; any change of dtype, byte order, shape or order must not.
        var arrays = new List<NpyArray>
        {
            NpyArray.FromArray(new float[] { 1, 2, 3 }),
            NpyArray.FromArray(new float[] { 4, 5, 6 }),
            NpyArray.FromArray(new float[] { 7, 8 }),
            NpyArray.FromArray(new int[] { 7, 8 }),
            NpyArray.FromArray(new float[] { 1, 2, 3, 4 }, 2, 2),
            NpyArray.FromArray(new float[] { 1, 2, 3, 4 }, [2, 2], fortranOrder: true),
            NpyArray.FromArray(new float[] { 1, 2, 3, 4 }, [2, 2], fortranOrder: true),
            NpyArray.FromArray(new float[] { 1, 2, 3, 4 }, 2, 2),
            NpyArray.FromArray(new float[] { 1, 2, 3, 4 }, 4, 1),
            NpyArray.FromArray(new float[] { 1, 2, 3, 4 }, [4, 1], fortranOrder: true),
            NpyArray.FromStrings(["ab", "c"]),
            NpyArray.FromStrings(["ab", "cd"]),
            NpyArray.FromStrings(["abc", "d"]),
        };
        arrays.Add(new NpyArray(arrays[0].DType.WithByteOrder(NpyByteOrder.Big), [3], false, new byte[12]));
        var ms = new MemoryStream();
        NpzFile.Write(ms, [], arrays, compressed ? NpzWriterOptions.Compressed : NpzWriterOptions.Stored);
        ms.Position = 0;
        using var archive = NpzFile.Open(ms);
        for (int i = 0; i < arrays.Count; i++)
        {
            var single = new MemoryStream();
            using (var writer = new NpyWriter(single, leaveOpen: true))
            {
                writer.Write(arrays[i]);
            }

            Assert.Equal(single.ToArray(), archive.ReadBytes($"arr_{i}"));
        }
    }
}

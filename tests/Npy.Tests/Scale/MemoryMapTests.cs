using System.IO.Compression;
using System.Text;
using Npy.Tests.Helpers;

namespace Npy.Tests.Scale;

public class MemoryMapTests
{
    private static string Py(string script) => Encoding.UTF8.GetString(ExternalTools.Python(script));

    [Fact]
    public void Numpy_writes_we_map_and_read()
    {
        ExternalTools.RequireNumpy();
        using var dir = new TempDir();
        Py($"import numpy as np\nnp.save('{dir.File("f.npy")}', np.arange(12.0).reshape(3, 4))\nnp.save('{dir.File("b.npy")}', np.arange(5, dtype='>i4'))\n" +
           $"np.savez('{dir.File("s.npz")}', a=np.arange(100, dtype='<i8'), b=np.ones(3))\nnp.savez_compressed('{dir.File("c.npz")}', a=np.arange(10))\n");
        using (var map = NpyMemoryMap.Open(dir.File("f.npy")))
        {
            Assert.Equal([3L, 4L], map.Header.Shape);
            Assert.Equal(0, map.DataOffset % 64);
            Assert.Equal(Enumerable.Range(0, 12).Select(i => (double)i).ToArray(), map.GetReadOnlySpan<double>().ToArray());
            Assert.Equal(7.0, map.GetReadOnlyMemory<double>(7, 2).Span[0]);
            Assert.Throws<InvalidOperationException>(() => map.GetSpan<double>());
        }

        using (var map = NpyMemoryMap.Open(dir.File("b.npy")))
        {
            Assert.Throws<NpyTypeMismatchException>(() => map.GetReadOnlySpan<int>());
            Assert.Equal(new byte[] { 0, 0, 0, 4 }, map.GetReadOnlySpan<byte>().Slice(16, 4).ToArray());
        }

        using (var map = NpyMemoryMap.OpenMember(dir.File("s.npz"), "a", verifyCrc: true))
        {
            Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i).ToArray(), map.GetReadOnlySpan<long>().ToArray());
        }

        Assert.Throws<NotSupportedException>(() => NpyMemoryMap.OpenMember(dir.File("c.npz"), "a"));
    }

    [Fact]
    public void Create_fill_through_the_map_numpy_reads_and_the_file_matches_open_memmap()
    {
        ExternalTools.RequireNumpy();
        using var dir = new TempDir();
        var header = new NpyHeader(NpyDType.Float32, [200, 3], false);
        using (var map = NpyMemoryMap.Create(dir.File("ours.npy"), header))
        {
            Span<float> data = map.GetSpan<float>();
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = i * 0.5f;
            }

            map.Flush();
        }

        Py("import numpy as np\n" +
           $"m = np.lib.format.open_memmap('{dir.File("theirs.npy")}', mode='w+', dtype='<f4', shape=(200, 3))\n" +
           "m[...] = (np.arange(600, dtype='<f4') * 0.5).reshape(200, 3)\nm.flush()\ndel m\n" +
           $"a = np.load('{dir.File("ours.npy")}')\nassert a.dtype == np.float32 and a.shape == (200, 3)\nassert (a.ravel() == np.arange(600) * 0.5).all()\n");
        Assert.Equal(File.ReadAllBytes(dir.File("theirs.npy")), File.ReadAllBytes(dir.File("ours.npy")));

        using (var map = NpyMemoryMap.Open(dir.File("ours.npy"), writable: true))
        {
            map.GetSpan<float>(599, 1)[0] = -1;
        }

        Assert.Equal(-1, NpyFile.Load<float>(dir.File("ours.npy"))[599]);
    }

    [Fact]
    public void Member_crc_is_checked_on_request()
    {
        using var dir = new TempDir();
        string path = NpzFile.Save(dir.File("a.npz"), new Dictionary<string, NpyArray> { ["a"] = NpyArray.FromArray(new long[] { 1, 2, 3 }) });
        byte[] bytes = File.ReadAllBytes(path);
        int at = bytes.AsSpan().IndexOf(new byte[] { 2, 0, 0, 0, 0, 0, 0, 0, 3 });
        bytes[at] = 9;
        File.WriteAllBytes(path, bytes);
        using (var map = NpyMemoryMap.OpenMember(path, "a"))
        {
            Assert.Equal(9, map.GetReadOnlySpan<long>()[1]);
        }

        Assert.Throws<NpzFormatException>(() => NpyMemoryMap.OpenMember(path, "a", verifyCrc: true));
    }

    public static IEnumerable<(string Name, Action<NpzWriter> Build)> Archives()
    {
        yield return ("one", w => w.Add("a", new double[] { 1, 2, 3 }));
        yield return ("many", w =>
        {
            for (int i = 0; i < 70; i++)
            {
                w.Add("m" + new string('x', i), Enumerable.Range(0, i).Select(v => (byte)v).ToArray());
            }
        });
        yield return ("unicode-and-empty", w =>
        {
            w.Add("数据/ünï", new float[] { 1 });
            w.Add("empty", Array.Empty<int>());
            w.Add("s", NpyArray.FromStrings(["a", "bcd"]));
            w.AddRaw("meta.json", "{}"u8.ToArray());
            w.Add("after", new short[] { 1, 2 });
        });
        yield return ("chunked", w => w.WriteArray<byte>("big", new NpyHeader(NpyDType.UInt8, [10_000_019], false), [new byte[6_000_000].AsMemory(), new byte[4_000_019].AsMemory()]));
        yield return ("streamed", w =>
        {
            using Stream s = w.OpenArray("x", new NpyHeader(NpyDType.Int16, [1001], false));
            s.Write(new byte[2002]);
        });
    }

    [Fact]
    public void Aligned_archives_put_every_stored_array_at_a_64_byte_offset_and_other_readers_still_read_them()
    {
        using var dir = new TempDir();
        var files = new List<string>();
        foreach (var (name, build) in Archives())
        {
            string path = NpzFile.Write(dir.File(name), build, NpzWriterOptions.Stored with { AlignData = true });
            files.Add(path);

            // The same archive through an unseekable target (data descriptors).
            var pipe = new UnseekableStream();
            using (var writer = new NpzWriter(pipe, NpzWriterOptions.Stored with { AlignData = true }, leaveOpen: true))
            {
                build(writer);
            }

            string piped = dir.File(name + "-piped.npz");
            File.WriteAllBytes(piped, pipe.Inner.ToArray());
            files.Add(piped);
        }

        foreach (string path in files)
        {
            using NpzReader npz = NpzFile.Open(path);
            foreach (NpzMember m in npz.Members)
            {
                if (!npz.IsArray(m.MemberName))
                {
                    continue;
                }

                using var map = NpyMemoryMap.OpenMember(path, m.MemberName, verifyCrc: true);
                Assert.True(map.DataOffset % 64 == 0, $"{path}:{m.MemberName} data at {map.DataOffset}");
                Assert.Equal(npz.Read(m.MemberName).Data.ToArray(), map.GetReadOnlySpan<byte>().ToArray());
            }

            using var zip = ZipFile.OpenRead(path);
            Assert.Equal(npz.Count, zip.Entries.Count);
            foreach (ZipArchiveEntry e in zip.Entries)
            {
                using Stream s = e.Open();
                var ms = new MemoryStream();
                s.CopyTo(ms);
                Assert.Equal(npz.ReadBytes(e.FullName), ms.ToArray());
            }
        }

        ExternalTools.RequireNumpy();
        string list = string.Join(", ", files.Select(f => $"'{f}'"));
        string script = "import numpy as np, zipfile\n" +
            $"for f in [{list}]:\n" +
            "    with zipfile.ZipFile(f) as z:\n" +
            "        assert z.testzip() is None, f\n" +
            "    with np.load(f) as d:\n" +
            "        for k in d.files:\n" +
            "            d[k]\n" +
            "print('ok')\n";
        Assert.Equal("ok", Py(script).Trim());
        Assert.Equal("ok", Encoding.UTF8.GetString(ExternalTools.Python(script, newBand: true)).Trim());
    }

    [Fact]
    public void Alignment_is_off_by_default()
    {
        var ms = new MemoryStream();
        using (var w = new NpzWriter(ms, NpzWriterOptions.Stored, leaveOpen: true))
        {
            w.Add("a", new double[] { 1 });
        }

        // NumPy's layout: 30-byte local header, name, 20-byte ZIP64 extra, then the member.
        Assert.Equal(30 + "a.npy".Length + 20, ms.ToArray().AsSpan().IndexOf("NUMPY"u8) - 1);
    }

    private sealed class UnseekableStream : Stream
    {
        public MemoryStream Inner { get; } = new();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Inner.Write(buffer, offset, count);
    }
}

using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using Npy.Zip;

namespace Npy.Tests.Zip;

public class ZipNumpyInteropTests
{
    // Arrays under keyword names (incl. non-ASCII and nested) and positional ones, like real np.savez calls.
    private const string SavezScript = """
        import numpy as np, io, json, base64, sys
        class Pipe:
            def __init__(self): self.data = bytearray()
            def write(self, b): self.data += b; return len(b)
            def read(self, n=-1): raise io.UnsupportedOperation()
            def flush(self): pass
        rng = np.random.default_rng(7)
        kw = {'a': np.arange(10.0), 'é': np.array([[1, 2], [3, 4]], dtype='<i2'), '数据': rng.normal(size=(3, 5)).astype('<f4'),
              'a/b': np.zeros((0,), dtype='<u8'), 'big': rng.integers(0, 255, size=5_000_123, dtype='u1'), 'flag': np.array(True)}
        pos = [np.array([1.5, 2.5]), np.array('text')]
        seekable = io.BytesIO(); np.savez(seekable, *pos, **kw)
        pipe = Pipe(); np.savez(pipe, *pos, **kw)
        members = []
        for name, value in list(kw.items()) + [('arr_%d' % i, v) for i, v in enumerate(pos)]:
            f = io.BytesIO(); np.lib.format.write_array(f, np.asanyarray(value), allow_pickle=True); members.append([name + '.npy', base64.b64encode(f.getvalue()).decode()])
        json.dump({'seekable': base64.b64encode(seekable.getvalue()).decode(), 'pipe': base64.b64encode(bytes(pipe.data)).decode(), 'members': members}, sys.stdout)
        """;

    [Fact]
    public void Stored_archives_are_byte_identical_to_numpy_savez()
    {
        ExternalTools.RequireNewBandNumpy();
        using var json = JsonDocument.Parse(ExternalTools.Python(SavezScript, newBand: true));
        var seekableExpected = Convert.FromBase64String(json.RootElement.GetProperty("seekable").GetString()!);
        var pipeExpected = Convert.FromBase64String(json.RootElement.GetProperty("pipe").GetString()!);
        var members = json.RootElement.GetProperty("members").EnumerateArray()
            .Select(m => (Name: m[0].GetString()!, Bytes: Convert.FromBase64String(m[1].GetString()!)))
            .ToList();

        foreach (bool seekable in new[] { true, false })
        {
            foreach (int threads in new[] { 1, 2 })
            {
                var ours = ZipTestUtil.Write(
                    w =>
                    {
                        foreach (var (name, bytes) in members)
                        {
                            // Split each member into a "header" and a "body" the way the npz writer will.
                            int split = Math.Min(bytes.Length, 128);
                            w.AddEntry(name, ZipCompressionMethod.Stored, bytes.AsMemory(0, split), bytes.AsMemory(split), TestContext.Current.CancellationToken);
                        }
                    },
                    new ZipWriterOptions { MaxDegreeOfParallelism = threads },
                    seekable);
                var expected = seekable ? seekableExpected : pipeExpected;
                Assert.Equal(expected.Length, ours.Length);
                int firstDifference = ours.AsSpan().CommonPrefixLength(expected);
                Assert.True(firstDifference == ours.Length, $"seekable={seekable}: first difference at byte {firstDifference}");
            }
        }
    }

    [Fact]
    public void Numpy_archives_read_back_including_unseekable_and_compressed()
    {
        ExternalTools.RequireNumpy();
        const string Script = """
            import numpy as np, io, json, base64, sys, zlib
            class Pipe:
                def __init__(self): self.data = bytearray()
                def write(self, b): self.data += b; return len(b)
                def read(self, n=-1): raise io.UnsupportedOperation()
                def flush(self): pass
            kw = {'x': np.arange(1000.0), 'é': np.arange(7, dtype='<i4')}
            out = {}
            b = io.BytesIO(); np.savez(b, **kw); out['savez'] = b.getvalue()
            b = io.BytesIO(); np.savez_compressed(b, **kw); out['compressed'] = b.getvalue()
            p = Pipe(); np.savez(p, **kw); out['pipe'] = bytes(p.data)
            p = Pipe(); np.savez_compressed(p, **kw); out['pipe_compressed'] = bytes(p.data)
            b = io.BytesIO(); np.savez(b); out['empty'] = b.getvalue()
            json.dump({k: base64.b64encode(v).decode() for k, v in out.items()}, sys.stdout)
            """;
        using var json = JsonDocument.Parse(ExternalTools.Python(Script));
        foreach (var variant in json.RootElement.EnumerateObject())
        {
            var archive = Convert.FromBase64String(variant.Value.GetString()!);
            using var reader = ZipTestUtil.Open(archive);
            if (variant.Name == "empty")
            {
                Assert.Equal(22, archive.Length);
                Assert.Empty(reader.Entries);
                continue;
            }

            Assert.Equal(new[] { "x.npy", "é.npy" }, reader.Entries.Select(e => e.Name));
            foreach (var entry in reader.Entries)
            {
                var bytes = ZipTestUtil.ReadMember(reader, entry);
                Assert.Equal(entry.Crc32, Crc32.HashToUInt32(bytes));
                Assert.Equal(0x93, bytes[0]);
                Assert.Equal(bytes, ZipTestUtil.ReadStream(reader, entry));
            }
        }
    }

    [Fact]
    public void Python_zipfile_and_numpy_read_our_chunked_deflate_members()
    {
        ExternalTools.RequireNumpy();
        // A real .npy member (from NumPy), big enough for several chunks, plus a raw member and an empty one.
        var npy = ExternalTools.Python("import numpy as np, io, sys\nf = io.BytesIO(); np.save(f, np.sin(np.arange(300000) / 50.0)); sys.stdout.buffer.write(f.getvalue())");
        var raw = ZipTestUtil.Random(100_000, 11);
        var archive = ZipTestUtil.Write(
            w =>
            {
                w.AddEntry("wave.npy", ZipCompressionMethod.Deflate, npy.AsMemory(0, 128), npy.AsMemory(128), TestContext.Current.CancellationToken);
                w.AddEntry("raw.bin", ZipCompressionMethod.Deflate, default, raw, TestContext.Current.CancellationToken);
                w.AddEntry("empty.bin", ZipCompressionMethod.Deflate, default, default, TestContext.Current.CancellationToken);
            },
            new ZipWriterOptions { ChunkSize = 64 << 10, MaxDegreeOfParallelism = 2 });
        using (var reader = ZipTestUtil.Open(archive))
        {
            Assert.True(reader.Entries[0].HasChunkIndex);
        }

        const string Script = """
            import numpy as np, zipfile, io, sys, zlib
            data = sys.stdin.buffer.read()
            z = zipfile.ZipFile(io.BytesIO(data))
            assert z.testzip() is None
            for i in z.infolist():
                body = z.read(i.filename)
                print(i.filename, i.file_size, i.compress_size, '%08x' % i.CRC, '%08x' % zlib.crc32(body))
            npz = np.load(io.BytesIO(data))
            print('files', ','.join(npz.files))
            w = npz['wave']
            assert np.array_equal(w, np.sin(np.arange(300000) / 50.0))
            assert npz['raw.bin'] == z.read('raw.bin') and npz['empty.bin'] == b''
            print('ok')
            """;
        var lines = Encoding.UTF8.GetString(ExternalTools.Python(Script, archive)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var ours = ZipTestUtil.Open(archive);
        for (int i = 0; i < 3; i++)
        {
            var e = ours.Entries[i];
            Assert.Equal($"{e.Name} {e.UncompressedSize} {e.CompressedSize} {e.Crc32:x8} {e.Crc32:x8}", lines[i]);
        }

        Assert.Equal("files wave,raw.bin,empty.bin", lines[3]);
        Assert.Equal("ok", lines[4]);
    }

    [Fact]
    public void Archive_from_the_temp_file_era_is_read()
    {
        // NumPy's own test file written by NumPy <= 1.13: no extra fields, a real DOS timestamp, attributes 0x81800000.
        const string Path = "/usr/lib/python3/dist-packages/numpy/lib/tests/data/py2-objarr.npz";
        ExternalTools.RequireNumpy();
        if (!File.Exists(Path))
        {
            Assert.Skip($"{Path} is not installed");
        }

        using var reader = ZipReader.Open(File.OpenRead(Path), NpyLimits.Default, leaveOpen: false);
        var entry = Assert.Single(reader.Entries);
        Assert.Equal("x.npy", entry.Name);
        Assert.Equal(258, entry.UncompressedSize);
        Assert.Equal(0xaf38105au, entry.Crc32);
        var bytes = ZipTestUtil.ReadMember(reader, entry);
        Assert.Equal(0x93, bytes[0]);
    }
}

using Npy.Tests.Helpers;
using Npy.Tests.Infrastructure;

namespace Npy.Tests.Interop;

/// <summary>Live round trips of .npz through NumPy: every archive we write loads in NumPy with equal arrays; we load what NumPy writes.</summary>
public class NpzInteropTests
{
    private const string CheckScript =
        """
        import sys, numpy as np
        def same(a, b):
            # Field by field: NumPy's copies of structured arrays do not carry padding bytes.
            if a.dtype.names:
                return all(same(a[n], b[n]) for n in a.dtype.names)
            return np.ascontiguousarray(a).tobytes() == np.ascontiguousarray(b).tobytes()
        bad = 0
        for path in open(sys.argv[1]).read().split():
            with np.load(path) as z:
                for k in z.files:
                    a = z[k]
                    expected = np.frombuffer(open(path + '.' + k + '.canon', 'rb').read(), dtype=a.dtype).reshape(a.shape)
                    if not same(a, expected):
                        print('DIFFER', path, k, a.dtype, a.shape); bad += 1
        print('bad', bad)
        """;

    [Fact]
    public void NumPy_loads_every_dtype_stored_and_deflated_at_every_level_and_thread_count()
    {
        NumPyOracle.RequireOrSkip();
        using var dir = new TempDir();
        var named = new List<KeyValuePair<string, NpyArray>>();
        int n = 0;
        foreach (string descr in NpyInteropTests.Descrs)
        {
            foreach (long[] shape in new long[][] { [], [0], [7, 3] })
            {
                named.Add(new($"m{n}", NpyInteropTests.RandomArray(descr, shape, fortran: n % 2 == 1, seed: n)));
                n++;
            }
        }

        var paths = new List<string>();
        var settings = new List<NpzWriterOptions> { NpzWriterOptions.Stored };
        for (int level = 0; level <= 9; level++)
        {
            settings.Add(new NpzWriterOptions { CompressionLevel = level, MaxDegreeOfParallelism = 1 + (level % 2) });
        }

        foreach (var (options, i) in settings.Select((o, i) => (o, i)))
        {
            string path = NpzFile.Write(dir.File($"s{i}"), named, [], options);
            foreach (var (k, a) in named)
            {
                File.WriteAllBytes($"{path}.{k}.canon", NpyInteropTests.RawCOrder(a));
            }

            paths.Add(path);
        }

        File.WriteAllLines(dir.File("list.txt"), paths);
        Assert.EndsWith("bad 0", NumPyOracle.Run(CheckScript, dir.File("list.txt")).Trim(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(8)]
    public void NumPy_loads_large_chunked_members_and_empty_ones(int threads)
    {
        NumPyOracle.RequireOrSkip();
        using var dir = new TempDir();
        var rng = new Random(threads);
        float[] big = new float[(68 << 20) / 4];
        for (int i = 0; i < big.Length; i++)
        {
            big[i] = (float)(rng.NextDouble() * 0.04 - 0.02);
        }

        var noise = new byte[3 << 20];
        rng.NextBytes(noise);
        var named = new List<KeyValuePair<string, NpyArray>>
        {
            // Near-random floats: deflated with zlib-ng's small window (DeflateChunkEncoder.PrefersSmallWindow).
            new("big", NpyArray.FromArray(big)),
            new("noise", NpyArray.FromArray(noise)),
            new("empty", NpyArray.Create(NpyDType.Float64, [0])),
            new("zeros", NpyArray.Create(NpyDType.Int64, [1 << 20])),

            // Long repeats, deflated by the library's own encoder after the first chunk; then noise, which it declines.
            new("labels", NpyArray.FromArray(Compression.LongMatchEncoderTests.Labels(12 << 20, threads))),
            new("labels_then_noise", NpyArray.FromArray([.. Compression.LongMatchEncoderTests.Labels(3 << 20, threads + 1), .. noise])),
        };
        string path = NpzFile.Write(dir.File("big"), named, [], new NpzWriterOptions { MaxDegreeOfParallelism = threads });
        foreach (var (k, a) in named)
        {
            File.WriteAllBytes($"{path}.{k}.canon", NpyInteropTests.RawCOrder(a));
        }

        File.WriteAllLines(dir.File("list.txt"), [path]);
        Assert.EndsWith("bad 0", NumPyOracle.Run(CheckScript, dir.File("list.txt")).Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void We_load_what_NumPy_writes_with_savez_savez_compressed_and_to_a_pipe()
    {
        NumPyOracle.RequireOrSkip();
        using var dir = new TempDir();
        NumPyOracle.Run(
            """
            import sys, os, numpy as np
            d = sys.argv[1]
            rng = np.random.default_rng(3)
            arrays = {'w': rng.normal(0, 0.02, size=(300, 200)).astype(np.float32),
                      'labels': rng.integers(0, 10, size=100000),
                      'names': np.array(['a', 'señor', '数据']),
                      'f': np.asfortranarray(rng.random((30, 40))),
                      'nested/x': np.arange(5, dtype='>i4')}
            np.savez(os.path.join(d, 'stored.npz'), **arrays)
            np.savez_compressed(os.path.join(d, 'deflated.npz'), **arrays)
            class Pipe:
                def __init__(self, f): self.f = f
                def write(self, b): return self.f.write(b)
                def flush(self): self.f.flush()
                def read(self, n=-1): raise OSError('write-only')
            with open(os.path.join(d, 'piped.npz'), 'wb') as f:
                np.savez_compressed(Pipe(f), **arrays)
            for k, a in arrays.items():
                open(os.path.join(d, k.replace('/', '_') + '.canon'), 'wb').write(np.ascontiguousarray(a).tobytes())
            """,
            dir.Path);
        foreach (string name in new[] { "stored.npz", "deflated.npz", "piped.npz" })
        {
            using var archive = NpzFile.Open(dir.File(name));
            Assert.Equal(["w", "labels", "names", "f", "nested/x"], archive.Files);
            foreach (string key in archive.Files)
            {
                Assert.Equal(File.ReadAllBytes(dir.File(key.Replace('/', '_') + ".canon")), NpyInteropTests.RawCOrder(archive[key]));
            }
        }
    }
}

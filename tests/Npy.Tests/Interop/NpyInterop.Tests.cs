using Npy.Tests.Helpers;
using Npy.Tests.Infrastructure;

namespace Npy.Tests.Interop;

/// <summary>Live round trips through NumPy: NumPy loads what we write (byte-identical to its own np.save), we load what NumPy writes.</summary>
public class NpyInteropTests
{
    internal static readonly string[] Descrs =
    [
        "|b1", "|i1", "|u1", "<i2", ">i2", "<u2", "<i4", ">i4", "<u4", ">u4", "<i8", ">i8", "<u8",
        "<f2", ">f2", "<f4", ">f4", "<f8", ">f8", "<c8", ">c8", "<c16", ">c16", "|S3", "<U2", ">U4", "|V5",
        "<M8[ns]", ">M8[D]", "<M8[10ms]", "<m8[us]", "<f16",
        "[('a', '<i4'), ('b', '>f8', (2,))]",
        "[('x', [('y', '|u1'), ('z', '<U2')]), ('', '|V3'), ('w', '>c8')]",
        "[(('title', 'n'), '<i2'), ('m', '|S2', (2, 2))]",
    ];

    internal static readonly long[][] Shapes = [[], [0], [5], [3, 4], [2, 0, 3], [2, 3, 4], [1, 2, 1, 3, 1, 2]];

    /// <summary>The element bytes in C order and in the array's own byte order: what NumPy's <c>np.ascontiguousarray(a).tobytes()</c> gives.</summary>
    internal static byte[] RawCOrder(NpyArray a) => a.ToCOrder().Data.ToArray();

    /// <summary>Zeroes the bytes of a structured dtype that no field covers: NumPy's copies do not preserve them.</summary>
    internal static byte[] WithoutPadding(NpyDType dtype, byte[] data)
    {
        if (dtype.Kind != NpyKind.Structured || dtype.ItemSize == 0)
        {
            return data;
        }

        var covered = new bool[dtype.ItemSize];
        Mark(dtype, 0, covered);
        var result = (byte[])data.Clone();
        for (int i = 0; i < result.Length; i++)
        {
            if (!covered[i % dtype.ItemSize])
            {
                result[i] = 0;
            }
        }

        return result;

        static void Mark(NpyDType t, int offset, bool[] covered)
        {
            if (t.Kind != NpyKind.Structured)
            {
                covered.AsSpan(offset, t.ItemSize).Fill(true);
                return;
            }

            foreach (NpyField f in t.Fields)
            {
                int count = f.Shape.Aggregate(1, (x, y) => x * y);
                for (int k = 0; k < count; k++)
                {
                    Mark(f.DType, offset + f.Offset + (k * f.DType.ItemSize), covered);
                }
            }
        }
    }

    /// <summary>Bytes in C order and little-endian, the golden manifest's canonical form.</summary>
    internal static byte[] Canonical(NpyArray a) =>
        a.ToCOrder() is var c && c.DType.IsNativeByteOrder ? c.Data.ToArray() : c.ToNativeByteOrder().Data.ToArray();

    internal static NpyArray RandomArray(string descr, long[] shape, bool fortran, int seed)
    {
        var array = NpyArray.Create(NpyDType.Parse(descr), shape, fortran);
        var rng = new Random(seed);
        rng.NextBytes(array.Data.Span);
        if (array.DType.Kind == NpyKind.Bool)
        {
            // NumPy normalises bools on comparison; keep them 0/1 so byte comparison is meaningful.
            foreach (ref byte b in array.Data.Span)
            {
                b &= 1;
            }
        }

        return array;
    }

    [Fact]
    public void NumPy_loads_what_we_write_and_its_own_save_gives_the_same_bytes()
    {
        NumPyOracle.RequireOrSkip();
        using var dir = new TempDir();
        var lines = new List<string>();
        int n = 0;
        foreach (string descr in Descrs)
        {
            foreach (long[] shape in Shapes)
            {
                foreach (bool fortran in new[] { false, true })
                {
                    var a = RandomArray(descr, shape, fortran, n);
                    string path = NpyFile.Save(dir.File($"a{n}"), a);
                    File.WriteAllBytes(dir.File($"a{n}.canon"), RawCOrder(a));
                    lines.Add(path);
                    n++;
                }
            }
        }

        File.WriteAllLines(dir.File("list.txt"), lines);
        string output = NumPyOracle.Run(
            """
            import io, sys, numpy as np
            def same(a, b):
                # Field by field: NumPy's copies of structured arrays do not carry padding bytes.
                if a.dtype.names:
                    return all(same(a[n], b[n]) for n in a.dtype.names)
                return np.ascontiguousarray(a).tobytes() == np.ascontiguousarray(b).tobytes()
            bad = 0
            for path in open(sys.argv[1]).read().split():
                a = np.load(path)
                expected = np.frombuffer(open(path[:-4] + '.canon', 'rb').read(), dtype=a.dtype).reshape(a.shape)
                if not same(a, expected):
                    print('VALUES DIFFER', path, a.dtype.descr, a.shape); bad += 1
                b = io.BytesIO(); np.save(b, a)
                if b.getvalue() != open(path, 'rb').read():
                    print('BYTES DIFFER', path, a.dtype.descr, a.shape, a.flags.f_contiguous); bad += 1
            print('bad', bad)
            """,
            dir.File("list.txt"));
        Assert.True(output.Trim().EndsWith("bad 0", StringComparison.Ordinal), output);
    }

    [Fact]
    public void We_load_what_NumPy_writes()
    {
        NumPyOracle.RequireOrSkip();
        using var dir = new TempDir();
        NumPyOracle.Run(
            """
            import sys, os, numpy as np
            d = sys.argv[1]
            rng = np.random.default_rng(7)
            descrs = sys.argv[2].split(';')
            shapes = [(), (0,), (5,), (3, 4), (2, 0, 3), (2, 3, 4), (1, 2, 1, 3, 1, 2)]
            n = 0
            for descr in descrs:
                dt = np.dtype(eval(descr) if descr.startswith('[') else descr)
                for shape in shapes:
                    for order in 'CF':
                        raw = rng.integers(0, 256, size=int(np.prod(shape)) * dt.itemsize, dtype=np.uint8)
                        if dt.kind == 'b':
                            raw &= 1
                        c = np.frombuffer(raw.tobytes(), dtype=dt).reshape(shape)
                        np.save(os.path.join(d, 'n%d.npy' % n), c.copy(order=order))
                        open(os.path.join(d, 'n%d.canon' % n), 'wb').write(c.tobytes())
                        n += 1
            print(n)
            """,
            dir.Path,
            string.Join(';', Descrs));

        int count = 0;
        foreach (string path in Directory.GetFiles(dir.Path, "*.npy"))
        {
            var a = NpyFile.Load(path);
            Assert.Equal(WithoutPadding(a.DType, File.ReadAllBytes(Path.ChangeExtension(path, ".canon"))), WithoutPadding(a.DType, RawCOrder(a)));
            count++;
        }

        Assert.Equal(Descrs.Length * Shapes.Length * 2, count);
    }

    [Fact]
    public void Typed_values_match_numpy()
    {
        NumPyOracle.RequireOrSkip();
        using var dir = new TempDir();
        NpyFile.Save(dir.File("s"), NpyArray.FromStrings(["", "señor", "数据", "😀"]));
        NpyFile.Save(dir.File("t"), NpyArray.FromDateTimes([new DateTime(2000, 1, 2, 3, 4, 5), null], unit: "s"));
        NpyFile.Save(dir.File("c"), NpyArray.FromArray(new[] { new System.Numerics.Complex(1, -2) }));
        string output = NumPyOracle.Run(
            """
            import sys, numpy as np
            d = sys.argv[1]
            print(np.load(d + '/s.npy').tolist())
            print(np.datetime_as_string(np.load(d + '/t.npy')).tolist())
            print(np.load(d + '/c.npy').tolist())
            """,
            dir.Path);
        string[] lines = output.Trim().Split('\n');
        Assert.Equal("['', 'señor', '数据', '😀']", lines[0]);
        Assert.Equal("['2000-01-02T03:04:05', 'NaT']", lines[1]);
        Assert.Equal("[(1-2j)]", lines[2]);
    }
}

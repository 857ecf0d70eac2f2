using Npy.Cli.Tests.Helpers;

namespace Npy.Cli.Tests;

/// <summary>Files NumPy wrote go through convert, pack and unpack; NumPy then checks that every array came back equal.</summary>
public sealed class NumPyRoundTripTests : IDisposable
{
    private const string MakeArrays =
        """
        import numpy as np
        rng = np.random.default_rng(7)
        arrays = {
            'f8': rng.standard_normal((30, 40)),
            'f4_fortran': np.asfortranarray(rng.standard_normal((5, 7)).astype('f4')),
            'i2_be': np.arange(-50, 50, dtype='>i2').reshape(10, 10),
            'u1': np.arange(256, dtype='u1'),
            'b1': rng.standard_normal(17) > 0,
            'c16': rng.standard_normal(6) + 1j * rng.standard_normal(6),
            'U7': np.array(['alpha', 'βeta', '日本語', ''], dtype='U7'),
            'S3': np.array([b'ab', b'\x00\x01', b'xyz']),
            'M8': np.array(['2020-01-01T12:00', 'NaT'], dtype='M8[m]'),
            'rec': np.array([(1, 2.5, b'a'), (-3, np.nan, b'bc')], dtype=[('i', '<i4'), ('f', '>f8'), ('s', 'S2')]),
            'scalar': np.array(3.25),
            'empty': np.zeros((0, 4), dtype='<i8'),
            'big': np.arange(300000, dtype='<f8'),
        }
        """;

    private const string CheckAgainst =
        """
        import sys, numpy as np
        def same(a, b, where):
            assert a.dtype == b.dtype, (where, a.dtype, b.dtype)
            assert a.shape == b.shape, (where, a.shape, b.shape)
            assert a.tobytes(order='A') == b.tobytes(order='A') or a.tobytes() == b.tobytes(), where
            assert a.flags.f_contiguous == b.flags.f_contiguous or a.ndim < 2, where
        """;

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Convert_pack_and_unpack_keep_every_array_as_numpy_sees_it()
    {
        NumPy.RequireOrSkip();
        NumPy.Run(MakeArrays + "\n" + """
            np.savez('stored.npz', **arrays)
            np.savez_compressed('compressed.npz', **arrays)
            import os
            os.mkdir('single')
            for k, v in arrays.items():
                np.save(os.path.join('single', k + '.npy'), v)
            """, _dir.Path);

        // .npz → .npz both ways, .npy → .npy, .npy → .npz, pack and unpack.
        Expect.Success(Tool.Run("convert", _dir["stored.npz"], _dir["c-deflate.npz"], "--compress", "--level", "9"));
        Expect.Success(Tool.Run("convert", _dir["compressed.npz"], _dir["c-stored.npz"], "--store"));
        Expect.Success(Tool.Run("convert", _dir["single/rec.npy"], _dir["rec-copy.npy"]));
        Expect.Success(Tool.Run("convert", _dir["single/f4_fortran.npy"], _dir["f4_fortran.npz"]));
        string[] packArgs = ["pack", _dir["packed.npz"], .. Directory.GetFiles(_dir["single"]).Order(StringComparer.Ordinal)];
        Expect.Success(Tool.Run(packArgs));
        Expect.Success(Tool.Run("unpack", _dir["c-deflate.npz"], "-o", _dir["unpacked"]));

        string verdict = NumPy.Run(MakeArrays + "\n" + CheckAgainst + "\n" + """
            for name in ['c-deflate.npz', 'c-stored.npz', 'packed.npz']:
                with np.load(name) as z:
                    assert sorted(z.files) == sorted(arrays), (name, z.files)
                    for k, v in arrays.items():
                        same(v, z[k], name + ':' + k)
            with np.load('c-deflate.npz') as z:
                assert z.files == list(arrays), z.files
            with np.load('c-stored.npz') as z:
                assert z.files == list(arrays), z.files
            same(arrays['rec'], np.load('rec-copy.npy'), 'rec-copy.npy')
            assert open('rec-copy.npy', 'rb').read() == open('single/rec.npy', 'rb').read()
            with np.load('f4_fortran.npz') as z:
                same(arrays['f4_fortran'], z['f4_fortran'], 'f4_fortran.npz')
            for k, v in arrays.items():
                same(v, np.load('unpacked/' + k + '.npy'), 'unpacked/' + k)
            import zipfile
            for name in ['c-deflate.npz', 'packed.npz']:
                with zipfile.ZipFile(name) as z:
                    assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in z.infolist()), name
                    assert z.testzip() is None, name
            with zipfile.ZipFile('c-stored.npz') as z:
                assert all(i.compress_type == zipfile.ZIP_STORED for i in z.infolist())
            print('ok')
            """, _dir.Path);
        Assert.Equal("ok", verdict.Trim());

        Expect.Success(Tool.Run("diff", _dir["stored.npz"], _dir["c-deflate.npz"]));
        Expect.Success(Tool.Run("diff", _dir["compressed.npz"], _dir["packed.npz"]));
        Expect.Success(Tool.Run("verify", _dir["stored.npz"], _dir["compressed.npz"], _dir["c-deflate.npz"], _dir["c-stored.npz"], _dir["packed.npz"]));
    }

    [Fact]
    public void Ls_json_dtype_is_numpy_dtype_str_or_descr()
    {
        NumPy.RequireOrSkip();
        string expected = NumPy.Run(MakeArrays + "\n" + """
            import json
            np.savez('a.npz', **arrays)
            print(json.dumps({k: (v.dtype.str if v.dtype.names is None else str(v.dtype.descr)) for k, v in arrays.items()}))
            """, _dir.Path);
        var dtypes = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(expected)!;
        CliResult result = Tool.Run("ls", _dir["a.npz"], "--json");
        Expect.Success(result);
        using var doc = System.Text.Json.JsonDocument.Parse(result.Out);
        foreach (var member in doc.RootElement.GetProperty("members").EnumerateArray())
        {
            string name = member.GetProperty("name").GetString()!;
            Assert.Equal(dtypes[name], member.GetProperty("dtype").GetString());
        }
    }
}

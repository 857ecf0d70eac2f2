using System.Text.Json;
using Npy.Cli.Tests.Helpers;

namespace Npy.Cli.Tests.Commands;

public sealed class ShowCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Prints_a_description_line_then_the_repr()
    {
        string npy = NpyFile.Save(_dir["x.npy"], Samples.Floats());
        CliResult result = Tool.Run("show", npy);
        Expect.Success(result);
        Assert.Equal(
            "x: dtype <f8, shape (3, 4), order C\n"
            + "array([[0.        , 0.33333333, 0.66666667, 1.        ],\n"
            + "       [1.33333333, 1.66666667, 2.        , 2.33333333],\n"
            + "       [2.66666667, 3.        , 3.33333333, 3.66666667]])\n",
            result.Out);
    }

    [Fact]
    public void Large_arrays_are_summarised_unless_the_limit_is_raised()
    {
        string npy = NpyFile.Save(_dir["big.npy"], Enumerable.Range(0, 2000).ToArray(), 40, 50);
        CliResult summarised = Tool.Run("show", npy);
        Expect.Success(summarised);
        Assert.Contains("[   0,    1,    2, ...,   47,   48,   49]", summarised.Out, StringComparison.Ordinal);
        Assert.Contains("       ...,\n", summarised.Out, StringComparison.Ordinal);
        Assert.EndsWith("dtype=int32)\n", summarised.Out, StringComparison.Ordinal);

        CliResult full = Tool.Run("show", npy, "--limit", "5000");
        Expect.Success(full);
        Assert.DoesNotContain("...", full.Out, StringComparison.Ordinal);
        Assert.Contains("1999", full.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void One_member_of_an_archive_by_name()
    {
        string npz = Samples.WriteMixedNpz(_dir["m.npz"], compressed: true);
        CliResult result = Tool.Run("show", npz, "s");
        Expect.Success(result);
        Assert.Equal(
            "s: dtype [('x', '<i4'), ('y', '<f8')], shape (2,), order C, fields x, y\n"
            + "array([(1,  2.5e+00), (3, -1.0e+10)], dtype=[('x', '<i4'), ('y', '<f8')])\n",
            result.Out);
    }

    [Fact]
    public void Every_member_when_none_is_named()
    {
        string npz = Samples.WriteMixedNpz(_dir["m.npz"], compressed: false);
        CliResult result = Tool.Run("show", npz);
        Expect.Success(result);
        Assert.Contains("array(['ab', \"c'd\", 'héllo'], dtype='<U5')", result.Out, StringComparison.Ordinal);
        Assert.Contains("array([ True, False,  True])", result.Out, StringComparison.Ordinal);
        Assert.Contains("nested/w: dtype <f8, shape (3,), order C\narray([ 1.5,  nan, -inf])", result.Out, StringComparison.Ordinal);
        Assert.Contains("readme.txt: not an array (13 bytes)", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_member_is_a_usage_error()
    {
        string npz = Samples.WriteMixedNpz(_dir["m.npz"], compressed: false);
        Expect.Failure(Tool.Run("show", npz, "nope"), 2, "m.npz");
    }

    [Fact]
    public void Negative_limit_is_a_usage_error()
    {
        string npy = NpyFile.Save(_dir["x.npy"], Samples.Floats());
        CliResult result = Tool.Run("show", npy, "--limit", "-1");
        Assert.Equal(2, result.ExitCode);
    }

    /// <summary>The values printed are NumPy's own repr, character for character, across dtypes, ranks and summarisation.</summary>
    [Fact]
    public void Output_matches_numpy_repr()
    {
        NumPy.RequireOrSkip();
        string json = NumPy.Run(
            """
            import json, numpy as np
            rng = np.random.default_rng(1)
            cases = {
             'f8': np.arange(12.).reshape(3,4)/3, 'f4_exp': np.array([1e-5,1,2e10],dtype='f4'), 'f2': np.array([0.1,0.25],dtype='f2'),
             'c_nan': np.array([np.nan, 1j*np.inf]), 'f16': np.array([1.5, -2.25],dtype='f16'), 'i_3d': np.arange(24).reshape(2,3,4),
             'subarray_field': np.array([(1,[1.5,2.0])], dtype=[('a','u1'),('b','<f4',(2,))]), 'v2': np.array([b'a\x01'], dtype='V2'),
             'f8_be': np.array([1.5,2],dtype='>f8'), 'm8_be': np.array([1,-2],dtype='>m8[10s]'), 'M8s_nat': np.array([1, 'NaT'], dtype='M8[s]'),
             'M8ns': np.array(['2021-03-04T05:06:07.123456789'], dtype='M8[ns]'), 'scalar': np.array(1.5), 'scalar_i2': np.array(7, dtype='i2'),
             'empty_2d': np.zeros((0,3)), 'empty_f4': np.array([], dtype='f4'), 'S': np.array([b'ab', b'c\n'], dtype='S3'),
             'U': np.array(['héllo', 'a\tb', '日本'], dtype='U5'), 'bool_0d': np.array(True), 'neg_zero': np.array([-1., 2., -0.]),
             'spread': np.array([1e-10, 1.0, 123456.0]), 'f8_1001': np.arange(1001.), 'i_100x100': np.arange(10000).reshape(100,100),
             'f8_20x20x20': np.arange(8000.).reshape(20,20,20), 'normal': rng.standard_normal(20),
             'normal_f4': rng.standard_normal(20).astype('f4'), 'c16': np.array([1.5+2j, -3e-5-1j]),
             'u8': np.array([2**64-1, 0], dtype='u8'), 'i1': np.array([-128, 127], dtype='i1'), 'inf_nan': np.array([np.inf, -np.inf, np.nan]),
             'wrapped': np.arange(30)*1000000, 'long_strings': np.array(['x'*30]*5), 'f4_tenths': np.array([0.1, 0.2, 0.3], dtype='f4'),
             'record': np.array([(1, b'ab', 2.5, True)], dtype=[('i','<i8'),('s','S2'),('f','<f4'),('b','?')]),
             'fortran': np.asfortranarray(np.arange(6).reshape(2,3)), 'c8': np.array([1+1j, 2.5-0.5j], dtype='c8'),
             'extremes': np.array([1e300, -1e-300]), 'i_neg_2d': np.array([[-5, 10],[100, -1000]]),
             'M8D': np.array(['2020-01-01','1969-12-31'], dtype='M8[D]'), 'M8Y': np.array(['2020', '1800'], dtype='M8[Y]'),
             'M8M': np.array(['2020-02'], dtype='M8[M]'), 'bool_2d': np.array([[True, False], [False, True]]),
             'summarised_2d_f': np.linspace(0, 1, 4000).reshape(40, 100), 'u2_be': np.array([1, 65535], dtype='>u2'),
            }
            out = {}
            for k, v in cases.items():
                np.save(k + '.npy', v)
                out[k] = repr(v)
            print(json.dumps(out))
            """,
            _dir.Path);
        var expected = JsonSerializer.Deserialize<Dictionary<string, string>>(json)!;
        var mismatches = new List<string>();
        foreach (var (name, repr) in expected)
        {
            CliResult result = Tool.Run("show", _dir[name + ".npy"]);
            string body = string.Join('\n', result.Out.TrimEnd('\n').Split('\n').Skip(1));
            if (result.ExitCode != 0 || body != repr)
            {
                mismatches.Add($"--- {name} (exit {result.ExitCode}{result.Err})\nNumPy:\n{repr}\nnpy:\n{body}");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches));
    }
}

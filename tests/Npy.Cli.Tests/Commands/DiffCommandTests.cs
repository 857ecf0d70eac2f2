using Npy.Cli.Tests.Helpers;

namespace Npy.Cli.Tests.Commands;

public sealed class DiffCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Equal_archives_exit_0_silently_whatever_the_compression()
    {
        string a = Samples.WriteMixedNpz(_dir["a.npz"], compressed: false);
        string b = Samples.WriteMixedNpz(_dir["b.npz"], compressed: true);
        CliResult result = Tool.Run("diff", a, b);
        Expect.Success(result);
        Assert.Empty(result.Out);
    }

    [Fact]
    public void Names_dtypes_shapes_and_values_are_reported()
    {
        string a = NpzFile.Save(_dir["a.npz"], Samples.Named(
            ("same", NpyArray.FromArray(new[] { 1.0, 2.0 })),
            ("values", NpyArray.FromArray(new[] { 1.0, 2.0, 3.0 })),
            ("dtype", NpyArray.FromArray(new[] { 1.0 })),
            ("shape", NpyArray.FromArray(new[] { 1, 2, 3, 4 }, 2, 2)),
            ("onlya", NpyArray.FromArray(new[] { 1 }))));
        string b = NpzFile.Save(_dir["b.npz"], Samples.Named(
            ("same", NpyArray.FromArray(new[] { 1.0, 2.0 })),
            ("values", NpyArray.FromArray(new[] { 1.0, 2.5, 3.0 })),
            ("dtype", NpyArray.FromArray(new[] { 1.0f })),
            ("shape", NpyArray.FromArray(new[] { 1, 2, 3, 4 }, 4)),
            ("onlyb", NpyArray.FromArray(new[] { 1 }))));
        CliResult result = Tool.Run("diff", a, b);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "values: 1 of 3 values differ; first at [1]: 2. != 2.5; max abs difference 0.5\n"
            + "dtype: dtype <f8 != <f4\n"
            + "shape: shape (2, 2) != (4,)\n"
            + $"onlya: only in {a}\n"
            + $"onlyb: only in {b}\n",
            result.Out);
    }

    [Fact]
    public void Tolerances_apply_to_floats_and_nan_equals_nan()
    {
        string a = NpyFile.Save(_dir["a.npy"], new[] { 1.0, double.NaN, 100.0 });
        string b = NpyFile.Save(_dir["b.npy"], new[] { 1.0 + 1e-9, double.NaN, 100.001 });
        Assert.Equal(1, Tool.Run("diff", a, b).ExitCode);
        Assert.Equal(1, Tool.Run("diff", a, b, "--atol", "1e-6").ExitCode);
        Expect.Success(Tool.Run("diff", a, b, "--atol", "1e-6", "--rtol", "1e-5"));
    }

    [Fact]
    public void Integers_compare_exactly_and_memory_order_does_not_matter()
    {
        var c = NpyArray.FromArray(new[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        var f = new NpyArray(NpyDType.Int32, [2, 3], true, c.ToArray<int>() is var v ? Transposed(v) : []);
        string a = NpyFile.Save(_dir["c.npy"], c);
        string b = NpyFile.Save(_dir["f.npy"], f);
        Expect.Success(Tool.Run("diff", a, b, "--atol", "10"));

        string d = NpyFile.Save(_dir["d.npy"], new[] { 1, 2, 3, 4, 5, 7 }, 2, 3);
        CliResult result = Tool.Run("diff", a, d, "--atol", "10");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("first at [1, 2]: 6 != 7", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_tolerance_is_a_usage_error()
    {
        string a = NpyFile.Save(_dir["a.npy"], new[] { 1.0 });
        Assert.Equal(2, Tool.Run("diff", a, a, "--rtol", "-1").ExitCode);
    }

    [Fact]
    public void A_hostile_file_is_exit_3()
    {
        string a = NpyFile.Save(_dir["a.npy"], new[] { 1.0 });
        string bad = _dir.Write("bad.npy", HostileInputs.Get("N8-negative-dim.npy"));
        Expect.Failure(Tool.Run("diff", a, bad), 3, "bad.npy");
    }

    private static byte[] Transposed(int[] c)
    {
        // (2, 3) in C order → the same logical array in Fortran order.
        int[] f = [c[0], c[3], c[1], c[4], c[2], c[5]];
        return f.SelectMany(BitConverter.GetBytes).ToArray();
    }
}

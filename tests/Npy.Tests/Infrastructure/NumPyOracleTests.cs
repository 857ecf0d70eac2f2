namespace Npy.Tests.Infrastructure;

/// <summary>Checks the NumPy oracle helper itself.</summary>
public sealed class NumPyOracleTests
{
    [Fact]
    public void Run_returns_stdout_of_the_reference_numpy()
    {
        NumPyOracle.RequireOrSkip();
        Assert.Equal("1.24.2", NumPyOracle.Run("import numpy; print(numpy.__version__, end='')"));
    }

    [Fact]
    public void Run_passes_arguments_and_utf8_text()
    {
        NumPyOracle.RequireOrSkip();
        Assert.Equal("数据|é", NumPyOracle.Run("import sys; print('|'.join(sys.argv[1:]), end='')", "数据", "é"));
    }

    [Fact]
    public void RunBinary_returns_np_save_bytes()
    {
        NumPyOracle.RequireOrSkip();
        byte[] npy = NumPyOracle.RunBinary("import sys, numpy as np; np.save(sys.stdout.buffer, np.array([1.0, 2.0]))");
        Assert.Equal(144, npy.Length);
        Assert.Equal(new byte[] { 0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59 }, npy[..6]);
    }

    [Fact]
    public void Run_throws_with_stderr_on_failure()
    {
        NumPyOracle.RequireOrSkip();
        var e = Assert.Throws<InvalidOperationException>(() => NumPyOracle.Run("raise SystemExit('boom from python')"));
        Assert.Contains("boom from python", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void New_band_interpreter_writes_zip_version_45()
    {
        NumPyOracle.RequireNewBandOrSkip();
        byte[] npz = NumPyOracle.RunNewBandBinary(
            "import io, sys, numpy as np\nb = io.BytesIO(); np.savez(b, a=np.array([1.0, 2.0])); sys.stdout.buffer.write(b.getvalue())");
        Assert.Equal(45, npz[4]);
        byte[] old = NumPyOracle.RunBinary(
            "import io, sys, numpy as np\nb = io.BytesIO(); np.savez(b, a=np.array([1.0, 2.0])); sys.stdout.buffer.write(b.getvalue())");
        Assert.Equal(20, old[4]);
        Assert.Equal(File.ReadAllBytes(GoldenData.TestDataPath("npz", "savez_single_old.npz")), old);
        Assert.Equal(File.ReadAllBytes(GoldenData.TestDataPath("npz", "savez_single_new.npz")), npz);
    }
}

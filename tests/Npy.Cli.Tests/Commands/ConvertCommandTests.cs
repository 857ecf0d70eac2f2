using Npy.Cli.Tests.Helpers;

namespace Npy.Cli.Tests.Commands;

public sealed class ConvertCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Npy_to_npy_rewrites_the_same_bytes()
    {
        string npy = NpyFile.Save(_dir["in.npy"], Samples.Floats());
        Expect.Success(Tool.Run("convert", npy, _dir["out.npy"]));
        Assert.Equal(File.ReadAllBytes(npy), File.ReadAllBytes(_dir["out.npy"]));
    }

    [Fact]
    public void Npy_to_npz_stores_one_member_named_after_the_file()
    {
        string npy = NpyFile.Save(_dir["weights.npy"], Samples.Floats());
        Expect.Success(Tool.Run("convert", npy, _dir["out.npz"]));
        using NpzReader reader = NpzFile.Open(_dir["out.npz"]);
        Assert.Equal(["weights.npy"], reader.Members.Select(m => m.MemberName));
        Assert.Equal(NpzCompression.Stored, reader.Members[0].Compression);
        ArchiveAssert.SameArray(Samples.Floats(), reader.Read("weights"));
    }

    [Theory]
    [InlineData(false, "--compress", NpzCompression.Deflate)]
    [InlineData(true, "--store", NpzCompression.Stored)]
    [InlineData(false, "--level=1", NpzCompression.Deflate)]
    [InlineData(true, null, NpzCompression.Deflate)]
    [InlineData(false, null, NpzCompression.Stored)]
    public void Npz_to_npz_keeps_every_member_and_applies_the_compression(bool compressedInput, string? flag, NpzCompression expected)
    {
        string npz = Samples.WriteMixedNpz(_dir["in.npz"], compressedInput);
        string[] args = flag is null ? ["convert", npz, _dir["out.npz"]] : ["convert", npz, _dir["out.npz"], flag];
        Expect.Success(Tool.Run(args));
        ArchiveAssert.SameMembers(npz, _dir["out.npz"]);
        Assert.All(ArchiveAssert.Methods(_dir["out.npz"]), m => Assert.Equal(expected, m));
    }

    [Fact]
    public void Threads_and_level_are_accepted()
    {
        string npz = Samples.WriteMixedNpz(_dir["in.npz"], false);
        Expect.Success(Tool.Run("convert", npz, _dir["out.npz"], "--level", "9", "--threads", "1"));
        ArchiveAssert.SameMembers(npz, _dir["out.npz"]);
    }

    [Theory]
    [InlineData("--store", "--compress")]
    [InlineData("--store", "--level=3")]
    [InlineData("--level=10", null)]
    [InlineData("--threads=0", null)]
    public void Contradictory_or_invalid_options_are_usage_errors(string first, string? second)
    {
        string npz = Samples.WriteMixedNpz(_dir["in.npz"], false);
        string[] args = second is null ? ["convert", npz, _dir["out.npz"], first] : ["convert", npz, _dir["out.npz"], first, second];
        CliResult result = Tool.Run(args);
        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.ErrLines);
        Assert.False(File.Exists(_dir["out.npz"]));
    }

    [Fact]
    public void Compression_flags_do_not_apply_to_npy_output()
    {
        string npy = NpyFile.Save(_dir["in.npy"], Samples.Floats());
        Expect.Failure(Tool.Run("convert", npy, _dir["out.npy"], "--compress"), 2);
    }

    [Fact]
    public void Output_must_name_a_format()
    {
        string npy = NpyFile.Save(_dir["in.npy"], Samples.Floats());
        Expect.Failure(Tool.Run("convert", npy, _dir["out.bin"]), 2);
    }

    [Fact]
    public void Existing_output_is_kept_without_force_and_replaced_with_it()
    {
        string npz = Samples.WriteMixedNpz(_dir["in.npz"], false);
        byte[] old = [1, 2, 3];
        File.WriteAllBytes(_dir["out.npz"], old);

        Expect.Failure(Tool.Run("convert", npz, _dir["out.npz"]), 2, "out.npz");
        Assert.Equal(old, File.ReadAllBytes(_dir["out.npz"]));

        Expect.Success(Tool.Run("convert", npz, _dir["out.npz"], "--force"));
        ArchiveAssert.SameMembers(npz, _dir["out.npz"]);
        Assert.Equal(["in.npz", "out.npz"], _dir.Files());
    }

    [Fact]
    public void A_failed_conversion_leaves_the_existing_output_and_no_temporary_file()
    {
        string bad = _dir.Write("bad.npz", HostileInputs.Get("Z9-crc-mismatch.npz"));
        byte[] old = [1, 2, 3];
        File.WriteAllBytes(_dir["out.npz"], old);
        Expect.Failure(Tool.Run("convert", bad, _dir["out.npz"], "--force"), 3, "bad.npz");
        Assert.Equal(old, File.ReadAllBytes(_dir["out.npz"]));
        Assert.Equal(["bad.npz", "out.npz"], _dir.Files());
    }

    [Fact]
    public void Single_array_archive_converts_to_npy_but_larger_ones_do_not()
    {
        string one = NpzFile.Save(_dir["one.npz"], Samples.Floats());
        Expect.Success(Tool.Run("convert", one, _dir["one.npy"]));
        ArchiveAssert.SameArray(Samples.Floats(), NpyFile.Load(_dir["one.npy"]));

        string many = Samples.WriteMixedNpz(_dir["many.npz"], false);
        Expect.Failure(Tool.Run("convert", many, _dir["many.npy"]), 2, "many.npz");
    }

    [Fact]
    public void Dash_writes_standard_output_and_reads_standard_input()
    {
        string npy = NpyFile.Save(_dir["in.npy"], Samples.Floats());
        CliResult toStdout = Tool.Run("convert", npy, "-");
        Assert.Equal(0, toStdout.ExitCode);
        Assert.Equal(File.ReadAllBytes(npy), toStdout.StdoutBytes);

        CliResult npzToStdout = Tool.RunWithInput(File.ReadAllBytes(npy), "convert", "-", "-", "--compress");
        Assert.Equal(0, npzToStdout.ExitCode);
        File.WriteAllBytes(_dir["piped.npz"], npzToStdout.StdoutBytes);
        using NpzReader reader = NpzFile.Open(_dir["piped.npz"]);
        ArchiveAssert.SameArray(Samples.Floats(), reader.Read("arr_0"));
    }
}

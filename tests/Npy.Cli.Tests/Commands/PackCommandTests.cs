using Npy.Cli.Tests.Helpers;

namespace Npy.Cli.Tests.Commands;

public sealed class PackCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Packs_in_order_with_file_names_or_given_names()
    {
        string a = NpyFile.Save(_dir["a.npy"], Samples.Floats());
        string b = NpyFile.Save(_dir["b.npy"], new[] { 1, 2, 3 });
        Expect.Success(Tool.Run("pack", _dir["out.npz"], b, "renamed=" + a));
        using NpzReader reader = NpzFile.Open(_dir["out.npz"]);
        Assert.Equal(["b.npy", "renamed.npy"], reader.Members.Select(m => m.MemberName));
        Assert.All(reader.Members, m => Assert.Equal(NpzCompression.Deflate, m.Compression));
        ArchiveAssert.SameArray(Samples.Floats(), reader.Read("renamed"));
        ArchiveAssert.SameArray(NpyArray.FromArray(new[] { 1, 2, 3 }), reader.Read("b"));
    }

    [Fact]
    public void Store_keeps_members_uncompressed_and_nested_names_work()
    {
        string a = NpyFile.Save(_dir["a.npy"], Samples.Floats());
        Expect.Success(Tool.Run("pack", _dir["out.npz"], "dir/x=" + a, "--store"));
        using NpzReader reader = NpzFile.Open(_dir["out.npz"]);
        Assert.Equal(["dir/x.npy"], reader.Members.Select(m => m.MemberName));
        Assert.Equal(NpzCompression.Stored, reader.Members[0].Compression);
    }

    // --no-flush (NpzWriterOptions.FlushToDisk off) still replaces the output atomically: the new archive, nothing left beside it.
    [Fact]
    public void No_flush_replaces_an_existing_archive_and_leaves_nothing_else()
    {
        string a = NpyFile.Save(_dir["a.npy"], Samples.Floats());
        string b = NpyFile.Save(_dir["b.npy"], new[] { 1, 2, 3 });
        Expect.Success(Tool.Run("pack", _dir["out.npz"], a, "--no-flush"));
        Expect.Success(Tool.Run("pack", _dir["out.npz"], b, "--store", "--no-flush", "--force"));
        using (NpzReader reader = NpzFile.Open(_dir["out.npz"]))
        {
            Assert.Equal(["b.npy"], reader.Members.Select(m => m.MemberName));
            ArchiveAssert.SameArray(NpyArray.FromArray(new[] { 1, 2, 3 }), reader.Read("b"));
        }

        Assert.Equal(["a.npy", "b.npy", "out.npz"], _dir.Files());
    }

    [Fact]
    public void Duplicate_names_are_refused_before_anything_is_written()
    {
        string a = NpyFile.Save(_dir["a.npy"], Samples.Floats());
        Expect.Failure(Tool.Run("pack", _dir["out.npz"], a, "a=" + a), 2);
        Assert.False(File.Exists(_dir["out.npz"]));
    }

    [Fact]
    public void An_archive_is_not_accepted_as_an_input()
    {
        string npz = Samples.WriteMixedNpz(_dir["m.npz"], false);
        Expect.Failure(Tool.Run("pack", _dir["out.npz"], npz), 2, "m.npz");
        Assert.False(File.Exists(_dir["out.npz"]));
    }

    [Fact]
    public void A_hostile_input_fails_with_exit_3_and_writes_nothing()
    {
        string good = NpyFile.Save(_dir["good.npy"], Samples.Floats());
        string bad = _dir.Write("bad.npy", HostileInputs.Get("N13-truncated-data.npy"));
        Expect.Failure(Tool.Run("pack", _dir["out.npz"], good, bad), 3, "bad.npy");
        Assert.Equal(["bad.npy", "good.npy"], _dir.Files());
    }

    [Fact]
    public void Existing_output_needs_force()
    {
        string a = NpyFile.Save(_dir["a.npy"], Samples.Floats());
        File.WriteAllText(_dir["out.npz"], "old");
        Expect.Failure(Tool.Run("pack", _dir["out.npz"], a), 2, "out.npz");
        Assert.Equal("old", File.ReadAllText(_dir["out.npz"]));
        Expect.Success(Tool.Run("pack", _dir["out.npz"], a, "-f"));
        Assert.Equal(["a.npy", "out.npz"], _dir.Files());
    }

    [Fact]
    public void Reads_standard_input_and_writes_standard_output()
    {
        string a = NpyFile.Save(_dir["a.npy"], Samples.Floats());
        CliResult result = Tool.RunWithInput(File.ReadAllBytes(a), "pack", "-", "x=-");
        Assert.Equal(0, result.ExitCode);
        File.WriteAllBytes(_dir["out.npz"], result.StdoutBytes);
        using NpzReader reader = NpzFile.Open(_dir["out.npz"]);
        ArchiveAssert.SameArray(Samples.Floats(), reader.Read("x"));
    }
}

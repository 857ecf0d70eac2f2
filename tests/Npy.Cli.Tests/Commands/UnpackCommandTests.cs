using Npy.Cli.Tests.Helpers;

namespace Npy.Cli.Tests.Commands;

public sealed class UnpackCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Extracts_arrays_as_npy_files_and_other_members_under_their_names()
    {
        string npz = Samples.WriteMixedNpz(_dir["m.npz"], compressed: true);
        Expect.Success(Tool.Run("unpack", npz, "-o", _dir["out"]));
        Assert.Equal(
            ["m.npz", "out/a.npy", "out/b.npy", "out/c.npy", "out/nested/w.npy", "out/readme.txt", "out/s.npy", "out/t.npy"],
            _dir.Files());
        foreach (var (name, array) in Samples.MixedArrays())
        {
            ArchiveAssert.SameArray(array, NpyFile.Load(_dir[$"out/{name}.npy"]));
        }

        Assert.Equal("not an array\n", File.ReadAllText(_dir["out/readme.txt"]));
    }

    public static TheoryData<string> UnsafeNames() =>
    [
        "../evil.npy", "a/../../evil.npy", "/etc/evil.npy", "..\\evil.npy", "C:\\evil.npy", "C:evil.npy", "\\\\server\\share\\x.npy",
        "CON.npy", "nul", "com1.txt", "a:stream.npy", "name.", "name ", "dir./x.npy", "a//b.npy", "./a.npy", "tab\there.npy",
        "what?.npy", new string('x', 300) + ".npy",
    ];

    [Theory]
    [MemberData(nameof(UnsafeNames))]
    public void Unsafe_names_are_refused_before_anything_is_written(string unsafeName)
    {
        // A safe member first: it must not be written either. The unsafe member is not an array, so its name is used as is.
        string npz = _dir.Write("evil.npz", Samples.RawNpz(("first.npy", Samples.SmallNpy()), (unsafeName, "text"u8.ToArray())));
        Expect.Failure(Tool.Run("unpack", npz, "-o", _dir["out"]), 3, "evil.npz");
        Assert.Equal(["evil.npz"], _dir.Files());
    }

    [Fact]
    public void A_nul_in_a_name_is_refused()
    {
        string npz = _dir.Write("nul.npz", HostileInputs.Get("Z15-nul-in-name.npz"));
        Expect.Failure(Tool.Run("unpack", npz, "-o", _dir["out"]), 3, "nul.npz");
        Assert.Equal(["nul.npz"], _dir.Files());
    }

    [Theory]
    [InlineData("A.npy", "a.npy")]
    [InlineData("x.npy", "X.npy/y.npy")]
    public void Names_that_collide_on_case_insensitive_file_systems_are_refused(string first, string second)
    {
        string npz = _dir.Write("c.npz", Samples.RawNpz((first, Samples.SmallNpy()), (second, Samples.SmallNpy())));
        Expect.Failure(Tool.Run("unpack", npz, "-o", _dir["out"]), 3, "c.npz");
        Assert.Equal(["c.npz"], _dir.Files());
    }

    [Fact]
    public void Existing_files_are_kept_without_force_and_replaced_with_it()
    {
        string npz = NpzFile.Save(_dir["m.npz"], Samples.Named(("a", Samples.Floats()), ("b", Samples.Floats())));
        Directory.CreateDirectory(_dir["out"]);
        File.WriteAllText(_dir["out/b.npy"], "old");

        Expect.Failure(Tool.Run("unpack", npz, "-o", _dir["out"]), 2, "b.npy");
        Assert.Equal(["m.npz", "out/b.npy"], _dir.Files());
        Assert.Equal("old", File.ReadAllText(_dir["out/b.npy"]));

        Expect.Success(Tool.Run("unpack", npz, "-o", _dir["out"], "--force"));
        Assert.Equal(["m.npz", "out/a.npy", "out/b.npy"], _dir.Files());
        ArchiveAssert.SameArray(Samples.Floats(), NpyFile.Load(_dir["out/b.npy"]));
    }

    [Fact]
    public void A_symbolic_link_in_the_output_is_not_followed()
    {
        string npz = _dir.Write("l.npz", Samples.RawNpz(("sub/x.npy", Samples.SmallNpy())));
        Directory.CreateDirectory(_dir["elsewhere"]);
        Directory.CreateDirectory(_dir["out"]);
        Directory.CreateSymbolicLink(_dir["out/sub"], _dir["elsewhere"]);
        Expect.Failure(Tool.Run("unpack", npz, "-o", _dir["out"]), 2, "sub");
        Assert.Empty(Directory.GetFiles(_dir["elsewhere"]));
    }

    // Hostile-input E2: a member marked as a Unix symbolic link (external attributes 0xA1FF << 16) whose content names
    // a path outside the output. Links are never created: the member is written as a regular file with its bytes.
    [Fact]
    public void A_member_marked_as_a_symbolic_link_is_written_as_a_regular_file()
    {
        var ms = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(ms, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            var entry = zip.CreateEntry("link");
            entry.ExternalAttributes = unchecked((int)0xA1FF0000);
            using var content = entry.Open();
            content.Write("../../etc"u8);
        }

        string npz = _dir.Write("link.npz", ms.ToArray());
        Expect.Success(Tool.Run("unpack", npz, "-o", _dir["out"]));
        var written = new FileInfo(_dir["out/link"]);
        Assert.Null(written.LinkTarget);
        Assert.Equal("../../etc", File.ReadAllText(written.FullName));
    }

    [Fact]
    public void A_corrupt_member_leaves_no_partial_output()
    {
        string npz = _dir.Write("bad.npz", HostileInputs.Get("Z9-crc-mismatch.npz"));
        Expect.Failure(Tool.Run("unpack", npz, "-o", _dir["out"]), 3, "bad.npz");
        Assert.Equal(["bad.npz"], _dir.Files());
    }

    [Fact]
    public void A_npy_file_has_nothing_to_unpack()
    {
        string npy = NpyFile.Save(_dir["a.npy"], Samples.Floats());
        Expect.Failure(Tool.Run("unpack", npy, "-o", _dir["out"]), 2, "a.npy");
    }

    [Fact]
    public void The_output_directory_is_required()
    {
        string npz = Samples.WriteMixedNpz(_dir["m.npz"], false);
        CliResult result = Tool.Run("unpack", npz);
        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.ErrLines);
    }

    // Regressions found by running every input of the reliability suite (Npy.Tests/Hostile/HostileInputs) through the
    // tool: unpack copied members out without reading their headers, so a broken or 40 GB-declaring array was
    // extracted (exit 0, or a 40 GB bomb inflated to disk past the timeout), and input that is neither a zip nor a
    // .npy was called a .npy file (exit 2).
    [Theory]
    [InlineData("broken-header.npz")]
    [InlineData("declares-40GB.npz")]
    public void Regression_a_member_whose_header_is_broken_or_over_the_limits_is_refused_before_writing(string name)
    {
        byte[] member = name == "broken-header.npz"
            ? [0x93, .. "NUMPY"u8, 1, 0, 0, 0, (byte)'{', (byte)'}', 0, 0, 0, 0]
            : Samples.HandMadeNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (5000000000,), }", 0);
        string npz = _dir.Write(name, Samples.RawNpz(("ok.npy", Samples.SmallNpy()), ("a.npy", member)));
        Expect.Failure(Tool.Run("unpack", npz, "-o", _dir["out"]), 3, name);
        Assert.Equal([name], _dir.Files());
    }

    [Fact]
    public void Regression_a_member_that_is_not_an_array_is_bounded_by_max_array_bytes()
    {
        string npz = _dir.Write("text.npz", Samples.RawNpz(("readme.txt", new byte[5000])));
        CliResult refused = Tool.Run("unpack", npz, "-o", _dir["out"], "--max-array-bytes", "4096");
        Expect.Failure(refused, 3, "text.npz");
        Assert.Contains("--max-array-bytes", refused.Err, StringComparison.Ordinal);
        Assert.Equal(["text.npz"], _dir.Files());
        Expect.Success(Tool.Run("unpack", npz, "-o", _dir["out"], "--max-array-bytes", "5000"));
        Assert.Equal(5000, new FileInfo(_dir["out/readme.txt"]).Length);
    }

    [Fact]
    public void Regression_input_that_is_neither_a_zip_nor_a_npy_is_invalid_not_a_usage_error()
    {
        string noise = _dir.Write("noise.npz", Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251)).ToArray());
        Expect.Failure(Tool.Run("unpack", noise, "-o", _dir["out"]), 3, "noise.npz");
        string npy = _dir.Write("a.npy", Samples.SmallNpy());
        Expect.Failure(Tool.Run("unpack", npy, "-o", _dir["out"]), 2, "a.npy");
    }
}

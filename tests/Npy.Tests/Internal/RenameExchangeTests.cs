using Npy.Internal;
using Npy.Tests.Helpers;

namespace Npy.Tests.Internal;

public class RenameExchangeTests
{
    [Fact]
    public void An_existing_file_is_replaced_and_the_old_one_deleted()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "renameat2 is Linux's.");
        using var dir = new TempDir();
        string target = dir.File("t.bin");
        string temp = dir.File(".t.bin.tmp-1");
        File.WriteAllBytes(target, [1, 2, 3]);
        File.WriteAllBytes(temp, [4, 5]);
        Assert.True(RenameExchange.TryReplace(temp, target));
        Assert.Equal([4, 5], File.ReadAllBytes(target));
        Assert.Equal(["t.bin"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_symbolic_link_is_replaced_and_what_it_pointed_to_kept()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "renameat2 is Linux's.");
        using var dir = new TempDir();
        string pointee = dir.File("p.bin");
        string link = dir.File("l.bin");
        string temp = dir.File(".l.bin.tmp-1");
        File.WriteAllBytes(pointee, [1]);
        File.CreateSymbolicLink(link, pointee);
        File.WriteAllBytes(temp, [2]);
        Assert.True(RenameExchange.TryReplace(temp, link));
        Assert.Null(new FileInfo(link).LinkTarget);
        Assert.Equal([2], File.ReadAllBytes(link));
        Assert.Equal([1], File.ReadAllBytes(pointee));
        Assert.Equal(["l.bin", "p.bin"], Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order());
    }

    // Nothing to exchange with, or something that is not a file: the caller's plain rename decides (and refuses a
    // directory as before).
    [Fact]
    public void A_missing_target_or_a_directory_is_left_to_the_rename()
    {
        using var dir = new TempDir();
        string temp = dir.File(".x.tmp-1");
        File.WriteAllBytes(temp, [7]);
        Assert.False(RenameExchange.TryReplace(temp, dir.File("missing.bin")));
        string directory = dir.File("d");
        Directory.CreateDirectory(directory);
        Assert.False(RenameExchange.TryReplace(temp, directory));
        Assert.Equal([7], File.ReadAllBytes(temp));
        Assert.True(Directory.Exists(directory));
        Assert.False(File.Exists(dir.File("missing.bin")));
    }

    // A path save over a directory still fails with the rename's IOException and leaves no temporary file.
    [Fact]
    public void An_unflushed_save_over_a_directory_fails_as_a_flushed_one_does()
    {
        using var dir = new TempDir();
        string target = dir.File("d.npz");
        Directory.CreateDirectory(target);
        var array = NpyArray.FromArray(new double[] { 1, 2 });
        foreach (bool flush in new[] { true, false })
        {
            Assert.ThrowsAny<IOException>(() => NpzFile.Write(target, [new("a", array)], [], NpzWriterOptions.Stored with { FlushToDisk = flush }));
        }

        Assert.True(Directory.Exists(target));
        Assert.Empty(Directory.GetFiles(dir.Path));
    }
}

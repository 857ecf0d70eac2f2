using Npy.Tests.Helpers;

namespace Npy.Tests.NpyStreams;

public class NpyFileTests
{
    [Theory]
    [InlineData("x", "x.npy")]
    [InlineData("x.npy", "x.npy")]
    [InlineData("x.NPY", "x.NPY.npy")]
    [InlineData("arr2.dat", "arr2.dat.npy")]
    public void Save_appends_npy_exactly_as_numpy_does(string given, string expected)
    {
        using var dir = new TempDir();
        string written = NpyFile.Save(dir.File(given), new[] { 1, 2 });
        Assert.Equal(dir.File(expected), written);
        Assert.True(File.Exists(written));
        Assert.Equal(new[] { 1, 2 }, NpyFile.Load<int>(written));
    }

    [Fact]
    public async Task Async_save_and_load()
    {
        using var dir = new TempDir();
        string path = await NpyFile.SaveAsync(dir.File("a"), NpyArray.FromArray(new[] { 1.5f, 2.5f }));
        var array = await NpyFile.LoadAsync(path);
        Assert.Equal(new[] { 1.5f, 2.5f }, array.ToArray<float>());
    }

    [Fact]
    public void Load_of_typed_numeric_array_returns_the_read_buffer_itself()
    {
        using var dir = new TempDir();
        string path = NpyFile.Save(dir.File("a"), new double[,] { { 1, 2 }, { 3, 4 } });
        var array = NpyFile.Load(path);
        Assert.True(array.TryGetBackingArray(out double[]? backing));
        Assert.Equal(new double[] { 1, 2, 3, 4 }, backing);
        Assert.Equal([2L, 2], NpyFile.ReadHeader(path).Shape);
    }

    [Fact]
    public void Failed_save_leaves_the_old_file_untouched_and_no_temporary_file()
    {
        using var dir = new TempDir();
        string path = NpyFile.Save(dir.File("keep"), new[] { 7, 8, 9 });
        byte[] before = File.ReadAllBytes(path);
        var objectArray = NpyArray.Create(NpyDType.Parse("|O"), [1]);
        Assert.Throws<NotSupportedException>(() => NpyFile.Save(path, objectArray));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public async Task Cancelled_async_save_leaves_the_old_file_untouched()
    {
        using var dir = new TempDir();
        string path = NpyFile.Save(dir.File("keep"), new[] { 7, 8, 9 });
        byte[] before = File.ReadAllBytes(path);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => NpyFile.SaveAsync(path, NpyArray.FromArray(new double[1 << 20]), cts.Token));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Loading_an_npz_as_npy_says_what_it_is()
    {
        using var dir = new TempDir();
        string path = dir.File("z.npy");
        File.WriteAllBytes(path, [(byte)'P', (byte)'K', 5, 6, .. new byte[18]]);
        var e = Assert.Throws<NpyFormatException>(() => NpyFile.Load(path));
        Assert.Contains("NpzFile", e.Message, StringComparison.Ordinal);
    }
}

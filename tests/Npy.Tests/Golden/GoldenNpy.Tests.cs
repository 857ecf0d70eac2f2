using System.Security.Cryptography;
using Npy.Tests.Infrastructure;

namespace Npy.Tests.Golden;

/// <summary>Every .npy that NumPy wrote (and the Python-2-era files NumPy ships) loads with the right dtype, shape, order and values; our writer reproduces np.save's bytes.</summary>
public class GoldenNpyTests
{
    public static TheoryData<string> NpyPaths() => GoldenData.Paths(f => f.Kind == "npy");

    public static TheoryData<string> SavedPaths() => GoldenData.Paths(f => f.IsNpSaveOutput && f.Array is { IsObject: false });

    [Theory]
    [MemberData(nameof(NpyPaths))]
    public void Loads_with_the_manifest_values(string path)
    {
        GoldenFile file = GoldenData.Get(path);
        GoldenArray expected = file.Array!;
        var limits = NpyLimits.Default with { MaxHeaderBytes = 1 << 20 };
        if (expected.IsObject)
        {
            Assert.Throws<NotSupportedException>(() => NpyFile.Load(file.FullPath, limits));
            return;
        }

        NpyArray array = NpyFile.Load(file.FullPath, limits);
        AssertMatches(expected, array);
    }

    [Theory]
    [MemberData(nameof(SavedPaths))]
    public void Our_writer_reproduces_np_save_byte_for_byte(string path)
    {
        GoldenFile file = GoldenData.Get(path);
        byte[] original = file.ReadAllBytes();
        NpyArray array = NpyFile.Load(file.FullPath, NpyLimits.Default with { MaxHeaderBytes = 1 << 20 });
        var header = array.Header;
        int? version = file.VersionArg is { } v ? v[0] : null;
        byte[] ours = [.. header.Format(version), .. array.Data.Span];
        Assert.Equal(original.Length, ours.Length);
        Assert.Equal(Convert.ToHexString(original), Convert.ToHexString(ours));
    }

    internal static void AssertMatches(GoldenArray expected, NpyArray array)
    {
        Assert.Equal(expected.Descr, array.DType.ToString());
        Assert.Equal(expected.Shape, array.Shape);
        Assert.Equal(expected.FortranOrder, array.FortranOrder);
        byte[] canonical = Interop.NpyInteropTests.Canonical(array);
        if (expected.CanonicalBytes is { } bytes)
        {
            Assert.Equal(Convert.ToHexString(bytes), Convert.ToHexString(canonical));
        }
        else
        {
            Assert.Equal(expected.CanonicalSha256, Convert.ToHexStringLower(SHA256.HashData(canonical)));
        }
    }
}

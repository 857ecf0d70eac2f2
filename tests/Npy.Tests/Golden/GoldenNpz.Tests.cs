using Npy.Tests.Helpers;
using Npy.Tests.Infrastructure;

namespace Npy.Tests.Golden;

/// <summary>Every .npz NumPy wrote (both CPython zip bands, seekable or not, stored or deflated) loads right; savez output is reproduced byte for byte.</summary>
public class GoldenNpzTests
{
    public static TheoryData<string> NpzPaths() => GoldenData.Paths(f => f.Kind == "npz");

    public static TheoryData<string> NewBandSavez() => GoldenData.Paths(f =>
        f.Kind == "npz" && f.Band == "new" && f.Seekable == true && f.Compressed == false && f.Writer.Contains("savez", StringComparison.Ordinal)
        && f.Members is { } m && m.All(x => x.Array is { IsObject: false } && x.MemberName == x.Name + ".npy"));

    private static readonly NpyLimits Limits = NpyLimits.Default with { MaxHeaderBytes = 1 << 20 };

    [Theory]
    [MemberData(nameof(NpzPaths))]
    public void Loads_every_member_with_the_manifest_values(string path)
    {
        GoldenFile file = GoldenData.Get(path);
        using NpzReader archive = NpzFile.Open(file.FullPath, Limits);
        Assert.Equal(file.Members!.Select(m => m.Name), archive.Files);
        foreach (GoldenMember member in file.Members!)
        {
            if (member.Array is null)
            {
                Assert.False(archive.IsArray(member.MemberName));
                Assert.Throws<NpyFormatException>(() => archive[member.MemberName]);
                continue;
            }

            if (member.Array.IsObject)
            {
                Assert.Throws<NotSupportedException>(() => archive[member.MemberName]);
                continue;
            }

            GoldenNpyTests.AssertMatches(member.Array, archive[member.MemberName]);
        }
    }

    [Theory]
    [MemberData(nameof(NewBandSavez))]
    public void Save_reproduces_np_savez_byte_for_byte(string path)
    {
        GoldenFile file = GoldenData.Get(path);
        var named = new List<KeyValuePair<string, NpyArray>>();
        using (NpzReader archive = NpzFile.Open(file.FullPath, Limits))
        {
            foreach (GoldenMember member in file.Members!)
            {
                named.Add(new(member.Name, archive[member.MemberName]));
            }
        }

        using var dir = new TempDir();
        string ours = NpzFile.Save(dir.File("ours"), named);
        Assert.Equal(Convert.ToHexString(file.ReadAllBytes()), Convert.ToHexString(File.ReadAllBytes(ours)));
    }
}

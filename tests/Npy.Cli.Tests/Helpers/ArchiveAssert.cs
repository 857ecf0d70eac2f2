namespace Npy.Cli.Tests.Helpers;

/// <summary>Compares archives by what matters to the tool's contract: member names and order, dtypes, shapes, order and bytes.</summary>
public static class ArchiveAssert
{
    public static void SameMembers(string expectedPath, string actualPath)
    {
        using NpzReader expected = NpzFile.Open(expectedPath);
        using NpzReader actual = NpzFile.Open(actualPath);
        Assert.Equal(expected.Members.Select(m => m.MemberName), actual.Members.Select(m => m.MemberName));
        foreach (NpzMember member in expected.Members)
        {
            if (expected.IsArray(member.MemberName))
            {
                SameArray(expected.Read(member.MemberName), actual.Read(member.MemberName));
            }
            else
            {
                Assert.Equal(expected.ReadBytes(member.MemberName), actual.ReadBytes(member.MemberName));
            }
        }
    }

    public static void SameArray(NpyArray expected, NpyArray actual)
    {
        Assert.Equal(expected.DType.ToString(), actual.DType.ToString());
        Assert.Equal(expected.Shape, actual.Shape);
        Assert.Equal(expected.ToCOrder().Data.ToArray(), actual.ToCOrder().Data.ToArray());
    }

    public static NpzCompression[] Methods(string path)
    {
        using NpzReader reader = NpzFile.Open(path);
        return reader.Members.Select(m => m.Compression).ToArray();
    }
}

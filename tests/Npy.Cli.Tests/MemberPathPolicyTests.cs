using Npy.Cli.Infrastructure;

namespace Npy.Cli.Tests;

/// <summary>The rules <c>npy unpack</c> applies to member names before it writes anything.</summary>
public sealed class MemberPathPolicyTests
{
    [Theory]
    [InlineData("a.npy")]
    [InlineData("nested/dir/w.npy")]
    [InlineData("日本語.npy")]
    [InlineData("name..npy")]
    [InlineData("CONSOLE.npy")]
    [InlineData("x.y.z")]
    public void Safe_names_pass(string name) => Assert.Null(MemberPathPolicy.Problem(name));

    [Theory]
    [InlineData("", "empty")]
    [InlineData("/etc/x.npy", "absolute")]
    [InlineData("../x.npy", "'..'")]
    [InlineData("a/../../x.npy", "'..'")]
    [InlineData("./x.npy", "'.'")]
    [InlineData("a//x.npy", "empty path segment")]
    [InlineData("a\\x.npy", "backslash")]
    [InlineData("C:x.npy", "':'")]
    [InlineData("x.npy:stream", "':'")]
    [InlineData("a\0b.npy", "NUL")]
    [InlineData("a\nb.npy", "control")]
    [InlineData("CON", "device")]
    [InlineData("con.npy", "device")]
    [InlineData("dir/LPT1.txt", "device")]
    [InlineData("COM¹.npy", "device")]
    [InlineData("trailing.", "dot or a space")]
    [InlineData("trailing ", "dot or a space")]
    [InlineData("what?.npy", "'?'")]
    [InlineData("a|b.npy", "'|'")]
    public void Unsafe_names_are_explained(string name, string reason)
    {
        string? problem = MemberPathPolicy.Problem(name);
        Assert.NotNull(problem);
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_segments_are_refused() => Assert.NotNull(MemberPathPolicy.Problem(new string('é', 200) + ".npy"));

    [Fact]
    public void Case_only_collisions_and_file_directory_clashes_are_found()
    {
        Assert.Null(MemberPathPolicy.FindCollision(["a.npy", "b.npy", "d/a.npy"]));
        Assert.Equal(("A.npy", "a.npy"), MemberPathPolicy.FindCollision(["A.npy", "a.npy"]));
        Assert.Equal(("d", "D/x.npy"), MemberPathPolicy.FindCollision(["d", "D/x.npy"]));
        Assert.Equal(("d/x.npy", "D"), MemberPathPolicy.FindCollision(["d/x.npy", "D"]));
    }
}

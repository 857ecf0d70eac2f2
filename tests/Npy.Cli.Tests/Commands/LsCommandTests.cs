using System.Text.Json;
using Npy.Cli.Tests.Helpers;

namespace Npy.Cli.Tests.Commands;

public sealed class LsCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Table_lists_every_member_in_archive_order()
    {
        string npz = Samples.WriteMixedNpz(_dir["mixed.npz"], compressed: true);
        CliResult result = Tool.Run("ls", npz);
        Expect.Success(result);
        string[] lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("name", lines[0].TrimStart(), StringComparison.Ordinal);
        string[] names = lines.Skip(1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]).ToArray();
        Assert.Equal(["a", "b", "c", "s", "t", "nested/w", "readme.txt"], names);
        Assert.Contains("<f8", lines[1], StringComparison.Ordinal);
        Assert.Contains("(3, 4)", lines[1], StringComparison.Ordinal);
        Assert.Contains("deflate", lines[1], StringComparison.Ordinal);
        Assert.Contains("[('x', '<i4'), ('y', '<f8')]", lines[4], StringComparison.Ordinal);
    }

    [Fact]
    public void Json_has_the_documented_shape()
    {
        string npz = Samples.WriteMixedNpz(_dir["mixed.npz"], compressed: false);
        CliResult result = Tool.Run("ls", npz, "--json");
        Expect.Success(result);
        Assert.Contains("\"<f8\"", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u003C", result.Out, StringComparison.Ordinal);
        using JsonDocument doc = JsonDocument.Parse(result.Out);
        JsonElement root = doc.RootElement;
        Assert.Equal(["file", "members"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(npz, root.GetProperty("file").GetString());
        JsonElement[] members = root.GetProperty("members").EnumerateArray().ToArray();
        Assert.Equal(7, members.Length);
        foreach (JsonElement m in members)
        {
            Assert.Equal(["name", "dtype", "shape", "fortran_order", "nbytes", "compressed_bytes", "method"], m.EnumerateObject().Select(p => p.Name));
        }

        JsonElement a = members[0];
        Assert.Equal("a", a.GetProperty("name").GetString());
        Assert.Equal("<f8", a.GetProperty("dtype").GetString());
        Assert.Equal([3, 4], a.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
        Assert.False(a.GetProperty("fortran_order").GetBoolean());
        Assert.Equal(96, a.GetProperty("nbytes").GetInt64());
        Assert.Equal("stored", a.GetProperty("method").GetString());
        Assert.True(a.GetProperty("compressed_bytes").GetInt64() > 96);

        JsonElement readme = members[6];
        Assert.Equal("readme.txt", readme.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, readme.GetProperty("dtype").ValueKind);
        Assert.Equal(JsonValueKind.Null, readme.GetProperty("shape").ValueKind);
    }

    [Fact]
    public void Npy_file_is_one_member_named_after_the_file()
    {
        string npy = NpyFile.Save(_dir["weights.npy"], Samples.Floats());
        CliResult result = Tool.Run("ls", npy, "--json");
        Expect.Success(result);
        using JsonDocument doc = JsonDocument.Parse(result.Out);
        JsonElement m = doc.RootElement.GetProperty("members")[0];
        Assert.Equal("weights", m.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, m.GetProperty("method").ValueKind);
        Assert.Equal(new FileInfo(npy).Length, m.GetProperty("compressed_bytes").GetInt64());

        CliResult table = Tool.Run("ls", npy);
        Expect.Success(table);
        Assert.Matches(@"weights\s+<f8\s+\(3, 4\)\s+C\s+96\s+\d+\s+-\s+-", table.Out);
    }

    [Fact]
    public void Fortran_order_is_reported()
    {
        var array = new NpyArray(NpyDType.Float64, [2, 3], true, new byte[48]);
        string npy = NpyFile.Save(_dir["f.npy"], array);
        CliResult result = Tool.Run("ls", npy, "--json");
        Expect.Success(result);
        Assert.Contains("\"fortran_order\": true", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Dash_reads_standard_input()
    {
        string npz = Samples.WriteMixedNpz(_dir["mixed.npz"], compressed: true);
        CliResult result = Tool.RunWithInput(File.ReadAllBytes(npz), "ls", "-", "--json");
        Expect.Success(result);
        Assert.Contains("\"file\": \"-\"", result.Out, StringComparison.Ordinal);
        Assert.Contains("\"nested/w\"", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Object_arrays_are_listed_but_not_loaded()
    {
        string npy = _dir.Write("obj.npy", HostileInputs.Get("N15-object.npy"));
        CliResult result = Tool.Run("ls", npy, "--json");
        Expect.Success(result);
        Assert.Contains("\"dtype\": \"|O\"", result.Out, StringComparison.Ordinal);
        Expect.Failure(Tool.Run("show", npy), 3, "obj.npy");
    }

    [Fact]
    public void Missing_file_is_an_io_error()
    {
        Expect.Failure(Tool.Run("ls", _dir["absent.npz"]), 4, "absent.npz");
    }
}

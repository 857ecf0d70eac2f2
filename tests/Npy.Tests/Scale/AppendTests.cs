using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Npy.Tests.Helpers;

namespace Npy.Tests.Scale;

public class AppendTests
{
    private static Dictionary<string, NpyArray> Arrays(params (string Name, int Length)[] specs) =>
        specs.ToDictionary(s => s.Name, s => NpyArray.FromArray(Enumerable.Range(0, s.Length).Select(i => (double)i + s.Length).ToArray()));

    private static string[] Journals(TempDir dir) => Directory.GetFiles(dir.Path, ".*.append-*");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Appended_members_follow_the_old_bytes_unchanged_and_every_reader_sees_all(bool compressedBase)
    {
        using var dir = new TempDir();
        string path = dir.File("a.npz");
        var first = Arrays(("x", 10), ("y", 100_000));
        if (compressedBase)
        {
            NpzFile.SaveCompressed(path, first);
        }
        else
        {
            NpzFile.Save(path, first);
        }

        byte[] before = File.ReadAllBytes(path);
        NpzFile.Append(path, Arrays(("z", 5)), NpzWriterOptions.Stored);
        NpzFile.Append(path, Arrays(("w", 300_000), ("v", 0)), NpzWriterOptions.Compressed with { ChunkSize = 64 << 10 });
        using (var w = NpzWriter.OpenAppend(path, NpzWriterOptions.Stored with { AlignData = true }))
        {
            w.WriteArray<double>("u", new NpyHeader(NpyDType.Float64, [3], false), [new double[] { 1, 2, 3 }.AsMemory()]);
        }

        byte[] after = File.ReadAllBytes(path);
        Assert.Equal(before, after.AsSpan(0, before.Length).ToArray());
        Assert.Empty(Journals(dir));
        using (NpzReader npz = NpzFile.Open(path))
        {
            Assert.Equal(["x", "y", "z", "w", "v", "u"], npz.Files);
            foreach (var (k, a) in first.Concat(Arrays(("z", 5), ("w", 300_000), ("v", 0))))
            {
                Assert.Equal(a.Data.ToArray(), npz[k].Data.ToArray());
            }

            using var map = NpyMemoryMap.OpenMember(path, "u", verifyCrc: true);
            Assert.Equal(0, map.DataOffset % 64);
        }

        using (var zip = ZipFile.OpenRead(path))
        {
            Assert.Equal(6, zip.Entries.Count);
        }

        ExternalTools.RequireNumpy();
        string script = "import numpy as np, zipfile\n" +
            $"assert zipfile.ZipFile('{path}').testzip() is None\n" +
            $"d = np.load('{path}')\nprint(','.join(d.files), d['w'][-1], d['u'].tolist())\n";
        Assert.Equal("x,y,z,w,v,u 599999.0 [1.0, 2.0, 3.0]", Encoding.UTF8.GetString(ExternalTools.Python(script)).Trim());
    }

    [Fact]
    public void Name_collisions_and_failures_leave_the_archive_unchanged()
    {
        using var dir = new TempDir();
        string path = NpzFile.Save(dir.File("a.npz"), Arrays(("x", 3)));
        byte[] before = File.ReadAllBytes(path);

        Assert.Throws<ArgumentException>(() => NpzFile.Append(path, Arrays(("new", 3), ("x", 4))));
        Assert.Equal(before, File.ReadAllBytes(path));

        Assert.Throws<InvalidOperationException>(() => NpzFile.Append(path, w =>
        {
            w.Add("ok", new[] { 1 });
            w.WriteArray<int>("short", new NpyHeader(NpyDType.Int32, [10], false), [new int[9].AsMemory()]);
        }));
        Assert.Equal(before, File.ReadAllBytes(path));

        Assert.Throws<FormatException>(() => NpzFile.Append(path, w =>
        {
            w.Add("big", new byte[10 << 20]);
            throw new FormatException("caller failed");
        }));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Empty(Journals(dir));
        Assert.False(NpzFile.Recover(path));
    }

    [Fact]
    public void A_reader_during_an_append_sees_the_old_archive_and_a_second_appender_is_refused()
    {
        using var dir = new TempDir();
        string path = NpzFile.Save(dir.File("a.npz"), Arrays(("x", 3)));
        using (var w = NpzWriter.OpenAppend(path, NpzWriterOptions.Stored))
        {
            w.Add("y", new byte[3 << 20]);
            w.Flush();
            Assert.Single(Journals(dir));
            using (NpzReader npz = NpzFile.Open(path))
            {
                Assert.Equal(["x"], npz.Files);
                Assert.Equal(3, npz.Read<double>("x").Length);
            }

            Assert.Throws<IOException>(() => NpzFile.Append(path, Arrays(("z", 1))));
            Assert.Throws<IOException>(() => NpzFile.Recover(path));
        }

        using (NpzReader npz = NpzFile.Open(path))
        {
            Assert.Equal(["x", "y"], npz.Files);
        }
    }

    [Fact]
    public void Killing_the_appending_process_repeatedly_never_loses_old_members()
    {
        using var dir = new TempDir();
        string path = NpzFile.Save(dir.File("a.npz"), Arrays(("base", 1000)));
        string child = Path.Combine(AppContext.BaseDirectory, "Npy.AppendChild.dll");
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var random = new Random(6);
        int known = 1;
        int torn = 0;
        for (int round = 0; round < 12; round++)
        {
            var psi = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, UseShellExecute = false };
            psi.ArgumentList.Add(child);
            psi.ArgumentList.Add(path);
            psi.ArgumentList.Add((round * 1000).ToString(System.Globalization.CultureInfo.InvariantCulture));
            using (var p = Process.Start(psi)!)
            {
                // Wait for the first completed append (the runtime start-up takes a while), then kill at a random moment.
                string? line = p.StandardOutput.ReadLine();
                Assert.True(line is not null && line.StartsWith("appended", StringComparison.Ordinal), $"child said: {line}");
                Thread.Sleep(random.Next(5, 120));
                p.Kill(entireProcessTree: true);
                p.WaitForExit();
            }

            if (Journals(dir).Length > 0)
            {
                torn++;
            }

            using (NpzReader npz = NpzFile.Open(path))
            {
                Assert.True(npz.Count >= known + 1, $"round {round}: {npz.Count} members, {known} before");
                Assert.Equal(1000, npz.Read<double>("base").Length);
                foreach (NpzMember m in npz.Members)
                {
                    _ = npz.ReadBytes(m.MemberName); // CRC-checked
                }

                known = npz.Count;
            }

            if (round % 3 == 2)
            {
                NpzFile.Recover(path);
                Assert.Empty(Journals(dir));
            }
        }

        NpzFile.Recover(path);
        using (NpzReader npz = NpzFile.Open(path))
        {
            Assert.Equal(known, npz.Count);
        }

        TestContext.Current.SendDiagnosticMessage($"append kill test: {known} members after 12 kills, {torn} kills left a torn tail");
        ExternalTools.RequireNumpy();
        string script = "import numpy as np, zipfile\n" +
            $"assert zipfile.ZipFile('{path}').testzip() is None\n" +
            $"d = np.load('{path}')\nprint(len(d.files))\n";
        Assert.Equal(known.ToString(System.Globalization.CultureInfo.InvariantCulture), Encoding.UTF8.GetString(ExternalTools.Python(script)).Trim());
        Assert.True(torn > 0, "no kill landed inside an append; the test did not exercise recovery");
    }
}

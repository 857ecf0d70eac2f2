using System.Security.Cryptography;

namespace Npy.Tests.Infrastructure;

/// <summary>Checks the golden manifest against the files, and (with NumPy) against NumPy itself.</summary>
public sealed class GoldenDataTests
{
    [Fact]
    public void Manifest_loads_with_schema_1()
    {
        Assert.Equal(1, GoldenData.Manifest.Schema);
        Assert.Equal("1.24.2", GoldenData.Manifest.NumPyVersion);
        Assert.NotEmpty(GoldenData.NpyFiles);
        Assert.NotEmpty(GoldenData.NpzFiles);
    }

    [Fact]
    public void Every_listed_file_exists_with_its_size_and_hash()
    {
        foreach (GoldenFile file in GoldenData.Files)
        {
            Assert.True(File.Exists(file.FullPath), $"{file.Path} is listed but missing.");
            byte[] bytes = file.ReadAllBytes();
            Assert.True(file.Size == bytes.Length, $"{file.Path}: size {bytes.Length}, manifest {file.Size}.");
            Assert.True(file.Sha256 == Hex(SHA256.HashData(bytes)), $"{file.Path}: SHA-256 differs from the manifest.");
        }
    }

    [Fact]
    public void Every_data_file_is_listed_once()
    {
        var listed = GoldenData.Files.Select(f => f.Path).ToList();
        Assert.Equal(listed.Count, listed.Distinct(StringComparer.Ordinal).Count());
        var onDisk = GoldenData.DataFolders
            .SelectMany(folder => Directory.EnumerateFiles(GoldenData.TestDataPath(folder))
                .Where(p => p.EndsWith(".npy", StringComparison.Ordinal) || p.EndsWith(".npz", StringComparison.Ordinal))
                .Select(p => folder + "/" + Path.GetFileName(p)))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(onDisk, listed.Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public void Arrays_are_internally_consistent()
    {
        foreach ((string where, GoldenArray array) in AllArrays())
        {
            Assert.True(array.HeaderVersion is [1 or 2 or 3, 0], $"{where}: version {string.Join('.', array.HeaderVersion)}.");
            Assert.Equal((array.Major == 1 ? 10 : 12) + array.HeaderLength, array.DataOffset);
            Assert.True(array.Count == array.Shape.Aggregate(1L, (a, b) => checked(a * b)), $"{where}: count vs shape.");
            if (array.IsObject)
            {
                Assert.Null(array.CanonicalBytes);
                continue;
            }

            Assert.NotNull(array.ItemSize);
            Assert.NotNull(array.CanonicalSha256);
            if (array.CanonicalBytes is { } canonical)
            {
                Assert.True(canonical.Length == array.Count * array.ItemSize!.Value, $"{where}: canonical length.");
                Assert.Equal(array.CanonicalSha256, Hex(SHA256.HashData(canonical)));
            }
        }
    }

    [Fact]
    public void Little_endian_c_order_files_hold_the_canonical_bytes_after_the_header()
    {
        // An independent check of the manifest that needs no Python: for these files the data section is the
        // canonical form verbatim.
        int checkedFiles = 0;
        foreach (GoldenFile file in GoldenData.NpyFiles)
        {
            GoldenArray array = file.Array!;
            if (array.IsObject || array.FortranOrder || array.Descr.Contains('>') || array.CanonicalBytes is null)
            {
                continue;
            }

            byte[] bytes = file.ReadAllBytes();
            int offset = checked((int)array.DataOffset);
            Assert.True(bytes.AsSpan(offset, array.CanonicalBytes.Length).SequenceEqual(array.CanonicalBytes),
                $"{file.Path}: data differs from c_order_le_b64.");
            checkedFiles++;
        }

        Assert.True(checkedFiles > 50, $"only {checkedFiles} files were comparable");
    }

    [Fact]
    public void Np_save_outputs_are_64_byte_aligned_and_end_with_the_data()
    {
        foreach (GoldenFile file in GoldenData.Files.Where(f => f.IsNpSaveOutput))
        {
            GoldenArray array = file.Array!;
            Assert.True(array.DataOffset % 64 == 0, $"{file.Path}: data offset {array.DataOffset}.");
            Assert.Equal(file.Size, array.DataOffset + (array.Count * array.ItemSize!.Value));
        }
    }

    [Fact]
    public void Npz_files_carry_band_and_member_facts()
    {
        foreach (GoldenFile file in GoldenData.NpzFiles)
        {
            Assert.NotNull(file.Members);
            Assert.NotNull(file.Seekable);
            Assert.NotNull(file.Compressed);
            if (!file.Path.StartsWith("numpy-shipped/", StringComparison.Ordinal))
            {
                Assert.True(file.Band is "old" or "new", $"{file.Path}: band '{file.Band}'.");
                Assert.EndsWith("_" + file.Band + ".npz", file.Path, StringComparison.Ordinal);
            }

            foreach (GoldenMember member in file.Members)
            {
                Assert.True((member.Array is null) != (member.RawBytes is null), $"{file.Path}:{member}: array xor raw.");
                Assert.NotNull(member.Zip);
                Assert.Equal(member.MemberName.EndsWith(".npy", StringComparison.Ordinal)
                    ? member.MemberName[..^4] : member.MemberName, member.Name);
            }
        }
    }

    [Fact]
    public void NumPy_rereads_every_file_as_the_manifest_says()
    {
        NumPyOracle.RequireOrSkip();
        string output = NumPyOracle.RunProcess(NumPyOracle.OldBandPython,
            GoldenData.TestDataPath("generate_golden.py"), "check", GoldenData.TestDataPath());
        Assert.StartsWith("ok ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Regenerating_reproduces_every_file_byte_for_byte()
    {
        NumPyOracle.RequireNewBandOrSkip();
        string temp = Path.Combine(Path.GetTempPath(), "npy-golden-" + Guid.NewGuid().ToString("N"));
        try
        {
            NumPyOracle.RunProcess("/bin/sh", GoldenData.TestDataPath("regenerate.sh"), temp);
            foreach (GoldenFile file in GoldenData.Files)
            {
                byte[] fresh = File.ReadAllBytes(Path.Combine([temp, .. file.Path.Split('/')]));
                Assert.True(fresh.AsSpan().SequenceEqual(file.ReadAllBytes()), $"{file.Path} is not reproduced.");
            }

            Assert.Equal(
                File.ReadAllText(GoldenData.TestDataPath(GoldenData.ManifestFileName)),
                File.ReadAllText(Path.Combine(temp, GoldenData.ManifestFileName)));
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
        }
    }

    private static IEnumerable<(string Where, GoldenArray Array)> AllArrays()
    {
        foreach (GoldenFile file in GoldenData.Files)
        {
            if (file.Array is not null)
            {
                yield return (file.Path, file.Array);
            }

            foreach (GoldenMember member in file.Members ?? [])
            {
                if (member.Array is not null)
                {
                    yield return (file.Path + ":" + member.MemberName, member.Array);
                }
            }
        }
    }

    private static string Hex(byte[] hash) => Convert.ToHexStringLower(hash);
}

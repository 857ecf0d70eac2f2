using System.Text;
using CsCheck;
using Npy.Tests.Hostile;
using HostileCases = Npy.Tests.Hostile.Hostile;
using Npy.Tests.Zip;

namespace Npy.Tests.Npz;

/// <summary>Small members are read whole into a pooled buffer; every outcome must equal the streaming path's.</summary>
public class NpzSmallMemberTests
{
    private static readonly string[] s_descrs = ["<f4", "<f8", ">i2", "|b1", "|u1", "<c8", "|S3", "<U2"];

    private static readonly Gen<(string Name, byte[] Bytes, bool Deflate, int LocalExtra)> s_memberGen =
        from kind in Gen.Int[0, 5]
        from descr in Gen.Int[0, s_descrs.Length - 1]
        from dims in Gen.Int[0, 5].Array[0, 3]
        from fortran in Gen.Bool
        from seed in Gen.Int
        from deflate in Gen.Bool
        from localExtra in Gen.OneOfConst(0, 0, 0, 8, 200)
        select (kind == 0 ? $"text{seed & 0xFF}.txt" : $"m{seed & 0xFFFF}", kind == 0 ? Encoding.ASCII.GetBytes("not an array " + seed) : Npy(s_descrs[descr], dims, fortran, seed), deflate, localExtra);

    private static readonly Gen<byte[]> s_archiveGen = s_memberGen.Array[1, 5].Select(members =>
    {
        var forger = new ZipForger();
        var names = new HashSet<string>();
        foreach (var (name, bytes, deflate, localExtra) in members)
        {
            string unique = names.Add(name) ? name + ".npy" : $"{name}_{names.Count}.npy";
            names.Add(unique);
            ForgedMember m = deflate ? forger.Deflated(unique, bytes) : forger.Stored(unique, bytes);
            m.LocalExtra = localExtra == 0 ? [] : [0xFE, 0xCA, (byte)(localExtra - 4), 0, .. new byte[localExtra - 4]];
        }

        return forger.Build();
    });

    [Fact]
    public void Valid_small_members_read_the_same_both_ways()
    {
        s_archiveGen.Sample(archive => Assert.Equal(Outcome(archive, whole: false), Outcome(archive, whole: true)), iter: 300);
    }

    [Fact]
    public void Corrupted_small_members_fail_the_same_way_both_ways()
    {
        Gen<(byte[] Archive, (int Position, byte Value)[] Edits)> gen =
            from archive in s_archiveGen
            from edits in Gen.Select(Gen.Double[0, 1], Gen.Byte).Array[1, 4]
            select (archive, edits.Select(e => ((int)(e.Item1 * e.Item1 * archive.Length * 0.98), e.Item2)).ToArray());

        gen.Sample((archive, edits) =>
        {
            byte[] mutated = (byte[])archive.Clone();
            foreach (var (position, value) in edits)
            {
                mutated[position] = value;
            }

            Assert.Equal(Outcome(mutated, whole: false), Outcome(mutated, whole: true));
        }, iter: 3000);
    }

    [Theory]
    [MemberData(nameof(HostileArchives))]
    public void Hostile_archives_fail_the_same_way_both_ways(string name)
    {
        byte[] archive = HostileInputs.All[name].Build();
        Assert.Equal(Outcome(archive, whole: false), Outcome(archive, whole: true));
    }

    public static TheoryData<string> HostileArchives() =>
        [.. HostileInputs.All.Values.Where(c => c.Extension == "npz" && !c.Name.Contains("GB", StringComparison.Ordinal) && !c.Name.Contains("GiB", StringComparison.Ordinal)).Select(c => c.Name)];

    [Fact]
    public void Runs_of_small_members_read_in_batches_match_the_streaming_path()
    {
        // 100 members: small ones in runs longer than a batch, large ones (over 64 KiB) breaking the runs, a long local
        // extra field, a text member, stored and deflated; then the same archive with single bytes damaged.
        var forger = new ZipForger();
        for (int i = 0; i < 100; i++)
        {
            byte[] npy = i % 37 == 36 ? Npy("<f8", [9000], false, i) : Npy("<f4", [i % 5, 3], false, i);
            ForgedMember m = i % 3 == 0 ? forger.Stored($"m{i}.npy", npy) : forger.Deflated($"m{i}.npy", npy);
            if (i == 50)
            {
                m.LocalExtra = [0xFE, 0xCA, 0xFC, 0x03, .. new byte[0x3FC]];
            }
        }

        forger.Stored("notes.txt", "a text member longer than the probe"u8.ToArray());
        byte[] archive = forger.Build();
        Assert.Equal(Outcome(archive, whole: false), Outcome(archive, whole: true));
        Gen.Select(Gen.Int[0, archive.Length - 1], Gen.Byte).Sample((at, value) =>
        {
            byte[] damaged = (byte[])archive.Clone();
            damaged[at] = value;
            Assert.Equal(Outcome(damaged, whole: false), Outcome(damaged, whole: true));
        }, iter: 200);
    }

    [Fact]
    public void A_deflated_member_with_no_compressed_bytes_fails_the_same_way_both_ways()
    {
        // Found by Corrupted_small_members_fail_the_same_way_both_ways (seed 5OQp3yKihjd3): an empty deflate stream
        // on the whole-member path let an ArgumentNullException escape.
        var forger = new ZipForger();
        var member = forger.Deflated("a.npy", HostileCases.ValidF8(5));
        member.Data = [];
        member.CentralCompressedSize = 0;
        forger.Stored("b.npy", HostileCases.ValidF8(3));
        byte[] archive = forger.Build();
        string outcome = Outcome(archive, whole: true);
        Assert.Equal(Outcome(archive, whole: false), outcome);
        Assert.Contains("a: NpzFormatException", outcome, StringComparison.Ordinal);
    }

    [Fact]
    public void A_small_member_with_a_long_local_extra_field_is_read_with_a_second_read()
    {
        var forger = new ZipForger();
        byte[] npy = HostileCases.ValidF8(5);
        forger.Deflated("a.npy", npy).LocalExtra = [0xFE, 0xCA, 0xFC, 0x03, .. new byte[0x3FC]];
        forger.Stored("b.npy", npy).LocalExtra = [0xFE, 0xCA, 0xFC, 0x03, .. new byte[0x3FC]];
        using NpzReader reader = NpzReader.Open(new MemoryStream(forger.Build()));
        Assert.Equal(new[] { 0, 0.5, 1, 1.5, 2 }, reader.Read<double>("a"));
        Assert.Equal(new[] { 0, 0.5, 1, 1.5, 2 }, reader.Read<double>("b"));
    }

    [Fact]
    public void A_bad_crc_in_a_small_member_is_reported_and_a_bad_crc_in_a_text_member_is_skipped_as_before()
    {
        var forger = new ZipForger();
        forger.Deflated("a.npy", HostileCases.ValidF8(5)).Crc = 1;
        forger.Stored("notes.txt", "a text member longer than the probe"u8.ToArray()).Crc = 2;
        forger.Stored("b.npy", HostileCases.ValidF8(3));
        byte[] archive = forger.Build();
        using NpzReader reader = NpzReader.Open(new MemoryStream(archive));
        HostileCases.Throws<NpzFormatException>(() => reader.Read("a"), "CRC-32 mismatch in 'a.npy'");
        HostileCases.Throws<NpzFormatException>(() => reader.ReadAll(), "CRC-32 mismatch in 'a.npy'");
        Assert.Equal(Outcome(archive, whole: false), Outcome(archive, whole: true));
    }

    [Fact]
    public void Reading_on_a_file_uses_positional_reads_from_several_threads()
    {
        string path = Path.Combine(Path.GetTempPath(), $"npy-small-{Guid.NewGuid():N}.npz");
        try
        {
            var arrays = Enumerable.Range(0, 2000).Select(i => new KeyValuePair<string, NpyArray>($"a{i:D5}", NpyArray.FromArray(Enumerable.Range(i, 16).Select(x => (float)x).ToArray()))).ToList();
            NpzFile.SaveCompressed(path, arrays);
            Dictionary<string, NpyArray> loaded = NpzFile.Load(path);
            Assert.Equal(2000, loaded.Count);
            foreach (var (key, array) in arrays)
            {
                Assert.Equal(array.ToArray<float>(), loaded[key].ToArray<float>());
            }

            using NpzReader reader = NpzFile.Open(path);
            Assert.Equal(arrays[1234].Value.ToArray<float>(), reader.Read<float>("a01234"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static byte[] Npy(string descr, int[] dims, bool fortran, int seed)
    {
        var header = new NpyHeader(NpyDType.Parse(descr), dims.Select(d => (long)d).ToArray(), fortran);
        byte[] prefix = header.Format();
        byte[] data = new byte[header.DataLength];
        new Random(seed).NextBytes(data);
        if (descr == "|b1")
        {
            for (int i = 0; i < data.Length; i++)
            {
                data[i] &= 1;
            }
        }

        return [.. prefix, .. data];
    }

    // Everything a caller can observe: each key read on its own, then ReadAll.
    private static string Outcome(byte[] archive, bool whole)
    {
        var sb = new StringBuilder();
        NpzReader reader;
        try
        {
            reader = NpzReader.Open(new MemoryStream(archive, writable: false));
        }
        catch (Exception e)
        {
            return $"open: {e.GetType().Name}: {e.Message}";
        }

        using (reader)
        {
            reader.ReadsSmallMembersWhole = whole;
            foreach (string key in reader.Files)
            {
                sb.Append(key).Append(": ").AppendLine(Attempt(() => Describe(reader.Read(key))));
            }

            sb.Append("all: ").AppendLine(Attempt(() => string.Join("; ", reader.ReadAll(1).Select(p => p.Key + "=" + Describe(p.Value)))));
        }

        return sb.ToString();
    }

    private static string Attempt(Func<string> read)
    {
        try
        {
            return read();
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
    }

    private static string Describe(NpyArray a) =>
        $"{a.DType} [{string.Join(",", a.Shape)}] {a.FortranOrder} {Convert.ToHexString(a.Data.Span)}";
}

using System.Text;
using Npy.Tests.Format;
using Npy.Tests.Zip;

namespace Npy.Tests.Hostile;

/// <summary>
/// Every hostile input of the §6.1 (.npy) and §6.2 (.npz) tables in one list, built with the same builders as the
/// table tests (<see cref="Hostile"/>, <see cref="HeaderBytes"/>, <see cref="ZipForger"/>, <see cref="DeflateBomb"/>,
/// <see cref="NpzHostileInputTests.Bomb"/>) and the child-process cases of <see cref="ChildProcessTests"/>.
/// </summary>
/// <remarks>
/// Left out: inputs that are valid and load (N4's 200 KB header with a raised limit, N9's Python 2 <c>L</c> suffix,
/// N11's zero dimension among huge ones, N14's trailing bytes, N18's bool bytes, Z10's trailing bytes under a good
/// CRC, Z13's numpy archives, Z17's prepended junk); Z14's sparse files of 4 GiB ± 1 and 5 GiB (too large to write
/// per run: its 5 GiB declared member is here as a bomb instead); Z18 (standard input, the CLI tests' own case); and two inputs the tool reads correctly because it
/// goes by content, not by the name: N1's empty zip named .npy (an empty archive) and Z1's .npy named .npz.
/// Child-process cases that differ only in the limits they ran with (", trusted", ", no depth limit") appear once:
/// the tool runs with its default limits.
/// </remarks>
internal static class HostileInputs
{
    private static readonly byte[] s_magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>The child-process cases whose fault is in data <c>ls</c> does not read (it peeks at headers only).</summary>
    private static readonly HashSet<string> s_childCasesListedByLs = ["Z4 1 KiB declared, 10 GB inflated", TextMemberCase];

    /// <summary>The one child-process case <c>show</c> describes without reading: its member is text, not an array.</summary>
    private const string TextMemberCase = "Z16 8 GB text member";

    private static readonly Lazy<IReadOnlyDictionary<string, HostileInput>> s_all = new(() => Build().ToDictionary(c => c.Name));

    /// <summary>Gets every input by case name.</summary>
    public static IReadOnlyDictionary<string, HostileInput> All => s_all.Value;

    /// <summary>Gets the case names (for theories).</summary>
    public static TheoryData<string> Names() => [.. All.Keys];

    private static byte[] Pickle => [0x80, 0x02, (byte)'c', (byte)'o', (byte)'s', (byte)'\n', (byte)'s', (byte)'y', (byte)'s', (byte)'t', (byte)'e', (byte)'m', (byte)'\n', .. new byte[100]];

    private static IEnumerable<HostileInput> Build()
    {
        foreach (var (name, (mode, _, input)) in ChildProcessTests.Inputs)
        {
            if (!name.EndsWith(", trusted", StringComparison.Ordinal) && !name.EndsWith(", no depth limit", StringComparison.Ordinal))
            {
                yield return new HostileInput(name, mode, input, s_childCasesListedByLs.Contains(name), name == TextMemberCase);
            }
        }

        // §6.1
        yield return NpyCase("N1 empty file", () => []);
        yield return NpyCase("N1 five bytes of magic", () => s_magic[..5]);
        yield return NpyCase("N1 PNG header", () => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R']);
        yield return NpyCase("N1 ten zero bytes", () => new byte[10]);
        yield return NpyCase("N1 zip local header named .npy", () => "PK\u0003\u0004\u0014\0\0\0"u8.ToArray());
        foreach (var (major, minor) in new (byte, byte)[] { (4, 0), (1, 1), (0, 0) })
        {
            yield return NpyCase($"N2 version {major}.{minor}", () => Patched(Hostile.ValidF8(3), b => (b[6], b[7]) = (major, minor)));
        }

        yield return NpyCase("N3 65528-byte header in 20 bytes, default limits", () => [.. s_magic, 1, 0, 0xF8, 0xFF, .. "{'descr':"u8, 0]);
        yield return NpyCase("N4 valid 200 KB header over the default limit", () =>
            Hostile.Valid(NpyArray.Create(NpyDType.Structured(Enumerable.Range(0, 10001).Select(i => new NpyField($"f{i}", NpyDType.Float64, i * 8))), [2])));
        yield return NpyCase("N6 unterminated header", () => HeaderBytes.Make("{'descr': '<f4', 'shape': (3,"));
        yield return NpyCase("N6 header not a dict", () => HeaderBytes.Make("[1,2]\n"));
        yield return NpyCase("N6 bad UTF-8 in a v3 header", () =>
            HeaderBytes.MakeRaw([.. "{'descr': [('"u8, 0xFF, .. "', '<i4')], 'fortran_order': False, 'shape': (1,), }\n"u8, 0, 0, 0, 0], 3));
        foreach (var (label, dict) in new[]
        {
            ("missing key", "{'descr': '<f8', 'shape': (2,)}"),
            ("extra key", "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'extrakey': -1}"),
            ("duplicate key", "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'shape': (3,)}"),
            ("fortran_order 1", "{'descr': '<f8', 'fortran_order': 1, 'shape': (2,)}"),
            ("fortran_order 'False'", "{'descr': '<f8', 'fortran_order': 'False', 'shape': (2,)}"),
            ("fortran_order None", "{'descr': '<f8', 'fortran_order': None, 'shape': (2,)}"),
        })
        {
            yield return NpyCase($"N7 {label}", () => [.. HeaderBytes.Make(dict + "\n"), .. new byte[16]]);
        }

        yield return NpyCase("N8 shape (-1,)", () => Hostile.Npy("(-1,)", data: new byte[64]));
        yield return NpyCase("N8 shape (3, -2)", () => Hostile.Npy("(3, -2)", data: new byte[64]));
        foreach (string shape in new[] { "(3.0,)", "('3',)", "(True,)", "(0x10,)", "(1_000,)" })
        {
            yield return NpyCase($"N9 shape {shape}", () => Hostile.Npy(shape, data: new byte[8192]));
        }

        yield return NpyCase("N9 long suffix in a v3 header", () => Hostile.Npy("(2L,)", data: new byte[16], version: 3));
        yield return NpyCase("N10 65 dimensions", () => Hostile.Npy("(" + string.Join(", ", Enumerable.Repeat("1", 65)) + ")", data: new byte[8]));
        yield return NpyCase("N11 byte size overflow", () => Hostile.Npy("(2305843009213693952,)", data: new byte[64]));
        yield return NpyCase("N13 last byte cut", () => Hostile.ValidF8(10)[..^1]);
        yield return NpyCase("N15 object array", () => [.. Hostile.Npy("(3,)", "'|O'"), .. Pickle], listedByLs: true);
        yield return NpyCase("N15 structured with an object field", () => [.. Hostile.Npy("(3,)", "[('a', '<i4'), ('b', '|O')]"), .. Pickle], listedByLs: true);
        foreach (string descr in new[] { "'<f3'", "'<q16'", "'<U-1'", "'<U99999999999'", "'|S2147483648'" })
        {
            yield return NpyCase($"N16 descr {descr}", () => Hostile.Npy("(3,)", descr, new byte[64]));
        }

        yield return NpyCase("N16 U600000000 overflowing int32", () => Hostile.Npy("(1,)", "'<U600000000'"));
        yield return NpyCase("N17 structured dtype 40 deep", () => Hostile.DeepStructured(40));

        // §6.2
        yield return NpzCase("Z1 cut in half", () =>
        {
            byte[] bytes = Forge(f => f.Stored("a.npy", Hostile.ValidF8(6)));
            return bytes[..(bytes.Length / 2)];
        });
        yield return NpzCase("Z1 directory offset out of bounds", () => Forge(f => f.Stored("a.npy", Hostile.ValidF8(6)), new ZipForger { DirectoryOffset = 1_000_000 }));
        foreach (ulong declared in new ulong[] { 3, 1 })
        {
            yield return NpzCase($"Z1 entry count {declared} for 2", () => Forge(
                f =>
                {
                    f.Stored("a.npy", Hostile.ValidF8(6));
                    f.Stored("b.npy", Hostile.ValidF8(6));
                },
                new ZipForger { EntryCount = declared }));
        }

        yield return NpzCase("Z1 200 KB of noise", () => ZipTestUtil.Random(200_000, 5));
        yield return NpzCase("Z2 member past the end", () => Forge(f => f.Stored("a.npy", Hostile.ValidF8(6)).CentralCompressedSize = 1_000_000));
        yield return NpzCase("Z5 quoted overlap", () => Forge(f =>
        {
            f.Stored("a.npy", Hostile.ValidF8(6)).CentralCompressedSize = (ulong)Hostile.ValidF8(6).Length + 10;
            f.Stored("b.npy", Hostile.ValidF8(6));
        }));
        yield return NpzCase("Z5 forged duplicate offset", () =>
        {
            var forger = new ZipForger();
            forger.Stored("a.npy", Hostile.ValidF8(6));
            var b = forger.Stored("b.npy", Hostile.ValidF8(6));
            forger.Build();
            b.CentralOffset = 0;
            b.CentralCompressedSize = 0xFFFFFFFE;
            b.CentralUncompressedSize = 0xFFFFFFFE;
            return forger.Build();
        });
        yield return NpzCase("Z7 duplicate names", () => Forge(f =>
        {
            f.Stored("w.npy", Hostile.ValidF8(6));
            f.Stored("w.npy", Hostile.ValidF8(2));
        }));
        yield return NpzCase("Z8 local name differs", () => Forge(f => f.Stored("a.npy", Hostile.ValidF8(6)).LocalName = Encoding.ASCII.GetBytes("b.npy")));
        yield return NpzCase("Z8 local method differs", () => Forge(f => f.Stored("a.npy", Hostile.ValidF8(6)).LocalMethod = 8));
        yield return NpzCase("Z9 flipped byte, stored", () => Forge(f => f.Stored("w.npy", Patched(Hostile.ValidF8(1000), b => b[128 + 800] ^= 1))
            .Crc = global::Npy.Compression.Crc32Combine.Hash(Hostile.ValidF8(1000))), listedByLs: true);
        yield return NpzCase("Z10 trailing megabyte under a bad CRC", () => Forge(f => f.Stored("w.npy", [.. Hostile.ValidF8(6), .. ZipTestUtil.Random(1 << 20, 9)]).Crc = 1), listedByLs: true);
        yield return NpzCase("Z11 truncated deflate", () => Forge(f =>
        {
            var m = f.Deflated("a.npy", [.. Hostile.ValidF8(6), .. ZipTestUtil.Random(5000, 3)]);
            m.Data = m.Data[..^100];
        }), listedByLs: true);
        yield return NpzCase("Z11 stored size mismatch", () => Forge(f => f.Stored("a.npy", Hostile.ValidF8(6)).CentralUncompressedSize = (ulong)Hostile.ValidF8(6).Length + 1));
        foreach (var (flags, method, feature) in new (ushort, ushort, string)[]
        {
            (0x0001, 0, "encrypted flag"), (0, 99, "AES method"), (0, 12, "bzip2"), (0, 14, "lzma"), (0, 9, "deflate64"),
            (0, 93, "zstandard"), (0x0020, 0, "patched data"), (0x0040, 0, "strong encryption"),
        })
        {
            yield return NpzCase($"Z12 {feature}", () => Forge(f =>
            {
                var m = f.Stored("secret.npy", Hostile.ValidF8(6));
                m.Flags = flags;
                m.Method = method;
                f.Stored("ok.npy", Hostile.ValidF8(6));
            }));
        }

        yield return NpzCase("Z14 5 GiB member declared by a bomb", () =>
            NpzHostileInputTests.Bomb("big.npy", new NpyHeader(NpyDType.UInt8, [(5L << 30) - 128], false).Format(), 5 << 10));
        yield return NpzCase("Z15 NUL in a name", () => Forge(f => f.Stored("a.npy\0.txt", Hostile.ValidF8(6))));
        yield return NpzCase("Z15 empty name", () => Forge(f => f.Stored("", Hostile.ValidF8(6))));
        yield return NpzCase("Z15 65000-character name", () => Forge(f => f.Stored(new string('x', 65_000), Hostile.ValidF8(6))));
        yield return NpzCase("Z15 invalid UTF-8 name", () => Forge(f =>
        {
            var m = f.Stored("x", Hostile.ValidF8(6));
            m.Name = [0x61, 0xC3, 0x28, .. ".npy"u8];
            m.Flags = 0x0800;
        }));
        yield return NpzCase("Z17 appended second zip", () =>
            [.. Forge(f => f.Stored("a.npy", Hostile.ValidF8(6))), .. Forge(f => f.Stored("b.npy", Hostile.ValidF8(6)))]);
        foreach (byte length in new byte[] { 0, 1 })
        {
            yield return NpzCase($"Fuzz v1 header of {length} bytes in a member", () => Forge(f =>
            {
                byte[] member = [.. s_magic, 1, 0, length, 0, (byte)'{', (byte)'}', 0, 0, 0, 0];
                f.Stored("a.npy", member);
                f.Deflated("b.npy", member);
            }));
        }
    }

    private static HostileInput NpyCase(string name, Func<byte[]> build, bool listedByLs = false) => new(name, "npy", build, listedByLs);

    private static HostileInput NpzCase(string name, Func<byte[]> build, bool listedByLs = false) => new(name, "npz", build, listedByLs);

    private static byte[] Forge(Action<ZipForger> members, ZipForger? forger = null)
    {
        forger ??= new ZipForger();
        members(forger);
        return forger.Build();
    }

    private static byte[] Patched(byte[] bytes, Action<byte[]> patch)
    {
        patch(bytes);
        return bytes;
    }
}

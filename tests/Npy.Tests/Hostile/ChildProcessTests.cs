using Npy.Tests.Format;
using Npy.Tests.Zip;

namespace Npy.Tests.Hostile;

/// <summary>
/// The hostile cases that could kill a process (deep nesting, huge allocations, huge declared sizes), each run in a
/// child process with a 256 MiB GC heap limit and a 10 s timeout: the child must exit 0, having either loaded the
/// input or refused it with a documented exception.
/// </summary>
public class ChildProcessTests
{
    private static readonly Dictionary<string, (string Mode, string Limits, Func<byte[]> Input)> s_cases = new()
    {
        ["N3 65528-byte header in 20 bytes"] = ("npy", "trusted", () => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 0xF8, 0xFF, .. new byte[10]]),
        ["N4 4 GiB v2 header length"] = ("npy", "trusted", () => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 2, 0, 0xF0, 0xFF, 0xFF, 0xFF]),
        ["N5 60000 open parentheses"] = ("npy", "trusted", () => Hostile.DeepNesting('(', 60_000)),
        ["N5 60000 open brackets, no depth limit"] = ("npy", "unbounded", () => Hostile.DeepNesting('[', 60_000)),
        ["N11 element count overflow"] = ("npy", "trusted", () => Hostile.Npy("(4294967296, 4294967296, 4294967296)")),
        ["N12 800 GB declared, none supplied"] = ("npy", "trusted", () => Hostile.Npy("(100000000000,)")),
        ["N12 2 GB declared, none supplied"] = ("npy", "default", () => Hostile.Npy("(268435455,)")),
        ["N16 huge U itemsize"] = ("npy", "trusted", () => Hostile.Npy("(1000,)", "'<U99999999999'")),
        ["N17 structured dtype 20000 deep"] = ("npy", "trusted", () => Hostile.DeepStructured(20_000)),
        ["N17 structured dtype 20000 deep, no depth limit"] = ("npy", "unbounded", () => Hostile.DeepStructured(20_000)),
        ["Z3 40 GB bomb"] = ("npz", "default", () => NpzHostileInputTests.Bomb(
            "bomb.npy", new NpyHeader(NpyDType.Float64, [(38_147L * DeflateBomb.Unit / 8) - 16], false).Format(), 38_147)),
        ["Z3 40 GB bomb, trusted"] = ("npz", "trusted", () => NpzHostileInputTests.Bomb(
            "bomb.npy", new NpyHeader(NpyDType.Float64, [(38_147L * DeflateBomb.Unit / 8) - 16], false).Format(), 38_147)),
        ["Z3 1.9 GB declared by 1 KB of deflate"] = ("npz", "trusted", LyingSize),
        ["Z4 1 KiB declared, 10 GB inflated"] = ("npz", "trusted", () => NpzHostileInputTests.Bomb(
            "a.npy", new NpyHeader(NpyDType.UInt8, [1024 - 128], false).Format(), 10_000, declared: 1024)),
        ["Z5 1000 members sharing one kernel"] = ("npz", "trusted", Fifield),
        ["Z6 a million declared members"] = ("npz", "default", () =>
        {
            var forger = new ZipForger { Zip64End = true, EntryCount = 1_000_000 };
            forger.Stored("a.npy", Hostile.ValidF8(2));
            return forger.Build();
        }),
        ["Z16 8 GB text member"] = ("npz", "trusted", () => NpzHostileInputTests.Bomb("readme.txt", "text"u8.ToArray(), 8 << 10)),
    };

    /// <summary>Gets the cases by name, also run through the command-line tool (<see cref="HostileInputs"/>).</summary>
    internal static IReadOnlyDictionary<string, (string Mode, string Limits, Func<byte[]> Input)> Inputs => s_cases;

    public static TheoryData<string> Cases() => [.. s_cases.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Hostile_input_does_not_kill_a_heap_limited_process(string name)
    {
        var (mode, limits, input) = s_cases[name];
        string output = ChildProcess.AssertSurvives(mode, input(), limits);
        Assert.DoesNotContain("loaded: NpyArray", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_valid_file_loads_in_the_child_process()
    {
        string output = ChildProcess.AssertSurvives("npy", Hostile.ValidF8(10));
        Assert.Contains("loaded: NpyArray(dtype='<f8', shape=(10,))", output, StringComparison.Ordinal);
    }

    private static byte[] LyingSize()
    {
        var forger = new ZipForger();
        byte[] header = new NpyHeader(NpyDType.UInt8, [1_900_000_000L - 128], false).Format();
        forger.Deflated("a.npy", [.. header, .. new byte[1000]]).CentralUncompressedSize = 1_900_000_000;
        return forger.Build();
    }

    private static byte[] Fifield()
    {
        var forger = new ZipForger();
        var kernel = forger.Deflated("k0.npy", [.. Hostile.ValidF8(6), .. new byte[100_000]]);
        for (int i = 1; i < 1000; i++)
        {
            var m = forger.Stored($"k{i}.npy", []);
            m.CentralOffset = 0;
            m.Method = 8;
            m.CentralCompressedSize = (ulong)kernel.Data.Length;
            m.CentralUncompressedSize = (ulong)kernel.Uncompressed.Length;
        }

        return forger.Build();
    }
}

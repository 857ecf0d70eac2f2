#pragma warning disable CA2201 // the oracle is tested against the runtime's own exception types
using Npy.Fuzz;

namespace Npy.Tests.Hostile;

/// <summary>
/// Replays the committed fuzz corpus and crash files (fuzz/corpus, fuzz/crashes) through the very target code the
/// SharpFuzz harness runs, so CI checks every input the fuzzer kept without fuzzing itself.
/// </summary>
public class FuzzCorpusReplayTests
{
    public static TheoryData<string> Targets() => [.. FuzzTargets.Names];

    [Theory]
    [MemberData(nameof(Targets))]
    public void Committed_corpus_raises_only_documented_exceptions(string target)
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "FuzzCorpus", target);
        string[] files = Directory.Exists(folder) ? Directory.GetFiles(folder) : [];
        Assert.NotEmpty(files);
        var failures = new List<string>();
        foreach (string file in files)
        {
            try
            {
                FuzzTargets.Run(target, File.ReadAllBytes(file));
            }
            catch (Exception ex)
            {
                failures.Add($"{Path.GetFileName(file)}: {ex.GetType().Name}: {ex.Message}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    // Crashes the fuzzer found, by name. The first three were the round-trip oracle's own mistakes (the library was
    // right): a top-level subarray dtype is expanded into the shape on read as NumPy does; Fortran order is recorded
    // only where it changes the bytes; dict-form descr text is not a descr NumPy writes; a top-level subarray of bools is read as a bool array and so
    // normalised to 0/1 like one. The npz one was a real bug: see NpzHostileInputTests.Fuzz_npz_member_with_a_v1_header_of_0_or_1_bytes.
    [Theory]
    [InlineData("roundtrip", "crash-subarray-expanded-into-shape")]
    [InlineData("roundtrip", "crash-order-irrelevant-shape")]
    [InlineData("roundtrip", "crash-dict-form-descr-seed")]
    [InlineData("roundtrip", "crash-subarray-of-bools-normalised")]
    [InlineData("npz", "crash-v1-header-shorter-than-the-probe")]
    public void Fuzz_crash_regressions(string target, string name)
    {
        FuzzTargets.Run(target, File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "FuzzCorpus", target, name)));
    }

    [Fact]
    public void The_oracle_accepts_exactly_the_documented_family()
    {
        Assert.True(FuzzTargets.IsDocumented(new NpyFormatException("x")));
        Assert.True(FuzzTargets.IsDocumented(new NpzFormatException("x")));
        Assert.True(FuzzTargets.IsDocumented(new NpyLimitExceededException("x")));
        Assert.True(FuzzTargets.IsDocumented(new NotSupportedException()));
        Assert.True(FuzzTargets.IsDocumented(new OperationCanceledException()));
        Assert.False(FuzzTargets.IsDocumented(new IndexOutOfRangeException()));
        Assert.False(FuzzTargets.IsDocumented(new ArgumentOutOfRangeException()));
        Assert.False(FuzzTargets.IsDocumented(new OverflowException()));
        Assert.False(FuzzTargets.IsDocumented(new InvalidCastException()));
        Assert.False(FuzzTargets.IsDocumented(new NullReferenceException()));
        Assert.False(FuzzTargets.IsDocumented(new OutOfMemoryException()));
        Assert.False(FuzzTargets.IsDocumented(new EndOfStreamException()));
    }
}

using BenchmarkDotNet.Attributes;

namespace Npy.Benchmarks;

/// <summary>Parses dtype descriptors: a simple one, as most members carry, and a structured one.</summary>
[MemoryDiagnoser]
public class DTypeBenchmarks
{
    /// <summary>Gets or sets the descriptor text, as it appears in a header's <c>'descr'</c> value.</summary>
    [Params("<f4", "|b1", "<M8[ns]")]
    public string Descr { get; set; } = "<f4";

    /// <summary>Parses the descriptor.</summary>
    [Benchmark]
    public NpyDType Parse() => NpyDType.Parse(Descr);
}

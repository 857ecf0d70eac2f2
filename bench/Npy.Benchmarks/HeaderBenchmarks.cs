using BenchmarkDotNet.Attributes;

namespace Npy.Benchmarks;

/// <summary>Parses and formats <c>.npy</c> headers: the fixed cost every array read or written pays once.</summary>
[MemoryDiagnoser]
public class HeaderBenchmarks
{
    private NpyHeader _header = null!;
    private byte[] _bytes = [];

    /// <summary>Gets or sets the header's shape, as the number of dimensions of a (64, 64, ...) array.</summary>
    [Params(1, 4)]
    public int Rank { get; set; }

    /// <summary>Builds a float32 header of the chosen rank and its bytes.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _header = new NpyHeader(NpyDType.Float32, Enumerable.Repeat(64L, Rank).ToArray(), fortranOrder: false);
        _bytes = _header.Format();
    }

    /// <summary>Parses the header bytes (magic, version, length and the dictionary text).</summary>
    [Benchmark]
    public NpyHeader Parse() => NpyHeader.Parse(_bytes);

    /// <summary>Formats the header into its padded bytes.</summary>
    [Benchmark]
    public byte[] Format() => _header.Format();
}

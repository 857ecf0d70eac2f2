using BenchmarkDotNet.Attributes;

namespace Npy.Benchmarks;

/// <summary>Writes and reads one small member (64 float32 values, 256 bytes) in a <c>.npz</c> held in memory: the per-member overhead that dominates archives of many small arrays.</summary>
[MemoryDiagnoser]
public class SmallMemberBenchmarks
{
    private readonly float[] _values = Enumerable.Range(0, 64).Select(i => MathF.Sin(i)).ToArray();
    private readonly byte[] _buffer = new byte[1 << 12];
    private byte[] _archive = [];

    /// <summary>Gets or sets how the member is stored.</summary>
    [Params(NpzCompression.Stored, NpzCompression.Deflate)]
    public NpzCompression Compression { get; set; }

    /// <summary>Writes the archive the read benchmark opens.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _archive = _buffer.AsSpan(0, (int)Write()).ToArray();
    }

    /// <summary>Writes a one-member archive (local header, data, central directory) into a reused buffer.</summary>
    [Benchmark]
    public long Write()
    {
        using var target = new MemoryStream(_buffer, writable: true);
        using (var writer = new NpzWriter(target, Options(), leaveOpen: true))
        {
            writer.Add("a", _values, 64);
        }

        return target.Position;
    }

    /// <summary>Opens the one-member archive from memory and reads the member back as a <c>float[]</c>.</summary>
    [Benchmark]
    public float[] Read()
    {
        using var reader = NpzReader.Open(new MemoryStream(_archive, writable: false));
        return reader.Read<float>("a");
    }

    private NpzWriterOptions Options() => Compression == NpzCompression.Stored ? NpzWriterOptions.Stored : NpzWriterOptions.Compressed;
}

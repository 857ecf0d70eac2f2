using System.Buffers;
using System.IO.Compression;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Npy.Compression;

namespace Npy.Benchmarks;

/// <summary>
/// Deflates one 1 MiB chunk at level 6 on one core, with zlib-ng and with the library's long-match encoder, on data of
/// long repeats (the W3 workload's int64 values 0–9, int32 values 0–9) and on data it declines (float32 noise and noisy
/// pixels, where the cost is how soon it gives up). On the near-random two, the library's zlib-ng path deflates at
/// zlib-ng's level 7 (DistinctStrings); <see cref="ZlibNgLevel6"/> shows what level 6 itself costs there, and
/// <see cref="ZlibNgSmallWindow"/> what the 4 KiB window saves (<see cref="WindowTrial"/>: what choosing it costs). The
/// archive-level benchmark is bench/run.sh; this isolates the codec.
/// </summary>
[MemoryDiagnoser]
public class ChunkEncoderBenchmarks
{
    private readonly byte[] _output = new byte[2 << 20];
    private byte[] _chunk = [];

    /// <summary>Gets or sets the kind of data in the chunk.</summary>
    [Params("int64 labels 0-9", "int32 labels 0-9", "float32 noise", "noisy pixels")]
    public string Data { get; set; } = "int64 labels 0-9";

    /// <summary>Builds the chunk from a fixed seed.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1003);
        _chunk = Data switch
        {
            "int64 labels 0-9" => MemoryMarshal.AsBytes(Enumerable.Range(0, 1 << 17).Select(_ => (long)rng.Next(10)).ToArray().AsSpan()).ToArray(),
            "int32 labels 0-9" => MemoryMarshal.AsBytes(Enumerable.Range(0, 1 << 18).Select(_ => rng.Next(10)).ToArray().AsSpan()).ToArray(),
            "float32 noise" => MemoryMarshal.AsBytes(Enumerable.Range(0, 1 << 18).Select(_ => (float)rng.NextDouble()).ToArray().AsSpan()).ToArray(),

            // A diagonal gradient with noise of up to ±4, as in a noisy 8-bit image.
            _ => Enumerable.Range(0, 1 << 20).Select(i => (byte)Math.Clamp((((i % 2048) + (i / 2048)) / 16 % 256) + rng.Next(-4, 5), 0, 255)).ToArray(),
        };
    }

    /// <summary>The library's zlib-ng path at level 6, as chunks are deflated when no long-match choice applies.</summary>
    /// <returns>The segment's length.</returns>
    [Benchmark(Baseline = true)]
    public int ZlibNg()
    {
        var (buffer, length) = DeflateChunkEncoder.Encode(_chunk, default, 6, isLast: false);
        ArrayPool<byte>.Shared.Return(buffer);
        return length;
    }

    /// <summary>The library's zlib-ng path with the 4 KiB window, as in a member whose first chunk chose it.</summary>
    /// <returns>The segment's length.</returns>
    [Benchmark]
    public int ZlibNgSmallWindow()
    {
        var choice = new MemberEncoderChoice { SmallWindow = true };
        choice.Settle(longMatch: false);
        var (buffer, length) = DeflateChunkEncoder.Encode(_chunk, default, 6, isLast: false, choice);
        ArrayPool<byte>.Shared.Return(buffer);
        return length;
    }

    /// <summary>The window decision a member's first chunk costs (two trial deflations of 128 KiB).</summary>
    /// <returns>Whether the small window was chosen.</returns>
    [Benchmark]
    public bool WindowTrial() => DeflateChunkEncoder.PrefersSmallWindow(default, _chunk, 6);

    /// <summary>zlib-ng at level 6 through <c>DeflateStream</c>, whatever the data, ended by a sync flush.</summary>
    /// <returns>The segment's length.</returns>
    [Benchmark]
    public int ZlibNgLevel6()
    {
        using var output = new MemoryStream(_output);
        using var deflate = new DeflateStream(output, new ZLibCompressionOptions { CompressionLevel = 6 }, leaveOpen: true);
        deflate.Write(_chunk);
        deflate.Flush();
        return (int)output.Position;
    }

    /// <summary>The long-match encoder; -1 when it declines the chunk.</summary>
    /// <returns>The segment's length, or -1.</returns>
    [Benchmark]
    public int LongMatch()
    {
        var output = ArrayPool<byte>.Shared.Rent(_chunk.Length + 64);
        int length = LongMatchEncoder.Encode(_chunk, isLast: false, output.AsSpan(0, _chunk.Length + 64));
        ArrayPool<byte>.Shared.Return(output);
        return length;
    }
}

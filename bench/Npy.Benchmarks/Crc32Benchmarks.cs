using System.IO.Hashing;
using BenchmarkDotNet.Attributes;

namespace Npy.Benchmarks;

/// <summary>Computes the CRC-32 of 1 MiB, as every zip member needs: the checksum must run at memory speed.</summary>
[MemoryDiagnoser]
public class Crc32Benchmarks
{
    private readonly byte[] _data = new byte[1 << 20];

    /// <summary>Fills the buffer with reproducible bytes.</summary>
    [GlobalSetup]
    public void Setup() => new Random(7).NextBytes(_data);

    /// <summary>Hashes the buffer in one call (System.IO.Hashing, the implementation the zip layer uses).</summary>
    [Benchmark]
    public uint OneShot() => Crc32.HashToUInt32(_data);

    /// <summary>Hashes the buffer in 64 KiB appends, as a streamed member is checksummed.</summary>
    [Benchmark]
    public uint Incremental()
    {
        var crc = new Crc32();
        for (int i = 0; i < _data.Length; i += 1 << 16)
        {
            crc.Append(_data.AsSpan(i, 1 << 16));
        }

        return crc.GetCurrentHashAsUInt32();
    }
}

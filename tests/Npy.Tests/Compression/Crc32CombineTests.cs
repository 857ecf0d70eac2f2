using System.IO.Hashing;
using Npy.Compression;

namespace Npy.Tests.Compression;

public class Crc32CombineTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    [InlineData(100_003)]
    public void Combine_matches_the_crc_of_the_whole(int split)
    {
        var data = new byte[200_000];
        new Random(split).NextBytes(data);
        uint a = Crc32.HashToUInt32(data.AsSpan(0, split));
        uint b = Crc32.HashToUInt32(data.AsSpan(split));
        Assert.Equal(Crc32.HashToUInt32(data), Crc32Combine.Combine(a, b, data.Length - split));
    }

    [Fact]
    public void Combine_with_an_empty_tail_is_identity()
    {
        Assert.Equal(0xDEADBEEFu, Crc32Combine.Combine(0xDEADBEEF, 0, 0));
    }

    [Fact]
    public void Parallel_hash_matches_one_pass()
    {
        var data = new byte[(9 << 20) + 12345];
        new Random(3).NextBytes(data);
        Assert.Equal(Crc32.HashToUInt32(data), Crc32Combine.Hash(data));
        Assert.Equal(Crc32.HashToUInt32(data), Crc32Combine.Hash(data, 1));
    }
}

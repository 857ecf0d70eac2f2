using Npy.Compression;

namespace Npy.Tests.Compression;

public class DistinctStringsTests
{
    private const int Length = 1 << 20;

    [Fact]
    public void Random_bytes_are_nearly_all_distinct()
    {
        var data = new byte[Length];
        new Random(1).NextBytes(data);
        Assert.InRange(DistinctStrings.Share(data), 0.99, 1.0);
    }

    [Fact]
    public void Float_noise_is_nearly_all_distinct()
    {
        var rng = new Random(2);
        var values = new float[Length / 4];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(rng.NextDouble() - 0.5);
        }

        Assert.True(DistinctStrings.Share(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan())) >= 0.95);
    }

    [Fact]
    public void Wide_integers_with_zero_bytes_repeat()
    {
        // int64 values below 2^40: three zero bytes in every element, the data on which level 7 was 1.36 times as slow.
        var rng = new Random(3);
        var values = new long[Length / 8];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = rng.NextInt64(1L << 40);
        }

        double share = DistinctStrings.Share(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        Assert.InRange(share, 0.5, 0.85);
    }

    [Fact]
    public void One_repeated_string_counts_once()
    {
        var data = new byte[Length];
        double share = DistinctStrings.Share(data);
        Assert.Equal(1.0 / (DistinctStrings.Samples * (DistinctStrings.SampleLength - 3)), share, 12);
    }

    [Fact]
    public void Calls_on_one_thread_do_not_see_each_others_strings()
    {
        // The table is reused from call to call: an earlier call's strings must read as absent.
        var random = new byte[Length];
        new Random(4).NextBytes(random);
        double first = DistinctStrings.Share(random);
        _ = DistinctStrings.Share(new byte[Length]);
        Assert.Equal(first, DistinctStrings.Share(random));
        Assert.Equal(DistinctStrings.Share(new byte[Length]), DistinctStrings.Share(new byte[Length]));
    }

    [Fact]
    public void Too_little_data_is_refused()
    {
        Assert.Throws<ArgumentException>(() => DistinctStrings.Share(new byte[(DistinctStrings.Samples * DistinctStrings.SampleLength) - 1]));
    }
}

using Npy.Internal;

namespace Npy.Tests.Infrastructure;

public class ParallelWorkTests
{
    [Theory]
    [InlineData(0, 0, 4)]
    [InlineData(0, 1, 4)]
    [InlineData(5, 6, 1)]
    [InlineData(0, 7, 2)]
    [InlineData(3, 20_003, 2)]
    [InlineData(0, 100_000, 8)]
    [InlineData(0, 1000, 0)]
    public void Every_index_runs_exactly_once(int from, int to, int degree)
    {
        var hits = new int[Math.Max(to, 1)];
        ParallelWork.For(from, to, degree, i => Interlocked.Increment(ref hits[i]), CancellationToken.None);
        for (int i = 0; i < hits.Length; i++)
        {
            Assert.Equal(i >= from && i < to ? 1 : 0, hits[i]);
        }
    }

    [Fact]
    public void The_first_failure_surfaces_as_itself_and_stops_the_loop()
    {
        int ran = 0;
        var e = Assert.Throws<NpzFormatException>(() => ParallelWork.For(0, 1_000_000, 4, i =>
        {
            Interlocked.Increment(ref ran);
            if (i == 10)
            {
                throw new NpzFormatException("member 10 is bad");
            }
        }, CancellationToken.None));
        Assert.Equal("member 10 is bad", e.Message);
        Assert.True(Volatile.Read(ref ran) < 1_000_000);
    }

    [Fact]
    public void Cancellation_raises_operation_canceled()
    {
        using var cts = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => ParallelWork.For(0, 1_000_000, 2, i =>
        {
            if (i == 100)
            {
                cts.Cancel();
            }
        }, cts.Token));

        Assert.ThrowsAny<OperationCanceledException>(() => ParallelWork.For(0, 10, 2, _ => { }, cts.Token));
    }

    [Fact]
    public void Nested_loops_complete_even_when_the_pool_is_busy()
    {
        long total = 0;
        ParallelWork.For(0, Environment.ProcessorCount * 4, Environment.ProcessorCount, _ =>
            ParallelWork.For(0, 1000, Environment.ProcessorCount, i => Interlocked.Add(ref total, i), CancellationToken.None),
            CancellationToken.None);
        Assert.Equal(Environment.ProcessorCount * 4 * 499_500L, total);
    }
}

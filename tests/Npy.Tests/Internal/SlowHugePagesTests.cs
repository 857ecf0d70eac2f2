using Npy.Internal;

namespace Npy.Tests.Internal;

// When huge pages turn slow to map (a host backing freed memory again), FreshPages maps small pages for a while.
public class SlowHugePagesTests
{
    private const long Slow = 3_000;
    private const long Window = 100_000;
    private const long Period = 1_000_000;

    [Fact]
    public void Two_slow_spans_close_together_switch_to_small_pages_for_the_period()
    {
        var clock = new SlowHugePages(Slow, Window, Period);
        clock.Record(1_000, 1_000 + Slow + 1, whole: true);
        Assert.False(clock.UseSmallPages(10_000));
        clock.Record(20_000, 20_000 + Slow + 1, whole: false);
        long switched = 20_000 + Slow + 1;
        Assert.True(clock.UseSmallPages(switched));
        Assert.True(clock.UseSmallPages(switched + Period - 1));
        Assert.False(clock.UseSmallPages(switched + Period));
    }

    [Fact]
    public void A_fast_whole_span_between_two_slow_ones_keeps_huge_pages()
    {
        var clock = new SlowHugePages(Slow, Window, Period);
        clock.Record(1_000, 1_000 + Slow + 1, whole: true);
        clock.Record(5_000, 5_100, whole: true);
        clock.Record(9_000, 9_000 + Slow + 1, whole: true);
        Assert.False(clock.UseSmallPages(9_000 + Slow + 2));
    }

    [Fact]
    public void A_fast_part_of_a_huge_page_does_not_clear_a_slow_one()
    {
        // Mapping the second half of a huge page that the first half's mapping already allocated is fast.
        var clock = new SlowHugePages(Slow, Window, Period);
        clock.Record(1_000, 1_000 + Slow + 1, whole: false);
        clock.Record(5_000, 5_010, whole: false);
        clock.Record(9_000, 9_000 + Slow + 1, whole: false);
        Assert.True(clock.UseSmallPages(9_000 + Slow + 2));
    }

    [Fact]
    public void Slow_spans_far_apart_or_exactly_at_the_limit_do_not_switch()
    {
        var clock = new SlowHugePages(Slow, Window, Period);
        clock.Record(1_000, 1_000 + Slow, whole: true);
        clock.Record(2_000, 2_000 + Slow, whole: true);
        Assert.False(clock.UseSmallPages(10_000));
        clock.Record(10_000, 10_000 + Slow + 1, whole: true);
        clock.Record(10_000 + Window + 10, 10_000 + Window + 20 + Slow, whole: true);
        Assert.False(clock.UseSmallPages(10_000 + Window + 30 + Slow));
    }

    [Fact]
    public void Reset_ends_a_switch()
    {
        var clock = new SlowHugePages(Slow, Window, Period);
        clock.Record(1_000, 1_000 + Slow + 1, whole: true);
        Assert.True(clock.Record(2_000, 2_000 + Slow + 1, whole: true));
        clock.Reset();
        Assert.False(clock.UseSmallPages(2_000 + Slow + 2));
        Assert.False(clock.Record(3_000, 3_000 + Slow + 1, whole: true));
    }
}

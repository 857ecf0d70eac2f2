namespace Npy.Tests;

public class NpyLimitsTests
{
    [Fact]
    public void Default_header_limit_is_numpys()
    {
        Assert.Equal(10000, NpyLimits.Default.MaxHeaderBytes);
    }

    [Fact]
    public void Limits_refuse_non_positive_values()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NpyLimits.Default with { MaxDimensions = 0 });
    }
}

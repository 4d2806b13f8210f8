using AlphaHost.Host.Panel;

namespace AlphaHost.Host.Tests.Panel;

public class PanelMathTests
{
    [Fact]
    public void SparklineScalesMinToMaxOverEightBlocks()
    {
        Assert.Equal("▁▂▃▄▅▆▇█", PanelMath.Sparkline([0, 1, 2, 3, 4, 5, 6, 7]));
        Assert.Equal("▄▄▄", PanelMath.Sparkline([2, 2, 2]));
        Assert.Equal("▁ █", PanelMath.Sparkline([0, double.NaN, 1]));
        Assert.Equal("", PanelMath.Sparkline([]));
    }

    [Fact]
    public void RollingMeanUsesFewerValuesAtTheStart()
    {
        Assert.Equal([1.0, 1.5, 2.5, 3.5], PanelMath.RollingMean([1, 2, 3, 4], 2));
        Assert.Equal([1.0, 1.5, 2.0, 2.5], PanelMath.RollingMean([1, 2, 3, 4], 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => PanelMath.RollingMean([1], 0));
    }

    [Fact]
    public void ExcessIsNavOverBenchmarkMinusOne()
    {
        Assert.Equal(0.05m, PanelMath.Excess(105m, 100m));
        Assert.Null(PanelMath.Excess(105m, 0m));
    }
}

using AlphaHost.Host.Panel;

namespace AlphaHost.Host.Tests.Panel;

public class CockpitMathTests
{
    [Fact]
    public void RollingMeanUsesFewerValuesAtTheStart()
    {
        Assert.Equal([1.0, 1.5, 2.5, 3.5], CockpitMath.RollingMean([1, 2, 3, 4], 2));
        Assert.Equal([1.0, 1.5, 2.0, 2.5], CockpitMath.RollingMean([1, 2, 3, 4], 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => CockpitMath.RollingMean([1], 0));
    }

    [Fact]
    public void TailMeanSkipsNaNAndIsNullWhenEmpty()
    {
        Assert.Equal(3.5, CockpitMath.TailMean([1, 2, 3, 4], 2));
        Assert.Equal(2.0, CockpitMath.TailMean([1, double.NaN, 3]));
        Assert.Null(CockpitMath.TailMean([double.NaN], 5));
        Assert.Null(CockpitMath.TailMean([]));
    }

    [Fact]
    public void CumulativeCountsNaNAsZero() =>
        Assert.Equal([0.1, 0.1, 0.4], CockpitMath.Cumulative([0.1, double.NaN, 0.3]), (a, b) => Math.Abs(a - b) < 1e-12);

    [Fact]
    public void ExcessIsNavOverBenchmarkMinusOne()
    {
        Assert.Equal(0.05m, CockpitMath.Excess(105m, 100m));
        Assert.Null(CockpitMath.Excess(105m, 0m));
    }
}

using AlphaHost.Sdk.Statistics;
namespace AlphaHost.Sdk.Tests.Statistics;

public class SeriesStatisticsTests
{
    [Fact]
    public void InformationRatioIsMeanOverSampleStd()
    {
        double[] ic = [0.02, 0.04, 0.06]; // mean .04, sample std sqrt((.0004 + 0 + .0004) / 2) = .02
        Assert.Equal(0.04, SeriesStatistics.Mean(ic), 12);
        Assert.Equal(0.02, SeriesStatistics.SampleStd(ic), 12);
        Assert.Equal(2.0, SeriesStatistics.InformationRatio(ic), 12);
        Assert.Equal(2.0 * Math.Sqrt(252), SeriesStatistics.AnnualisedSharpe(ic), 10);
    }

    [Fact]
    public void InformationRatioIsUndefinedForOneValueOrNoSpread()
    {
        Assert.True(double.IsNaN(SeriesStatistics.InformationRatio([0.05])));
        Assert.True(double.IsNaN(SeriesStatistics.InformationRatio([0.05, 0.05])));
        Assert.True(double.IsNaN(SeriesStatistics.Mean([])));
    }

    [Fact]
    public void MaxDrawdownIsTheLargestFallFromARunningPeak()
    {
        // NAV 1.1, 0.88 (−20%), 0.968, 1.452 (new peak), 0.726 (−50%).
        Assert.Equal(0.5, SeriesStatistics.MaxDrawdown([0.1, -0.2, 0.1, 0.5, -0.5]), 12);
        // The starting NAV of 1 is a peak: a first-day loss is a drawdown.
        Assert.Equal(0.1, SeriesStatistics.MaxDrawdown([-0.1, 0.05]), 12);
        Assert.Equal(0.0, SeriesStatistics.MaxDrawdown([0.01, 0.02]));
    }

    [Fact]
    public void NeweyWestAddsTheBartlettWeightedAutocovariances()
    {
        // x = 1..4: mean 2.5, deviations −1.5 −.5 .5 1.5; γ0 = 5/4 = 1.25, γ1 = (.75 − .25 + .75)/4 = .3125.
        double[] x = [1, 2, 3, 4];
        // Lag 0: √(γ0 / n) = √(1.25 / 4).
        Assert.Equal(Math.Sqrt(1.25 / 4), SeriesStatistics.NeweyWestStandardError(x, 0), 12);
        // Lag 1, Bartlett weight 1 − 1/2: √((1.25 + 2 · .5 · .3125) / 4) = √(1.5625 / 4) = .625.
        Assert.Equal(0.625, SeriesStatistics.NeweyWestStandardError(x, 1), 12);
        // The plain error uses n − 1: √(5/3 / 4).
        Assert.Equal(Math.Sqrt(5.0 / 3 / 4), SeriesStatistics.StandardError(x), 12);
        Assert.True(double.IsNaN(SeriesStatistics.NeweyWestStandardError([0.1], 3)));
    }

    [Fact]
    public void ClusterStandardErrorTreatsClusterMeansAsTheDraws()
    {
        // Cluster means 2, 2, 6: mean 10/3, sample std √(((4/3)² · 2 + (8/3)²) / 2) = √(16/3); / √3 → 4/3.
        Assert.Equal(4.0 / 3, SeriesStatistics.ClusterStandardError([[1, 3], [2], [6, 6, 6]]), 12);
        Assert.True(double.IsNaN(SeriesStatistics.ClusterStandardError([[1, 2, 3]])));
    }
}

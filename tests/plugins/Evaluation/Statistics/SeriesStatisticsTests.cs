namespace AlphaHost.Plugins.Evaluation.Tests.Statistics;

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
}

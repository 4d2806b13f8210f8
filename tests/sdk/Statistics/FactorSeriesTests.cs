using AlphaHost.Sdk.Plugins;
using AlphaHost.Sdk.Statistics;
namespace AlphaHost.Sdk.Tests.Statistics;

/// <summary>Three hand-computed days of four stocks, two quantiles, at least four stocks for an IC.</summary>
public class FactorSeriesTests
{
    private static readonly string[] Codes = ["W", "X", "Y", "Z"];

    // Day a: returns rise with the score. Σdxdy = .08, Σdx² = 5, Σdy² = .0014; ranks agree exactly.
    // Groups {W, X} .005 and {Y, Z} .035: long-short .03; the top {Y, Z} is built from cash.
    private static readonly ScoredDay A = new(new DateOnly(2021, 1, 4), Codes, [1, 2, 3, 4], [0.00, 0.01, 0.02, 0.05]);

    // Day b: Σdxdy = .02, Σdx² = 5, Σdy² = .0005 → IC .4; ranks (2,1,4,3) vs (4,1,3,2) → .4.
    // Groups {W, X} .005 and {Y, Z} .005: long-short 0; top {Y, Z} again: traded 0.
    // Rank autocorrelation a → b: scores (1,2,3,4) vs (2,1,4,3): Σd² = 4 → 1 − 24/60 = .6.
    private static readonly ScoredDay B = new(new DateOnly(2021, 1, 5), Codes, [2, 1, 4, 3], [0.02, -0.01, 0.01, 0.00]);

    // Day c: Y has no score, Z no return: two stocks < 4, no IC, but two stocks fill two quantiles:
    // {X} .01 and {W} .03, long-short .02; top {Y, Z} → {W}: Σ|Δw| = 2, one-way 1.
    // Rank autocorrelation b → c over W, X, Z (scored both days): (2,1,3) vs (4,3,1) → −.5.
    private static readonly ScoredDay C = new(new DateOnly(2021, 1, 6), Codes, [4, 3, double.NaN, 1], [0.03, 0.01, 0.02, double.NaN]);

    private static readonly double IcA = 0.08 / Math.Sqrt(5 * 0.0014);

    private static FactorSeries Fed()
    {
        var series = new FactorSeries(quantiles: 2, minStocks: 4);
        foreach (var day in new[] { A, B, C }) series.Observe(day);
        return series;
    }

    [Fact]
    public void DailyIcSkipsDaysBelowTheMinimumAndIcirIsMeanOverSampleStd()
    {
        var series = Fed();
        Assert.Equal([A.Date, B.Date], series.DailyIc.Select(p => p.Date));
        Assert.Equal(IcA, series.DailyIc[0].Ic, 12);
        Assert.Equal(1.0, series.DailyIc[0].RankIc, 12);
        Assert.Equal(0.4, series.DailyIc[1].Ic, 12);
        Assert.Equal(0.4, series.DailyIc[1].RankIc, 12);
        Assert.Equal((IcA + 0.4) / 2, series.IcMean, 12);
        Assert.Equal(0.7, series.RankIcMean, 12);
        // Two values: sample std = |a − b| / sqrt(2).
        Assert.Equal((IcA + 0.4) / 2 / ((IcA - 0.4) / Math.Sqrt(2)), series.Icir, 10);
        Assert.Equal(0.7 / (0.6 / Math.Sqrt(2)), series.RankIcir, 10);
    }

    [Fact]
    public void QuantilesLongShortTurnoverAndRankAutocorrelationOverEveryLayeredDay()
    {
        var series = Fed();
        var quantiles = series.QuantileReturns;
        Assert.Equal(2, quantiles.Length);
        Assert.Equal((0.005 + 0.005 + 0.01) / 3, quantiles[0], 12);
        Assert.Equal((0.035 + 0.005 + 0.03) / 3, quantiles[1], 12);
        Assert.Equal(0.05 / 3, series.LongShortReturn, 12);
        Assert.Equal(0.5, series.Turnover, 12);                 // rebalances b (0) and c (1); the build excluded
        Assert.Equal((0.6 - 0.5) / 2, series.RankAutocorrelationMean, 12);
    }

    [Fact]
    public void DaysWithFewerStocksThanQuantilesGetAnIcOnly()
    {
        var series = new FactorSeries(quantiles: 5, minStocks: 4);
        series.Observe(A);
        series.Observe(B);
        Assert.Equal(2, series.DailyIc.Count);
        Assert.All(series.QuantileReturns, v => Assert.True(double.IsNaN(v)));
        Assert.Equal(5, series.QuantileReturns.Length);
        Assert.True(double.IsNaN(series.LongShortReturn));
        Assert.True(double.IsNaN(series.Turnover));
    }

    [Fact]
    public void DefaultsToTwentyStocksAndRefusesBadSettingsAndDaysOutOfOrder()
    {
        var series = new FactorSeries(quantiles: 2);
        Assert.Equal(20, series.MinStocks);
        series.Observe(A);
        Assert.Empty(series.DailyIc);                            // four stocks < 20
        Assert.Contains("after 2021-01-04", Assert.Throws<ArgumentException>(() => series.Observe(A)).Message);
        Assert.Contains("quantiles = 1", Assert.Throws<ArgumentException>(() => new FactorSeries(1)).Message);
        Assert.Contains("min stocks = 1", Assert.Throws<ArgumentException>(() => new FactorSeries(2, 1)).Message);
    }
}

using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Plugins.Evaluation.Tests;

/// <summary>Two hand-computed days of six stocks, two quantiles, with ties and missing values.</summary>
public class FactorBacktesterTests
{
    private static readonly string[] Codes = ["A", "B", "C", "D", "E", "F"];

    // Day 1: F has no score. Valid A..E: score ranks 1, 2.5, 2.5, 4, 5; return ranks 2, 4, 1, 3, 5.
    private static readonly ScoredDay Day1 = new(new DateOnly(2021, 3, 1), Codes,
        [1, 2, 2, 4, 5, double.NaN], [0.01, 0.03, -0.01, 0.02, 0.05, 0.10]);

    // Day 2: B has no return. Valid A, C, D, E, F: scores 5, 3, 2, 1, 0; returns .02, 0, .01, −.02, .04.
    private static readonly ScoredDay Day2 = new(new DateOnly(2021, 3, 2), Codes,
        [5, 4, 3, 2, 1, 0], [0.02, double.NaN, 0.00, 0.01, -0.02, 0.04]);

    // Day 1: Σdxdy = .1, Σdx² = 10.8, Σdy² = .002; ranks: Σdxdy = 6.5, Σdx² = 9.5, Σdy² = 10.
    private static readonly double Ic1 = 0.1 / Math.Sqrt(10.8 * 0.002), RankIc1 = 6.5 / Math.Sqrt(95);
    // Day 2: Σdxdy = −.01, Σdx² = 14.8, Σdy² = .002; ranks (5,4,3,2,1) vs (4,2,3,1,5): Σdxdy = −1, 10, 10.
    private static readonly double Ic2 = -0.01 / Math.Sqrt(14.8 * 0.002), RankIc2 = -0.1;

    // Each day has five stocks with both a score and a return: graded with a minimum of five.
    private static FactorBacktester Observed(int minStocks = 5)
    {
        var backtester = new FactorBacktester(new FactorBacktesterConfig { Quantiles = 2, MinStocks = minStocks });
        backtester.Observe(Day1);
        backtester.Observe(Day2);
        return backtester;
    }

    [Fact]
    public void DailyIcAndRankIcUseStocksWithBothAScoreAndAReturn()
    {
        var ic = Observed().DailyIc;
        Assert.Equal(2, ic.Count);
        Assert.Equal(Ic1, ic[0].Ic, 12);
        Assert.Equal(RankIc1, ic[0].RankIc, 12);
        Assert.Equal(Ic2, ic[1].Ic, 12);
        Assert.Equal(RankIc2, ic[1].RankIc, 12);
    }

    [Fact]
    public void MeansAndIcirOverDays()
    {
        var m = Observed().Metrics();
        Assert.Equal((Ic1 + Ic2) / 2, m["ic_mean"], 12);
        Assert.Equal((RankIc1 + RankIc2) / 2, m["rank_ic_mean"], 12);
        // Two values: sample std = |a − b| / sqrt(2).
        Assert.Equal((Ic1 + Ic2) / 2 / (Math.Abs(Ic1 - Ic2) / Math.Sqrt(2)), m["icir"], 10);
        Assert.Equal((RankIc1 + RankIc2) / 2 / (Math.Abs(RankIc1 - RankIc2) / Math.Sqrt(2)), m["rank_icir"], 10);
        Assert.Equal(2, m["days"]);
    }

    [Fact]
    public void QuantileReturnsLongShortAndTurnover()
    {
        var m = Observed().Metrics();
        // Day 1 groups: {A, B, C} (the tie B = C stays together) and {D, E}: means .01 and .035.
        // Day 2 groups: {E, F} and {A, C, D}: means .01 and .01.
        Assert.Equal(0.01, m["quantile_return_1"], 12);
        Assert.Equal(0.0225, m["quantile_return_2"], 12);
        Assert.Equal(0.0125, m["long_short_return"], 12); // (.025 + 0) / 2
        // Top {D, E} → {A, C, D}: |ΔA| = |ΔC| = 1/3, |ΔD| = 1/6, |ΔE| = 1/2 → Σ = 4/3, one-way 2/3.
        Assert.Equal(2.0 / 3, m["turnover"], 12);
    }

    [Fact]
    public void RankAutocorrelationComparesScoresAcrossDays()
    {
        // A..E scored both days: ranks (1, 2.5, 2.5, 4, 5) vs (5, 4, 3, 2, 1): Σdxdy = −9.5, Σdx² = 9.5, Σdy² = 10.
        Assert.Equal(-9.5 / Math.Sqrt(95), Observed().Metrics()["rank_autocorrelation"], 12);
    }

    [Fact]
    public void DaysOutOfOrderAreRefusedNamingTheDate()
    {
        var backtester = Observed();
        var e = Assert.Throws<ArgumentException>(() => backtester.Observe(Day1));
        Assert.Contains("2021-03-01", e.Message);
    }

    [Fact]
    public void MisalignedArraysAreRefused()
    {
        var bad = new ScoredDay(new DateOnly(2021, 3, 1), ["A", "B"], [1], [0.1, 0.2]);
        var e = Assert.Throws<ArgumentException>(() => new FactorBacktester().Observe(bad));
        Assert.Contains("2 codes but 1 scores", e.Message);
    }

    [Fact]
    public void DaysWithFewerStocksThanTheMinimumGetNoIc()
    {
        Assert.Equal(20, new FactorBacktesterConfig().MinStocks);            // the notes' threshold by default
        Assert.Empty(Observed(minStocks: 6).DailyIc);                       // five stocks a day < 6
        Assert.Empty(Observed(minStocks: 20).DailyIc);
        Assert.Equal(2, Observed(minStocks: 5).DailyIc.Count);
        // 20 stocks with scores 0..19 and returns rising with them: graded at the default; 19 are not.
        var codes = Enumerable.Range(0, 20).Select(i => $"S{i}").ToArray();
        var day = new ScoredDay(new DateOnly(2021, 3, 1), codes, codes.Select((_, i) => (double)i).ToArray(), codes.Select((_, i) => 0.01 * i * i).ToArray());
        var graded = new FactorBacktester();
        graded.Observe(day);
        Assert.Equal(1.0, Assert.Single(graded.DailyIc).RankIc, 12);
        var thin = new FactorBacktester();
        thin.Observe(day with { Scores = day.Scores.Select((v, i) => i == 0 ? double.NaN : v).ToArray() });
        Assert.Empty(thin.DailyIc);
        Assert.Throws<ArgumentException>(() => new FactorBacktester(new FactorBacktesterConfig { MinStocks = 1 }));
    }

    [Fact]
    public void IsABacktesterPluginWhoseSmokeCallPasses()
    {
        IPlugin plugin = new FactorBacktester();
        Assert.Equal(PluginFamily.Backtester, plugin.Info.Family);
        Assert.Contains("quantiles", plugin.Info.ConfigKeys);
        plugin.SelfTest();
        Assert.Throws<ArgumentException>(() => new FactorBacktester(new FactorBacktesterConfig { Quantiles = 1 }));
    }
}

using AlphaHost.Host.Grading;

namespace AlphaHost.Host.Tests.Grading;

public class FactorEvaluatorTests
{
    private static readonly double[] NoScores = [double.NaN, double.NaN, double.NaN];
    private static readonly DateOnly D0 = new(2021, 3, 1), D1 = new(2021, 3, 2), D2 = new(2021, 3, 3);

    [Fact]
    public void CloseForwardReturnPairsScoreDatedTWithPriceAtTPlusH()
    {
        var evaluator = new FactorEvaluator(["A", "B", "C"], new EvaluationConfig { Horizon = 2, Quantiles = 2, DecayHorizons = 2, MinStocks = 3 });
        evaluator.AddDay(D0, [1, 2, 3], [10, 10, 10]);
        evaluator.AddDay(D1, NoScores, [11, 9, 10]);
        Assert.Empty(evaluator.Result().Ic); // day 0's 2-day return is not known yet

        evaluator.AddDay(D2, NoScores, [12, 11, 13]);
        var result = evaluator.Result();
        // 2-day returns .2, .1, .3 vs scores 1, 2, 3: Pearson .1 / sqrt(2 · .02) = .5; ranks (1,2,3) vs (2,1,3) → .5.
        var day = Assert.Single(result.Ic);
        Assert.Equal(D0, day.Date);
        Assert.Equal(0.5, day.Ic, 12);
        Assert.Equal(0.5, day.RankIc, 12);
        // Decay: 1-day returns .1, −.1, 0 → ranks (3, 1, 2) vs (1, 2, 3) → −.5; 2-day → .5.
        Assert.Equal([new DecayPoint(1, -0.5, 1), new DecayPoint(2, 0.5, 1)], result.IcDecay.Select(d => d with { MeanRankIc = Math.Round(d.MeanRankIc, 12) }));
    }

    [Fact]
    public void ByDefaultADayNeedsTwentyStocksForAnIcAndForIcDecay()
    {
        var evaluator = new FactorEvaluator(["A", "B", "C"], new EvaluationConfig { Horizon = 2, Quantiles = 2, DecayHorizons = 2 });
        evaluator.AddDay(D0, [1, 2, 3], [10, 10, 10]);
        evaluator.AddDay(D1, NoScores, [11, 9, 10]);
        evaluator.AddDay(D2, NoScores, [12, 11, 13]);
        var result = evaluator.Result();
        Assert.Equal(20, result.Config.MinStocks);
        Assert.Empty(result.Ic);                                      // three stocks < 20
        Assert.All(result.IcDecay, d => Assert.Equal(0, d.Days));
    }

    [Fact]
    public void OpenEntersTheDayAfterTheFactorDate()
    {
        var evaluator = new FactorEvaluator(["A", "B", "C"], new EvaluationConfig { Horizon = 1, Quantiles = 2, DecayHorizons = 1, Price = EntryPrice.Open, MinStocks = 3 });
        evaluator.AddDay(D0, [1, 2, 3], [10, 10, 10]);
        evaluator.AddDay(D1, NoScores, [10, 20, 30]);
        Assert.Empty(evaluator.Result().Ic); // entering at D1's open, the 1-day return needs D2
        evaluator.AddDay(D2, NoScores, [11, 18, 36]);
        // p[t+2] / p[t+1] − 1 = .1, −.1, .2 → ranks (2, 1, 3) vs (1, 2, 3) → .5 (close-to-close would give 1).
        Assert.Equal(0.5, Assert.Single(evaluator.Result().Ic).RankIc, 12);
    }

    /// <summary>
    /// Four stocks over a year end, 2 quantiles, held daily; cost 0.1% per side. Top quantile:
    /// day 0 {C, D} +15% vs benchmark +1% (built from cash: traded 1); day 1 {C, D} +2.5% vs +2%
    /// (traded 0); day 2 (2021) {A, B} 0% vs 0% (all four names change: traded 2).
    /// </summary>
    [Fact]
    public void PerYearAlphaAgainstTheBenchmarkWithAndWithoutCosts()
    {
        var evaluator = new FactorEvaluator(["A", "B", "C", "D"],
            new EvaluationConfig { Horizon = 1, Quantiles = 2, DecayHorizons = 1, CostPerSide = 0.001 });
        evaluator.AddDay(new DateOnly(2020, 12, 30), [1, 2, 3, 4], [10, 10, 10, 10], 100);
        evaluator.AddDay(new DateOnly(2020, 12, 31), [1, 2, 3, 4], [10, 10, 11, 12], 101);
        evaluator.AddDay(new DateOnly(2021, 1, 4), [4, 3, 2, 1], [10.5, 10, 11, 12.6], 103.02);
        evaluator.AddDay(new DateOnly(2021, 1, 5), [1, 2, 3, 4], [11.55, 9, 11, 12.6], 103.02);
        var result = evaluator.Result();

        Assert.Equal(2, result.ByYear.Count);
        var y2020 = result.ByYear[0];
        Assert.Equal(2020, y2020.Year);
        Assert.Equal(2, y2020.Days);
        // net alpha .14 − .001 and .005; gross .14 and .005.
        Assert.Equal(252 * (0.139 + 0.005) / 2, y2020.AlphaReturn, 10);
        Assert.Equal(252 * (0.14 + 0.005) / 2, y2020.AlphaReturnNc, 10);
        Assert.Equal((0.139 + 0.005) / 2 / (0.134 / Math.Sqrt(2)) * Math.Sqrt(252), y2020.AlphaSharpe, 10);
        Assert.Equal((0.14 + 0.005) / 2 / (0.135 / Math.Sqrt(2)) * Math.Sqrt(252), y2020.AlphaSharpeNc, 10);
        Assert.Equal(0.0, y2020.AlphaDrawdown, 12);
        Assert.Equal(0.0, y2020.Turnover, 12); // the build day is not a rebalance

        var y2021 = result.ByYear[1];
        Assert.Equal(2021, y2021.Year);
        Assert.Equal(252 * -0.002, y2021.AlphaReturn, 10);
        Assert.Equal(0.0, y2021.AlphaReturnNc, 10);
        Assert.True(double.IsNaN(y2021.AlphaSharpe)); // one day has no spread
        Assert.Equal(0.002, y2021.AlphaDrawdown, 12);
        Assert.Equal(0.0, y2021.AlphaDrawdownNc, 12);   // without costs the day is flat: no fall
        Assert.Equal(0.002, result.Overall.AlphaDrawdown, 12);
        Assert.Equal(0.0, result.Overall.AlphaDrawdownNc, 12);
        Assert.Equal(0.0, (double)((Dictionary<string, object>[])result.ToMetrics()["by_year"])[1]["alpha_drawdown_nc"], 12);
        Assert.Equal(1.0, y2021.Turnover, 12);

        Assert.Equal(0.5, result.Turnover, 12); // rebalances: 0 and 1
        Assert.Equal(3, result.Overall.Days);

        // Quantile 1 (low scores) daily: 0, +2.5% ({A, B}), 0 ({C, D}); quantile 2: +15%, +2.5%, 0.
        var curves = result.QuantileCurves();
        Assert.Equal([1.0, 1.025, 1.025], curves.Where(p => p.Quantile == 1).Select(p => Math.Round(p.Nav, 12)));
        Assert.Equal([1.15, 1.17875, 1.17875], curves.Where(p => p.Quantile == 2).Select(p => Math.Round(p.Nav, 12)));
        var nav = result.TopQuantileNav();
        Assert.Equal(1.15 - 0.001, nav[0].Strategy, 12);
        Assert.Equal(1.0302, nav[^1].Benchmark, 12);
    }

    [Fact]
    public void WithoutABenchmarkLevelTheEqualWeightUniverseIsTheBenchmark()
    {
        var evaluator = new FactorEvaluator(["A", "B", "C", "D"], new EvaluationConfig { Horizon = 1, Quantiles = 2, DecayHorizons = 1 });
        evaluator.AddDay(D0, [1, 2, 3, double.NaN], [10, 10, 10, 10]);
        evaluator.AddDay(D1, [1, 2, 3, 4], [10, 11, 12, 9]);
        // Every stock with a return counts, scored or not: (0 + .1 + .2 − .1) / 4.
        Assert.Equal(0.05, Assert.Single(evaluator.Result().Portfolio).BenchmarkReturn, 12);
    }

    [Fact]
    public void MetricsHoldTheArchitectureKeysAsPlainNumbers()
    {
        var evaluator = new FactorEvaluator(["A", "B", "C", "D"], new EvaluationConfig { Horizon = 1, Quantiles = 2, DecayHorizons = 2, MinStocks = 4 });
        evaluator.AddDay(D0, [1, 2, 3, 4], [10, 10, 10, 10], 1);
        evaluator.AddDay(D1, [1, 2, 3, 4], [10, 11, 12, 13], 1.01);
        evaluator.AddDay(D2, [1, 2, 3, 4], [10, 12, 14, 16], 1.02);
        var metrics = evaluator.Result().ToMetrics();
        foreach (var key in new[] { "ic_mean", "rank_ic_mean", "icir", "rank_icir", "ic_decay", "quantile_returns", "long_short_return", "turnover", "by_year" })
            Assert.True(metrics.ContainsKey(key), key);
        Assert.Equal(1.0, (double)metrics["rank_ic_mean"], 12); // returns rise with the score every day
        Assert.Equal(2, ((double[])metrics["quantile_returns"]).Length);
    }

    [Fact]
    public void BadInputIsRefusedWithWhatWasExpected()
    {
        Assert.Contains("horizon = 0", Assert.Throws<ArgumentException>(() => new FactorEvaluator(["A"], new EvaluationConfig { Horizon = 0 })).Message);
        Assert.Contains("cost", Assert.Throws<ArgumentException>(() => new FactorEvaluator(["A"], new EvaluationConfig { CostPerSide = -0.1 })).Message);
        Assert.Contains("min stocks = 1", Assert.Throws<ArgumentException>(() => new FactorEvaluator(["A"], new EvaluationConfig { MinStocks = 1 })).Message);
        var evaluator = new FactorEvaluator(["A", "B"], new EvaluationConfig());
        Assert.Contains("expected 2 scores", Assert.Throws<ArgumentException>(() => evaluator.AddDay(D0, [1], [1, 2])).Message);
        evaluator.AddDay(D1, [1, 2], [1, 2]);
        Assert.Contains("after 2021-03-02", Assert.Throws<ArgumentException>(() => evaluator.AddDay(D0, [1, 2], [1, 2])).Message);
    }
}

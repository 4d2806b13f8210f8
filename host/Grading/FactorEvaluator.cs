using AlphaHost.Sdk.Statistics;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Host.Grading;

/// <summary>
/// Grades a factor from prices, fed one trading day at a time: that day's scores and entry prices
/// for a fixed list of codes (NaN = none) and the benchmark level. A score dated t is paired with
/// the forward return p[t+lag+h] / p[t+lag] − 1 (see <see cref="EvaluationConfig.EntryLag"/>) only
/// when day t+lag+h arrives, so nothing is read ahead of its time. Per horizon:
/// H → <see cref="FactorSeries"/> (IC, RankIC, ICIR, quantiles, long-short);
/// 1..DecayHorizons → mean RankIC (IC decay);
/// 1 → daily quantile portfolios vs the benchmark (per-year alpha, cumulative curves, turnover).
/// Benchmark return over the same days: level[t+lag+1] / level[t+lag] − 1; where a level is
/// missing (NaN), the equal-weight mean return of every stock with a price both days instead.
/// </summary>
public sealed class FactorEvaluator
{
    private readonly string[] _codes;
    private readonly EvaluationConfig _config;
    private readonly Day?[] _ring;
    private readonly int[] _horizons;
    private readonly FactorSeries _main;
    private readonly List<double>[] _decay;
    private readonly PortfolioTurnover _top = new();
    private readonly List<PortfolioDay> _portfolio = new();
    private int _count;

    private sealed record Day(DateOnly Date, double[] Scores, double[] Prices, double Benchmark);

    public FactorEvaluator(IReadOnlyList<string> codes, EvaluationConfig config)
    {
        config.Validate();
        _codes = codes.ToArray();
        _config = config;
        _horizons = Enumerable.Range(1, config.DecayHorizons).Append(config.Horizon).Distinct().Order().ToArray();
        _ring = new Day?[config.EntryLag + _horizons[^1] + 1];
        _main = new FactorSeries(config.Quantiles, config.MinStocks);
        _decay = Enumerable.Range(0, config.DecayHorizons + 1).Select(_ => new List<double>()).ToArray();
    }

    public IReadOnlyList<string> Codes => _codes;
    public EvaluationConfig Config => _config;

    /// <summary>Adds the next trading day (dates strictly increasing; arrays aligned with <see cref="Codes"/>).</summary>
    public void AddDay(DateOnly date, ReadOnlySpan<double> scores, ReadOnlySpan<double> prices, double benchmarkLevel = double.NaN)
    {
        if (scores.Length != _codes.Length || prices.Length != _codes.Length)
            throw new ArgumentException($"day {date:yyyy-MM-dd}: expected {_codes.Length} scores and prices (one per code), got {scores.Length} and {prices.Length}");
        if (_count > 0 && _ring[(_count - 1) % _ring.Length]!.Date >= date)
            throw new ArgumentException($"day {date:yyyy-MM-dd}: expected a date after {_ring[(_count - 1) % _ring.Length]!.Date:yyyy-MM-dd}");
        int k = _count++;
        var today = new Day(date, scores.ToArray(), prices.ToArray(), benchmarkLevel);
        _ring[k % _ring.Length] = today;

        foreach (int h in _horizons)
        {
            int t = k - _config.EntryLag - h;
            if (t < 0) continue;
            var origin = _ring[t % _ring.Length]!;
            var entry = _ring[(t + _config.EntryLag) % _ring.Length]!;
            var day = new ScoredDay(origin.Date, _codes, origin.Scores, Returns(entry.Prices, today.Prices));
            if (h == _config.Horizon) _main.Observe(day);
            if (h <= _config.DecayHorizons && CrossSection.Of(day, _config.Quantiles, _config.MinStocks).RankIc is var rankIc && double.IsFinite(rankIc))
                _decay[h].Add(rankIc);
            if (h == 1) AddPortfolioDay(day, BenchmarkReturn(entry, today, day.ForwardReturns));
        }
    }

    private static double[] Returns(double[] entry, double[] exit)
    {
        var r = new double[entry.Length];
        for (int i = 0; i < r.Length; i++)
            r[i] = entry[i] > 0 && double.IsFinite(entry[i]) && double.IsFinite(exit[i]) ? exit[i] / entry[i] - 1 : double.NaN;
        return r;
    }

    private static double BenchmarkReturn(Day entry, Day exit, double[] stockReturns)
    {
        if (entry.Benchmark > 0 && double.IsFinite(entry.Benchmark) && double.IsFinite(exit.Benchmark))
            return exit.Benchmark / entry.Benchmark - 1;
        return SeriesStatistics.Mean(stockReturns.Where(double.IsFinite).ToArray());
    }

    private void AddPortfolioDay(ScoredDay day, double benchmarkReturn)
    {
        var section = CrossSection.Of(day, _config.Quantiles, _config.MinStocks);
        if (!section.CanLayer || !double.IsFinite(benchmarkReturn)) return;
        bool rebalance = _top.HasPrevious;
        double traded = _top.Rebalance(section.TopCodes());
        _portfolio.Add(new PortfolioDay(day.Date, section.QuantileMeans(), benchmarkReturn, traded, rebalance));
    }

    /// <summary>Everything measured so far (days whose horizon has not yet passed are not included).</summary>
    public EvaluationResult Result()
    {
        var decay = Enumerable.Range(1, _config.DecayHorizons)
            .Select(h => new DecayPoint(h, SeriesStatistics.Mean(_decay[h]), _decay[h].Count)).ToArray();
        var overall = AlphaRow.Of(null, _portfolio, _config.CostPerSide);
        return new EvaluationResult(_config, _main.DailyIc.ToArray(),
            _main.IcMean, _main.RankIcMean, _main.Icir, _main.RankIcir, decay,
            _main.QuantileReturns, _main.LongShortReturn, overall.Turnover, _main.RankAutocorrelationMean,
            _portfolio.ToArray(), AlphaRow.ByYear(_portfolio, _config.CostPerSide), overall);
    }
}

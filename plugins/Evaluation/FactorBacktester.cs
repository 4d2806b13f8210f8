using AlphaHost.Sdk.Statistics;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Plugins.Evaluation;

public sealed record FactorBacktesterConfig : PluginConfig
{
    /// <summary>Quantile groups ("layers"), e.g. 5 or 10.</summary>
    public int Quantiles { get; init; } = 5;
    /// <summary>Days with fewer stocks get no IC or RankIC (the notes: 20).</summary>
    public int MinStocks { get; init; } = EvaluationConfig.DefaultMinStocks;

    public override IEnumerable<ConfigError> Validate()
    {
        if (MinStocks < 2) yield return new(nameof(MinStocks), "an integer >= 2", MinStocks);
        if (Quantiles is < 2 or > 100) yield return new(nameof(Quantiles), "an integer in [2, 100]", Quantiles);
    }
}

/// <summary>
/// Streaming factor evaluator, fed one <see cref="ScoredDay"/> at a time in date order (the host
/// feeds a day only once its forward return is known). Over the stocks having both a score and a
/// forward return each day it keeps:
/// daily IC (Pearson) and RankIC (Spearman, average ranks); their means and ICIR = mean / sample std;
/// the mean forward return of each quantile (lowest score first) and long-short = top − bottom;
/// the one-way turnover of the equal-weight top quantile, ½ Σ|Δw|, averaged over rebalances;
/// and the lag-1 rank autocorrelation of the scores. Days with fewer stocks than quantiles get IC only;
/// days with fewer than MinStocks (20 by default) get no IC either.
/// </summary>
public sealed class FactorBacktester : IBacktester, IConfigurable<FactorBacktesterConfig>
{
    private FactorBacktesterConfig _config = new();
    private readonly List<IcPoint> _ic = new();
    private double[] _quantileSum = [];
    private int[] _quantileDays = [];
    private readonly List<double> _longShort = new();
    private readonly List<double> _turnover = new();
    private readonly List<double> _autocorrelation = new();
    private PortfolioTurnover _top = new();
    private RankAutocorrelation _ranks = new();
    private DateOnly? _last;

    public FactorBacktester() => Reset();

    public FactorBacktester(FactorBacktesterConfig config) => Configure(config);

    public PluginInfo Info { get; } = new("factor", "1.0.0", PluginFamily.Backtester,
        "IC, RankIC, ICIR, quantile returns, long-short, top-quantile turnover, rank autocorrelation",
        ConfigSchema.KeysOf<FactorBacktesterConfig>());

    public int QuantileCount => _config.Quantiles;

    public void Configure(FactorBacktesterConfig config)
    {
        if (config.Validate().FirstOrDefault() is { } error)
            throw new ArgumentException($"{error.JsonKey} = {error.Got}: expected {error.Expected}");
        _config = config;
        Reset();
    }

    private void Reset()
    {
        _ic.Clear();
        _quantileSum = new double[_config.Quantiles];
        _quantileDays = new int[_config.Quantiles];
        _longShort.Clear();
        _turnover.Clear();
        _autocorrelation.Clear();
        _top = new PortfolioTurnover();
        _ranks = new RankAutocorrelation();
        _last = null;
    }

    public void Observe(ScoredDay day)
    {
        if (_last is { } last && day.Date <= last)
            throw new ArgumentException($"day {day.Date:yyyy-MM-dd}: expected a date after {last:yyyy-MM-dd} (days must come in date order)");
        var section = CrossSection.Of(day, _config.Quantiles, _config.MinStocks);
        _last = day.Date;

        double autocorrelation = _ranks.Next(day.Codes, day.Scores);
        if (double.IsFinite(autocorrelation)) _autocorrelation.Add(autocorrelation);

        double ic = section.Ic, rankIc = section.RankIc;
        if (double.IsFinite(ic) && double.IsFinite(rankIc)) _ic.Add(new IcPoint(day.Date, ic, rankIc));

        if (!section.CanLayer) return;
        var means = section.QuantileMeans();
        for (int g = 0; g < means.Length; g++)
        {
            if (double.IsNaN(means[g])) continue;
            _quantileSum[g] += means[g];
            _quantileDays[g]++;
        }
        if (!double.IsNaN(means[0]) && !double.IsNaN(means[^1])) _longShort.Add(means[^1] - means[0]);
        bool rebalance = _top.HasPrevious;
        double traded = _top.Rebalance(section.TopCodes());
        if (rebalance) _turnover.Add(traded / 2);
    }

    public IReadOnlyList<IcPoint> DailyIc => _ic;
    public double IcMean => SeriesStatistics.Mean(_ic.Select(p => p.Ic).ToArray());
    public double RankIcMean => SeriesStatistics.Mean(_ic.Select(p => p.RankIc).ToArray());
    public double Icir => SeriesStatistics.InformationRatio(_ic.Select(p => p.Ic).ToArray());
    public double RankIcir => SeriesStatistics.InformationRatio(_ic.Select(p => p.RankIc).ToArray());

    /// <summary>Mean forward return per quantile over the days it was populated, lowest score first.</summary>
    public double[] QuantileReturns =>
        _quantileSum.Select((sum, g) => _quantileDays[g] > 0 ? sum / _quantileDays[g] : double.NaN).ToArray();

    public double LongShortReturn => SeriesStatistics.Mean(_longShort);
    public double Turnover => SeriesStatistics.Mean(_turnover);
    public double RankAutocorrelationMean => SeriesStatistics.Mean(_autocorrelation);

    public IReadOnlyDictionary<string, double> Metrics()
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["days"] = _ic.Count,
            ["ic_mean"] = IcMean,
            ["rank_ic_mean"] = RankIcMean,
            ["icir"] = Icir,
            ["rank_icir"] = RankIcir,
            ["long_short_return"] = LongShortReturn,
            ["turnover"] = Turnover,
            ["rank_autocorrelation"] = RankAutocorrelationMean,
        };
        var quantiles = QuantileReturns;
        for (int g = 0; g < quantiles.Length; g++) metrics[$"quantile_return_{g + 1}"] = quantiles[g];
        return metrics;
    }
}

using AlphaHost.Sdk.Statistics;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Plugins.Evaluation;

public sealed record FactorBacktesterConfig : PluginConfig
{
    /// <summary>Quantile groups ("layers"), e.g. 5 or 10.</summary>
    public int Quantiles { get; init; } = 5;
    /// <summary>Days with fewer stocks get no IC or RankIC (the notes: 20).</summary>
    public int MinStocks { get; init; } = CrossSection.DefaultMinStocks;

    public override IEnumerable<ConfigError> Validate()
    {
        if (MinStocks < 2) yield return new(nameof(MinStocks), "an integer >= 2", MinStocks);
        if (Quantiles is < 2 or > 100) yield return new(nameof(Quantiles), "an integer in [2, 100]", Quantiles);
    }
}

/// <summary>
/// The "factor" backtester: a factor's IC, RankIC, ICIR, quantile returns, long-short, top-quantile
/// turnover and rank autocorrelation over the days the host feeds it, in date order, each once its
/// forward return is known. The statistics are the SDK's <see cref="FactorSeries"/>; this plugin
/// names them as metrics.
/// </summary>
public sealed class FactorBacktester : IBacktester, IConfigurable<FactorBacktesterConfig>
{
    private FactorBacktesterConfig _config = new();
    private FactorSeries _series = null!;

    public FactorBacktester() => Configure(new FactorBacktesterConfig());

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
        _series = new FactorSeries(config.Quantiles, config.MinStocks);
    }

    public void Observe(ScoredDay day) => _series.Observe(day);

    public IReadOnlyList<IcPoint> DailyIc => _series.DailyIc;

    public IReadOnlyDictionary<string, double> Metrics()
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["days"] = _series.DailyIc.Count,
            ["ic_mean"] = _series.IcMean,
            ["rank_ic_mean"] = _series.RankIcMean,
            ["icir"] = _series.Icir,
            ["rank_icir"] = _series.RankIcir,
            ["long_short_return"] = _series.LongShortReturn,
            ["turnover"] = _series.Turnover,
            ["rank_autocorrelation"] = _series.RankAutocorrelationMean,
        };
        var quantiles = _series.QuantileReturns;
        for (int g = 0; g < quantiles.Length; g++) metrics[$"quantile_return_{g + 1}"] = quantiles[g];
        return metrics;
    }
}

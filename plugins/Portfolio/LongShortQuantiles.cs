using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Plugins.Portfolio;

/// <summary>
/// Market-neutral: split tradable scored stocks into q quantiles; long the top one and short the
/// bottom one, equal weight, each leg half of the gross exposure. floor(count / q) stocks per leg.
/// </summary>
public sealed class LongShortQuantiles : IPortfolioBuilder, IConfigurable<QuantilesConfig>
{
    private int _quantiles;
    private double _gross;

    public LongShortQuantiles() : this(new QuantilesConfig().Quantiles, new QuantilesConfig().Gross) { }

    public LongShortQuantiles(int quantiles, double gross = 1.0)
    {
        if (quantiles < 2) throw new ArgumentOutOfRangeException(nameof(quantiles), quantiles, "quantiles: expected at least 2");
        if (!(gross > 0)) throw new ArgumentOutOfRangeException(nameof(gross), gross, "gross: expected a positive exposure");
        _quantiles = quantiles;
        _gross = gross;
    }

    public void Configure(QuantilesConfig config) => (_quantiles, _gross) = (config.Quantiles, config.Gross);

    public PluginInfo Info => new("long_short_quantiles", "1.0.0", PluginFamily.Portfolio,
        "long the top quantile, short the bottom quantile, equal weight", ConfigSchema.KeysOf<QuantilesConfig>());

    public double[]? Build(PortfolioInput input)
    {
        var (w, budget) = Ranking.FreezeUntradable(input, _gross);
        var ranked = Ranking.RankedCandidates(input);
        int perLeg = ranked.Length / _quantiles;
        if (perLeg == 0) return w;
        double each = budget / 2 / perLeg;
        for (int k = 0; k < perLeg; k++)
        {
            w[ranked[k]] = each;
            w[ranked[ranked.Length - 1 - k]] = -each;
        }
        return w;
    }
}

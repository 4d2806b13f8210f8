using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Plugins.Portfolio;

/// <summary>Long the n best-scored tradable stocks, equal weight, fully invested.</summary>
public sealed class TopNEqualWeight : IPortfolioBuilder, IConfigurable<TopNConfig>
{
    private int _n;

    public TopNEqualWeight() : this(new TopNConfig().TopN) { }

    public TopNEqualWeight(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "topN: expected a positive count");
        _n = n;
    }

    public void Configure(TopNConfig config) => _n = config.TopN;

    public PluginInfo Info => new("top_n_equal", "1.0.0", PluginFamily.Portfolio,
        "long the top n scores, equal weight", ConfigSchema.KeysOf<TopNConfig>());

    public double[]? Build(PortfolioInput input)
    {
        var (w, budget) = Ranking.FreezeUntradable(input);
        var picked = Ranking.RankedCandidates(input).Take(_n).ToArray();
        foreach (var i in picked) w[i] = budget / picked.Length;
        return w;
    }
}

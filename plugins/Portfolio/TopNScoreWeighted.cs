using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Plugins.Portfolio;

/// <summary>
/// Long the n best-scored tradable stocks with weight ∝ (score − reference), where the reference is
/// the best score left out (the worst candidate when all are picked), so weights are positive and
/// fade to zero at the cut. Equal weights when every picked score equals the reference.
/// </summary>
public sealed class TopNScoreWeighted : IPortfolioBuilder, IConfigurable<TopNConfig>
{
    private int _n;

    public TopNScoreWeighted() : this(new TopNConfig().TopN) { }

    public TopNScoreWeighted(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "topN: expected a positive count");
        _n = n;
    }

    public void Configure(TopNConfig config) => _n = config.TopN;

    public PluginInfo Info => new("top_n_score_weighted", "1.0.0", PluginFamily.Portfolio,
        "long the top n scores, weight proportional to score above the cut", ConfigSchema.KeysOf<TopNConfig>());

    public double[]? Build(PortfolioInput input)
    {
        var (w, budget) = Ranking.FreezeUntradable(input);
        var ranked = Ranking.RankedCandidates(input);
        var picked = ranked.Take(_n).ToArray();
        if (picked.Length == 0) return w;
        double reference = ranked.Length > picked.Length ? input.Scores[ranked[picked.Length]] : input.Scores[picked[^1]];
        double total = picked.Sum(i => input.Scores[i] - reference);
        foreach (var i in picked)
            w[i] = total > 0 ? budget * (input.Scores[i] - reference) / total : budget / picked.Length;
        return w;
    }
}

using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Plugins.Portfolio;

/// <summary>
/// Long <c>n</c> stocks with a rank buffer, the way practitioners hold a slow factor: a stock
/// enters when it ranks in the top <c>n</c>, and a holding is kept while it still ranks in the top
/// <c>keep</c> (keep ≥ n). Kept holdings are left at their current weight (no trade to undo
/// price drift); the names sold make room, and the entrants share what the sells free equally,
/// best-ranked first, until <c>n</c> are held. Before the first buy (nothing held) that is the top
/// <c>n</c> at equal weight. A holding that cannot trade (suspended) stays as it is. With
/// keep = n this is <see cref="TopNEqualWeight"/> without the daily re-weighting.
/// Uses only the scores and weights of the tick it is given: no look-ahead.
/// </summary>
public sealed class BufferedTopN : IPortfolioBuilder, IConfigurable<BufferedTopNConfig>
{
    private int _n, _keep;

    public BufferedTopN() : this(new BufferedTopNConfig().TopN, new BufferedTopNConfig().KeepRank) { }

    public BufferedTopN(int n, int keep)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "topN: expected a positive count");
        if (keep < n) throw new ArgumentOutOfRangeException(nameof(keep), keep, $"keepRank: expected at least topN ({n})");
        _n = n;
        _keep = keep;
    }

    public void Configure(BufferedTopNConfig config) => (_n, _keep) = (config.TopN, config.KeepRank);

    public PluginInfo Info => new("buffered_top_n", "1.0.0", PluginFamily.Portfolio,
        "long the top n, held while in the top keep; entrants share the freed weight equally", ConfigSchema.KeysOf<BufferedTopNConfig>());

    public double[]? Build(PortfolioInput input)
    {
        var (w, budget) = Ranking.FreezeUntradable(input);
        var ranked = Ranking.RankedCandidates(input);
        var rankOf = new Dictionary<int, int>(ranked.Length);
        for (int r = 0; r < ranked.Length; r++) rankOf[ranked[r]] = r;

        int held = 0;
        double keptWeight = 0;
        for (int i = 0; i < input.Count; i++)
        {
            if (!input.Tradable[i]) { if (w[i] != 0) held++; continue; }
            if (input.CurrentWeights[i] > 0 && rankOf.TryGetValue(i, out int r) && r < _keep)
            {
                w[i] = input.CurrentWeights[i];
                keptWeight += w[i];
                held++;
            }
        }
        var entrants = ranked.Where(i => w[i] == 0).Take(Math.Max(0, _n - held)).ToArray();
        if (entrants.Length == 0)
        {
            // Nothing to buy: scale the kept names only if they exceed the budget (never lever up).
            if (keptWeight > budget && keptWeight > 0)
                foreach (var i in ranked) w[i] *= budget / keptWeight;
            return w;
        }
        double free = budget - keptWeight;
        if (free <= 0) return w; // fully invested in kept names; entrants wait for room
        foreach (var i in entrants) w[i] = free / entrants.Length;
        return w;
    }
}

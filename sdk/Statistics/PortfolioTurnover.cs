namespace AlphaHost.Sdk.Statistics;

/// <summary>
/// Rebalancing of an equal-weight portfolio held from one day to the next (e.g. the top quantile).
/// Traded = Σ_i |w_i,t − w_i,t−1| (buys plus sells, as a fraction of NAV; 1 when built from cash);
/// one-way turnover = Traded / 2, the share of the portfolio replaced (new names / names, at equal size).
/// </summary>
public sealed class PortfolioTurnover
{
    private Dictionary<string, double> _previous = new(StringComparer.Ordinal);

    /// <summary>True once a portfolio has been held, so the next call is a rebalance, not the initial build.</summary>
    public bool HasPrevious { get; private set; }

    /// <summary>Moves to an equal-weight portfolio of <paramref name="codes"/>; returns the two-sided traded fraction.</summary>
    public double Rebalance(IReadOnlyCollection<string> codes)
    {
        var weights = new Dictionary<string, double>(codes.Count, StringComparer.Ordinal);
        foreach (var code in codes) weights[code] = 1.0 / codes.Count;
        double traded = 0;
        foreach (var (code, w) in weights) traded += Math.Abs(w - _previous.GetValueOrDefault(code));
        foreach (var (code, w) in _previous) if (!weights.ContainsKey(code)) traded += w;
        _previous = weights;
        HasPrevious = true;
        return traded;
    }
}

using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Plugins.Portfolio;

/// <summary>Rebalances on ticks 0, k, 2k, ... and holds in between (returns null: no new orders).</summary>
public sealed class RebalanceEvery : IPortfolioBuilder
{
    private readonly IPortfolioBuilder _inner;
    private readonly int _k;

    public RebalanceEvery(IPortfolioBuilder inner, int k)
    {
        if (k <= 0) throw new ArgumentOutOfRangeException(nameof(k), k, "rebalance_every: expected a positive tick count");
        _inner = inner;
        _k = k;
    }

    public PluginInfo Info => new($"rebalance_every({_inner.Info.Name})", "1.0.0", PluginFamily.Portfolio,
        "rebalances every k ticks and holds in between", ["rebalance_every"]);

    public double[]? Build(PortfolioInput input) => input.Tick % _k == 0 ? _inner.Build(input) : null;
}

using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Plugins.Portfolio;

/// <summary>
/// Limits one-way turnover (½ Σ |target − current|) per rebalance: when the inner builder asks for
/// more, every trade is scaled by the same factor, so the portfolio moves part of the way.
/// </summary>
public sealed class TurnoverLimited : IPortfolioBuilder
{
    private readonly IPortfolioBuilder _inner;
    private readonly double _maxTurnover;

    public TurnoverLimited(IPortfolioBuilder inner, double maxTurnover)
    {
        if (!(maxTurnover > 0)) throw new ArgumentOutOfRangeException(nameof(maxTurnover), maxTurnover, "max_turnover: expected a positive fraction");
        _inner = inner;
        _maxTurnover = maxTurnover;
    }

    public PluginInfo Info => new($"turnover_limited({_inner.Info.Name})", "1.0.0", PluginFamily.Portfolio,
        "scales trades so one-way turnover per rebalance stays within a limit", ["max_turnover"]);

    public double[]? Build(PortfolioInput input)
    {
        var target = _inner.Build(input);
        if (target is null) return null;
        double turnover = 0;
        for (int i = 0; i < target.Length; i++) turnover += Math.Abs(target[i] - input.CurrentWeights[i]);
        turnover /= 2;
        if (turnover <= _maxTurnover) return target;
        double scale = _maxTurnover / turnover;
        for (int i = 0; i < target.Length; i++)
            target[i] = input.CurrentWeights[i] + (target[i] - input.CurrentWeights[i]) * scale;
        return target;
    }
}

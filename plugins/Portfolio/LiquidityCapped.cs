using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Plugins.Portfolio;

/// <summary>
/// Caps each target of an inner builder at share × (20-day average traded value) / capital, the
/// most a fund of that capital could trade without dominating the stock; what is cut is handed to
/// the uncapped names of the same side in proportion to their weight, repeatedly, until nothing
/// is left over or every name is capped (the rest stays in cash).
/// </summary>
public sealed class LiquidityCapped : IPortfolioBuilder
{
    private readonly IPortfolioBuilder _inner;
    private readonly double _capital;
    private readonly double _share;

    public LiquidityCapped(IPortfolioBuilder inner, double capital, double share)
    {
        if (!(capital > 0)) throw new ArgumentOutOfRangeException(nameof(capital), capital, "capital: expected a positive amount");
        if (!(share > 0)) throw new ArgumentOutOfRangeException(nameof(share), share, "liquidity_share: expected a positive fraction");
        _inner = inner;
        _capital = capital;
        _share = share;
    }

    public PluginInfo Info => new($"liquidity_capped({_inner.Info.Name})", "1.0.0", PluginFamily.Portfolio,
        "caps each weight at a share of 20-day average traded value over capital", ["capital", "liquidity_share"]);

    public double[]? Build(PortfolioInput input)
    {
        var w = _inner.Build(input);
        if (w is null) return null;
        var caps = new double[w.Length];
        for (int i = 0; i < w.Length; i++)
            caps[i] = double.IsFinite(input.AvgTradedValue20[i]) ? Math.Max(0, _share * input.AvgTradedValue20[i] / _capital) : 0;
        CapSide(w, caps, sign: 1, input);
        CapSide(w, caps, sign: -1, input);
        return w;
    }

    private static void CapSide(double[] w, double[] caps, int sign, PortfolioInput input)
    {
        var open = new List<int>();
        for (int i = 0; i < w.Length; i++)
            if (Math.Sign(w[i]) == sign && input.Tradable[i]) open.Add(i);
        while (open.Count > 0)
        {
            double excess = 0;
            var stillOpen = new List<int>(open.Count);
            foreach (var i in open)
            {
                double a = Math.Abs(w[i]);
                if (a > caps[i]) { excess += a - caps[i]; w[i] = sign * caps[i]; }
                else if (a < caps[i]) stillOpen.Add(i);
            }
            open = stillOpen;
            if (excess <= 1e-15 || open.Count == 0) return;
            double base_ = open.Sum(i => Math.Abs(w[i]));
            if (base_ <= 0) return;
            foreach (var i in open) w[i] += sign * excess * Math.Abs(w[i]) / base_;
        }
    }
}

/// <summary>The liquidity-capped top n: names held, the fund's capital, and the share of a stock's traded value one position may take.</summary>
public sealed record LiquidityCappedConfig : PluginConfig
{
    public int TopN { get; init; } = 30;
    public double Capital { get; init; } = 150_000_000;
    public double LiquidityShare { get; init; } = 0.1;

    public override IEnumerable<ConfigError> Validate()
    {
        if (TopN < 1) yield return new(nameof(TopN), "an integer >= 1", TopN);
        if (!(Capital > 0) || double.IsInfinity(Capital)) yield return new(nameof(Capital), "a positive amount", Capital);
        if (LiquidityShare is <= 0 or > 1 || double.IsNaN(LiquidityShare)) yield return new(nameof(LiquidityShare), "a number in (0, 1]", LiquidityShare);
    }
}

/// <summary>
/// The top n equally weighted, each weight capped by <see cref="LiquidityCapped"/> at share × 20-day
/// average traded value / capital (the losses note's 150 M fund), as a portfolio plugin.
/// </summary>
public sealed class LiquidityCappedTopN : IPortfolioBuilder, IConfigurable<LiquidityCappedConfig>
{
    private LiquidityCappedConfig _config = new();

    public PluginInfo Info { get; } = new("liquidity_capped_top_n", "1.0.0", PluginFamily.Portfolio,
        "top n equal weight, each capped at a share of its 20-day traded value over the capital", ConfigSchema.KeysOf<LiquidityCappedConfig>());

    public void Configure(LiquidityCappedConfig config) => _config = config;

    public double[]? Build(PortfolioInput input) =>
        new LiquidityCapped(new TopNEqualWeight(_config.TopN), _config.Capital, _config.LiquidityShare).Build(input);
}

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

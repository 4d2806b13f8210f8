using AlphaHost.Sdk.Plugins;
using TorchSharp;
using static TorchSharp.torch;

namespace AlphaHost.Plugins.Labels;

public enum EntryPrice { Open, Vwap }

/// <summary>What the forward return is measured against.</summary>
public enum Excess { None, CrossSectionalMean, Benchmark }

/// <summary>
/// How the (excess) return becomes the training target: as it is, z-scored or ranked across the
/// day's stocks, binned into classes, 1 when above the day's mean, or 1 when above 0 (its direction).
/// </summary>
public enum LabelTransform { Raw, ZScore, Rank, Bins, AboveMean, Direction }

/// <summary>
/// A forward-return label. The label dated d enters at day d+1's open (or vwap) and exits at the
/// same price type on day d+1+H: price[d+1+H] / price[d+1] − 1. It is masked (never faked) when the
/// stock cannot be bought at entry (suspended, or limit-up at the open) or when the exit lies beyond
/// the panel. Bins: class index = number of edges ≤ value (default edges −3.5%, −1.5%, 1.5%, 3.5%
/// give classes 0..4 for −2..2). Horizons (e.g. [1, 3, 5, 10]) makes one label of several outputs,
/// one per horizon (shortest first), each computed as above; it replaces Horizon, and the longest is the
/// label's horizon: the walk-forward gap, the score traded and the run's grades use it.
/// </summary>
public sealed record LabelSpec : PluginConfig
{
    public int Horizon { get; init; } = 5;
    /// <summary>Several horizons in one fit (a model output per horizon); empty = just <see cref="Horizon"/>.</summary>
    public int[] Horizons { get; init; } = [];
    public EntryPrice Entry { get; init; } = EntryPrice.Open;
    public Excess Excess { get; init; } = Excess.CrossSectionalMean;
    public LabelTransform Transform { get; init; } = LabelTransform.Raw;
    public double[] Edges { get; init; } = [-0.035, -0.015, 0.015, 0.035];

    public override IEnumerable<ConfigError> Validate()
    {
        if (Horizon < 1) yield return new(nameof(Horizon), "an integer >= 1", Horizon);
        if (Edges.Zip(Edges.Skip(1)).Any(p => p.First >= p.Second)) yield return new(nameof(Edges), "increasing numbers", string.Join(", ", Edges));
        if (Horizons.Any(h => h < 1) || Horizons.Distinct().Count() != Horizons.Length)
            yield return new(nameof(Horizons), "distinct integers >= 1, e.g. [1, 3, 5, 10]", string.Join(", ", Horizons));
        if (Horizons.Length > 1 && Transform == LabelTransform.Bins)
            yield return new(nameof(Horizons), "one horizon with \"transform\": \"Bins\" (a class head predicts one horizon)", string.Join(", ", Horizons));
    }

    /// <summary>The horizons of the outputs, shortest first (the last, longest, is the one traded and graded).</summary>
    public int[] OutputHorizons => Horizons.Length > 0 ? [.. Horizons.Order()] : [Horizon];
}

public sealed class ForwardReturnLabel(LabelSpec? spec) : ILabel, IConfigurable<LabelSpec>
{
    public ForwardReturnLabel() : this(null) { }
    public LabelSpec Spec { get; private set; } = spec ?? new LabelSpec();
    public void Configure(LabelSpec config) => Spec = config;
    public int Horizon => Spec.OutputHorizons.Max();
    public IReadOnlyList<int> Horizons => Spec.OutputHorizons;
    public LabelKind Kind => Spec.Transform switch
    {
        LabelTransform.Bins => LabelKind.Classes,
        LabelTransform.AboveMean or LabelTransform.Direction => LabelKind.Binary,
        _ => LabelKind.Continuous,
    };
    public int Classes => Spec.Transform == LabelTransform.Bins ? Spec.Edges.Length + 1 : 0;
    public PluginInfo Info => new("forward_return", "1.0.0", PluginFamily.Label,
        "return from the next bar's open/vwap over H days (or several horizons); excess, z-score, rank, bins, above mean, direction", ConfigSchema.KeysOf<LabelSpec>());

    public LabelResult Compute(LabelPanel panel)
    {
        var horizons = Spec.OutputHorizons;
        if (horizons.Length == 1) return Compute(panel, horizons[0]);
        // One output per horizon, each its own cross-section; a stock counts where every horizon is known.
        using var scope = torch.NewDisposeScope();
        var each = horizons.Select(h => Compute(panel, h)).ToArray();
        var mask = each.Select(r => r.Mask).Aggregate((a, b) => a.logical_and(b));
        var values = torch.stack(each.Select(r => r.Values).ToArray(), 2).masked_fill(mask.logical_not().unsqueeze(2), double.NaN);
        return new LabelResult(values.MoveToOuterDisposeScope(), mask.MoveToOuterDisposeScope());
    }

    private LabelResult Compute(LabelPanel panel, int horizon)
    {
        using var scope = torch.NewDisposeScope();
        var price = (Spec.Entry == EntryPrice.Open ? panel.Open : panel.Vwap).to(ScalarType.Float64);
        var entry = Panels.Shift(price, 1);
        var exit = Panels.Shift(price, 1 + horizon);
        var returns = exit / entry - 1.0;
        var mask = Panels.Enterable(panel, returns);
        if (Spec.Excess == Excess.Benchmark)
        {
            var bench = panel.Benchmark ?? throw new ArgumentException("excess over a benchmark needs LabelPanel.Benchmark [days]");
            var b = bench.to(ScalarType.Float64);
            returns = returns - (Panels.Shift(b, 1 + horizon) / Panels.Shift(b, 1) - 1.0).unsqueeze(1);
            mask = mask.logical_and(returns.isnan().logical_not());
        }
        else if (Spec.Excess == Excess.CrossSectionalMean)
        {
            returns = returns - CrossSection.Mean(returns, mask);
        }
        var values = Spec.Transform switch
        {
            LabelTransform.Raw => returns,
            LabelTransform.ZScore => CrossSection.ZScore(returns, mask),
            LabelTransform.Rank => CrossSection.UniformRank(returns, mask),
            LabelTransform.Bins => Bins(returns, Spec.Edges),
            LabelTransform.AboveMean => returns.gt(CrossSection.Mean(returns, mask)).to(ScalarType.Float64),
            LabelTransform.Direction => returns.gt(0).to(ScalarType.Float64),
            _ => throw new ArgumentOutOfRangeException(),
        };
        return new LabelResult(Panels.Where(mask, values, double.NaN).MoveToOuterDisposeScope(), mask.MoveToOuterDisposeScope());
    }

    private static Tensor Bins(Tensor returns, double[] edges)
    {
        var count = torch.zeros_like(returns);
        foreach (var e in edges) count = count + returns.ge(e).to(ScalarType.Float64);
        return count;
    }
}

/// <summary>
/// Risk-adjusted label: mean / standard deviation (sample) of the intraday bar returns over the H
/// days after entry (d+1 … d+H) — a Sharpe ratio of the path, not just its end point.
/// </summary>
public sealed record RiskAdjustedConfig : PluginConfig
{
    public int Horizon { get; init; } = 5;

    public override IEnumerable<ConfigError> Validate()
    {
        if (Horizon < 1) yield return new(nameof(Horizon), "an integer >= 1", Horizon);
    }
}

public sealed class RiskAdjustedLabel(int horizon) : ILabel, IConfigurable<RiskAdjustedConfig>
{
    public RiskAdjustedLabel() : this(new RiskAdjustedConfig().Horizon) { }
    public int Horizon { get; private set; } = horizon;
    public void Configure(RiskAdjustedConfig config) => Horizon = config.Horizon;
    public PluginInfo Info => new("risk_adjusted", "1.0.0", PluginFamily.Label, "mean / std of intraday bar returns over the horizon", ConfigSchema.KeysOf<RiskAdjustedConfig>());

    public LabelResult Compute(LabelPanel panel)
    {
        using var scope = torch.NewDisposeScope();
        var bars = (panel.IntradayReturns ?? throw new ArgumentException("risk_adjusted needs intraday bar returns (LabelPanel.IntradayReturns): use a market with intraday bars, e.g. `alphahost market generate --intraday-bars 8`")).to(ScalarType.Float64);
        // Days d+1..d+H laid side by side: [D, N, H·bars], NaN past the panel's end.
        var path = torch.cat(Enumerable.Range(1, Horizon).Select(k => Panels.Shift(bars, k)).ToArray(), 2);
        var mean = path.mean([2]);
        var std = path.std(2, unbiased: true);
        var sharpe = Panels.Where(std.gt(0), mean / Panels.Where(std.gt(0), std, 1.0), 0.0);
        var mask = Panels.Enterable(panel, mean);
        return new LabelResult(Panels.Where(mask, sharpe, double.NaN).MoveToOuterDisposeScope(), mask.MoveToOuterDisposeScope());
    }
}

/// <summary>Shifts and masks on [days, ...] panels.</summary>
public static class Panels
{
    /// <summary>result[d] = x[d + k]; NaN where d + k is past the last day (the future is not known).</summary>
    public static Tensor Shift(Tensor x, int k)
    {
        long days = x.size(0);
        if (k >= days) return torch.full_like(x, double.NaN);
        var shape = x.shape;
        shape[0] = k;
        return torch.cat([x.narrow(0, k, days - k), torch.full(shape, double.NaN, x.dtype, x.device)], 0);
    }

    /// <summary>True where the stock can be bought at the next bar (tradable, not limit-up at the open) and the value is known.</summary>
    public static Tensor Enterable(LabelPanel panel, Tensor value)
    {
        var tradable = Shift(panel.Tradable.to(ScalarType.Float64), 1).eq(1);
        var limitUp = Shift(panel.LimitUpAtOpen.to(ScalarType.Float64), 1).eq(1);
        return tradable.logical_and(limitUp.logical_not()).logical_and(value.isnan().logical_not());
    }

    /// <summary>
    /// torch.where with a scalar otherwise (TorchSharp has no such overload): x where the bool condition
    /// holds, else the value, in x's dtype and on x's device.
    /// </summary>
    public static Tensor Where(Tensor condition, Tensor x, double otherwise) => x.masked_fill(condition.logical_not(), otherwise);
}

/// <summary>Cross-sectional (per day, over the masked stocks) transforms of [days, stocks] panels.</summary>
public static class CrossSection
{
    public static Tensor Mean(Tensor x, Tensor mask)
    {
        var w = mask.to(x.dtype);
        return (Panels.Where(mask, x, 0.0).sum(1, keepdim: true) / w.sum(1, keepdim: true).clamp_min(1));
    }

    /// <summary>(x − mean) / sample std per day; 0 where the day's std is 0.</summary>
    public static Tensor ZScore(Tensor x, Tensor mask)
    {
        var w = mask.to(x.dtype);
        var centred = Panels.Where(mask, x - Mean(x, mask), 0.0);
        var variance = centred.square().sum(1, keepdim: true) / (w.sum(1, keepdim: true) - 1).clamp_min(1);
        var std = variance.sqrt();
        return Panels.Where(std.gt(0), centred / Panels.Where(std.gt(0), std, 1.0), 0.0);
    }

    /// <summary>Average rank (ties share their mean rank) scaled to [0, 1]: (rank − 1) / (N − 1) over the day's stocks.</summary>
    public static Tensor UniformRank(Tensor x, Tensor mask)
    {
        // Masked stocks sort last as +inf and are never counted below or equal to a real value.
        var clean = Panels.Where(mask, x, double.PositiveInfinity).contiguous();
        var sorted = clean.sort(1).Values;
        var below = torch.searchsorted(sorted, clean, right: false).to(x.dtype);       // #(x_j < x_i)
        var belowOrEqual = torch.searchsorted(sorted, clean, right: true).to(x.dtype); // #(x_j <= x_i)
        var rank = below + (belowOrEqual - below + 1.0) / 2.0;
        var n = mask.to(x.dtype).sum(1, keepdim: true);
        return Panels.Where(n.gt(1), (rank - 1.0) / (n - 1.0).clamp_min(1), 0.5);
    }
}

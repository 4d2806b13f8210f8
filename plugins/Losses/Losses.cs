using AlphaHost.Sdk.Plugins;
using TorchSharp;
using static TorchSharp.torch;

namespace AlphaHost.Plugins.Losses;

public abstract class DayLoss : ILoss
{
    public virtual LabelKind Expects => LabelKind.Continuous;

    protected abstract string Name { get; }
    protected abstract string Summary { get; }
    protected virtual IReadOnlyList<string> ConfigKeys => [];
    public PluginInfo Info => new(Name, "1.0.0", PluginFamily.Loss, Summary, ConfigKeys);

    public Tensor Compute(LossInput input)
    {
        using var scope = torch.NewDisposeScope();
        var mask = input.Mask.to(ScalarType.Bool);
        return Compute(input, mask).MoveToOuterDisposeScope();
    }

    protected abstract Tensor Compute(LossInput input, Tensor mask);
}

/// <summary>Mean squared error over each day's stocks, averaged over days.</summary>
public sealed class MseLoss : DayLoss
{
    protected override string Name => "mse";
    protected override string Summary => "mean squared error per day, averaged over days";
    protected override Tensor Compute(LossInput input, Tensor mask)
    {
        var error = DayStatistics.Clean(input.Predictions - DayStatistics.Clean(input.Labels, mask), mask).square();
        var perDay = error.sum(1) / DayStatistics.Count(mask).clamp_min(1);
        return DayStatistics.MeanOverDays(perDay, mask, 1);
    }
}

/// <summary>Negative Pearson correlation (IC) between predictions and labels per day.</summary>
public sealed class IcLoss : DayLoss
{
    protected override string Name => "ic";
    protected override string Summary => "−Pearson(prediction, label) per day, averaged over days";
    protected override Tensor Compute(LossInput input, Tensor mask)
    {
        var w = mask.to(input.Predictions.dtype);
        var ic = DayStatistics.WeightedPearson(DayStatistics.Clean(input.Predictions, mask), DayStatistics.Clean(input.Labels, mask), w);
        return -DayStatistics.MeanOverDays(ic, mask, 2);
    }
}

/// <summary>RankIC surrogate: Pearson of predictions against the labels' ranks (ordinal, per day).</summary>
public sealed class RankIcLoss : DayLoss
{
    protected override string Name => "rank_ic";
    protected override string Summary => "−Pearson(prediction, rank of label) per day, averaged over days";
    protected override Tensor Compute(LossInput input, Tensor mask)
    {
        var w = mask.to(input.Predictions.dtype);
        var ranks = DayStatistics.Ranks(input.Labels, mask, descending: false);
        var ic = DayStatistics.WeightedPearson(DayStatistics.Clean(input.Predictions, mask), DayStatistics.Clean(ranks, mask), w);
        return -DayStatistics.MeanOverDays(ic, mask, 2);
    }
}

/// <summary>
/// WPCC: weighted Pearson correlation with the day's true returns ranked descending and the stock
/// of rank j (1 = best) weighted 0.5^((j−1)/(N−1)) — the top of the ranking counts twice the bottom.
/// Means, covariance and standard deviations are all weighted (the research notes' snippet used
/// unweighted means inside the weighted standard deviations; the consistent form is used here).
/// </summary>
public sealed class WpccLoss : DayLoss
{
    protected override string Name => "wpcc";
    protected override string Summary => "−weighted Pearson, weight 0.5^((j−1)/(N−1)) for true-return rank j";
    protected override Tensor Compute(LossInput input, Tensor mask)
    {
        var labels = DayStatistics.Clean(input.Labels, mask);
        var weights = RankWeights(input.Labels, mask);
        var rho = DayStatistics.WeightedPearson(DayStatistics.Clean(input.Predictions, mask), labels, weights);
        return -DayStatistics.MeanOverDays(rho, mask, 2);
    }

    /// <summary>0.5^((j−1)/(N−1)) by descending label rank j within each day; 0 on masked stocks.</summary>
    public static Tensor RankWeights(Tensor labels, Tensor mask)
    {
        using var noGrad = torch.no_grad();
        var rank = DayStatistics.Ranks(labels, mask, descending: true);                        // j − 1
        var span = (DayStatistics.Count(mask) - 1).clamp_min(1).unsqueeze(1).to(labels.dtype);  // N − 1
        var weights = torch.full([1], 0.5, labels.dtype, labels.device).pow(rank / span);
        return DayStatistics.Where(mask, weights, 0.0);
    }
}

/// <summary>
/// LIQ-WPCC: weighted Pearson with w = 0.5 + 0.5·sigmoid(α·l·r), l the day's min-max-normalised log
/// traded value and r the true return: liquid winners weigh ~1, anything illiquid or losing ~0.5.
/// </summary>
/// <summary>Config of liq_wpcc.</summary>
public sealed record LiqWpccConfig : PluginConfig
{
    /// <summary>Steepness α of the sigmoid; 40 maps typical l·r to about [−4, 4].</summary>
    public double Alpha { get; init; } = 40;

    public override IEnumerable<ConfigError> Validate()
    {
        if (!(Alpha > 0)) yield return new(nameof(Alpha), "a positive number", Alpha);
    }
}

public sealed class LiqWpccLoss(double alpha) : DayLoss, IConfigurable<LiqWpccConfig>
{
    public LiqWpccLoss() : this(new LiqWpccConfig().Alpha) { }
    public double Alpha { get; private set; } = alpha;
    public void Configure(LiqWpccConfig config) => Alpha = config.Alpha;
    protected override string Name => "liq_wpcc";
    protected override string Summary => "−weighted Pearson, w = 0.5 + 0.5·sigmoid(α·l·r), l = min-max log liquidity";
    protected override IReadOnlyList<string> ConfigKeys => ConfigSchema.KeysOf<LiqWpccConfig>();
    protected override Tensor Compute(LossInput input, Tensor mask)
    {
        var liquidity = input.Liquidity ?? throw new ArgumentException("liq_wpcc needs the stocks' traded value (LossInput.Liquidity)");
        var labels = DayStatistics.Clean(input.Labels, mask);
        var weights = LiquidityWeights(labels, liquidity, mask, Alpha);
        var rho = DayStatistics.WeightedPearson(DayStatistics.Clean(input.Predictions, mask), labels, weights);
        return -DayStatistics.MeanOverDays(rho, mask, 2);
    }

    public static Tensor LiquidityWeights(Tensor returns, Tensor liquidity, Tensor mask, double alpha)
    {
        using var noGrad = torch.no_grad();
        var logLiquidity = DayStatistics.Where(mask, liquidity.clamp_min(1e-12).log(), 0.0);
        var low = DayStatistics.Where(mask, logLiquidity, double.PositiveInfinity).amin([1], keepdim: true);
        var high = DayStatistics.Where(mask, logLiquidity, double.NegativeInfinity).amax([1], keepdim: true);
        var range = high - low;
        var l = DayStatistics.Where(range.gt(0), (logLiquidity - low) / DayStatistics.Where(range.gt(0), range, 1.0), 0.0);
        var w = (l * returns * alpha).sigmoid() * 0.5 + 0.5;
        return DayStatistics.Where(mask, w, 0.0);
    }
}

/// <summary>Binary cross-entropy of logits against 0/1 labels (e.g. above the day's mean), per day.</summary>
public sealed class BceLoss : DayLoss
{
    public override LabelKind Expects => LabelKind.Binary;
    protected override string Name => "bce";
    protected override string Summary => "binary cross-entropy of logits vs 0/1 labels per day, averaged over days";
    protected override Tensor Compute(LossInput input, Tensor mask)
    {
        var each = nn.functional.binary_cross_entropy_with_logits(DayStatistics.Clean(input.Predictions, mask), DayStatistics.Clean(input.Labels, mask), reduction: nn.Reduction.None);
        var perDay = DayStatistics.Clean(each, mask).sum(1) / DayStatistics.Count(mask).clamp_min(1);
        return DayStatistics.MeanOverDays(perDay, mask, 1);
    }
}

/// <summary>Cross-entropy of class logits [B, N, C] against class indices 0..C−1 (lowest bin = 0), per day.</summary>
public sealed class CrossEntropyLoss : DayLoss
{
    public override LabelKind Expects => LabelKind.Classes;
    protected override string Name => "cross_entropy";
    protected override string Summary => "cross-entropy of class logits vs class index per day, averaged over days";
    protected override Tensor Compute(LossInput input, Tensor mask)
    {
        long b = input.Predictions.size(0), n = input.Predictions.size(1), c = input.Predictions.size(2);
        var target = DayStatistics.Clean(input.Labels, mask).to(ScalarType.Int64).view(b * n);
        var each = nn.functional.cross_entropy(input.Predictions.reshape(b * n, c), target, reduction: nn.Reduction.None).view(b, n);
        var perDay = DayStatistics.Clean(each, mask).sum(1) / DayStatistics.Count(mask).clamp_min(1);
        return DayStatistics.MeanOverDays(perDay, mask, 1);
    }
}

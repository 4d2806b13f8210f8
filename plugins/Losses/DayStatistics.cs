using TorchSharp;
using static TorchSharp.torch;

namespace AlphaHost.Plugins.Losses;

/// <summary>Per-day (row-wise over stocks) statistics of [days, stocks] tensors under a mask.</summary>
public static class DayStatistics
{
    /// <summary>Masked values replaced by 0, so a NaN label of a masked stock cannot reach a sum (or a gradient).</summary>
    public static Tensor Clean(Tensor x, Tensor mask) => Where(mask, x, 0.0);

    /// <summary>
    /// torch.where with a scalar otherwise (TorchSharp has no such overload): x where the bool condition
    /// holds, else the value, in x's dtype and on x's device. ~ (bitwise_not, as in PyTorch) of a bool tensor
    /// is its logical not and, unlike logical_not, has a meta kernel (the device tests run on meta).
    /// </summary>
    public static Tensor Where(Tensor condition, Tensor x, double otherwise) => x.masked_fill(~condition, otherwise);

    /// <summary>
    /// Weighted Pearson correlation per day: weighted means, weighted covariance and weighted
    /// variances, all normalised by Σw. Weights must be 0 on masked stocks. [B, N] → [B].
    /// The denominator is floored at 1e-12 so a constant prediction gives 0, not NaN.
    /// </summary>
    public static Tensor WeightedPearson(Tensor x, Tensor y, Tensor weights)
    {
        var total = weights.sum(1, keepdim: true).clamp_min(1e-12);
        var mx = (weights * x).sum(1, keepdim: true) / total;
        var my = (weights * y).sum(1, keepdim: true) / total;
        var cx = x - mx;
        var cy = y - my;
        var cov = (weights * cx * cy).sum(1) / total.squeeze(1);
        var vx = (weights * cx * cx).sum(1) / total.squeeze(1);
        var vy = (weights * cy * cy).sum(1) / total.squeeze(1);
        return cov / (vx * vy).clamp_min(1e-24).sqrt();
    }

    /// <summary>Stocks counted per day.</summary>
    public static Tensor Count(Tensor mask) => mask.to(ScalarType.Float32).sum(1);

    /// <summary>Mean over the days that have at least `minimum` stocks; 0 (with a zero gradient) when none has.</summary>
    public static Tensor MeanOverDays(Tensor perDay, Tensor mask, int minimum)
    {
        var usable = Count(mask).ge(minimum).to(perDay.dtype);
        return (perDay.nan_to_num() * usable).sum() / usable.sum().clamp_min(1);
    }

    /// <summary>
    /// Rank of each stock's value within its day, 0 = largest when descending (ordinal, stable;
    /// masked stocks rank after every counted one). Constants: no gradient flows through ranks.
    /// </summary>
    public static Tensor Ranks(Tensor values, Tensor mask, bool descending)
    {
        using var noGrad = torch.no_grad();
        var fill = descending ? double.NegativeInfinity : double.PositiveInfinity;
        var (_, order) = Where(mask, values, fill).sort(1, descending, stable: true);
        var positions = torch.arange(values.size(1), ScalarType.Int64, device: values.device).expand(values.size(0), values.size(1));
        return torch.zeros_like(order).scatter(1, order, positions).to(values.dtype);
    }
}

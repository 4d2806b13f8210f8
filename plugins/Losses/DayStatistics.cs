using AlphaHost.Torch;

namespace AlphaHost.Plugins.Losses;

/// <summary>Per-day (row-wise over stocks) statistics of [days, stocks] tensors under a mask.</summary>
public static class DayStatistics
{
    /// <summary>Masked values replaced by 0, so a NaN label of a masked stock cannot reach a sum (or a gradient).</summary>
    public static Tensor Clean(Tensor x, Tensor mask) => torch.Where(mask, x, 0.0);

    /// <summary>
    /// Weighted Pearson correlation per day: weighted means, weighted covariance and weighted
    /// variances, all normalised by Σw. Weights must be 0 on masked stocks. [B, N] → [B].
    /// The denominator is floored at 1e-12 so a constant prediction gives 0, not NaN.
    /// </summary>
    public static Tensor WeightedPearson(Tensor x, Tensor y, Tensor weights)
    {
        var total = weights.Sum(1, keepdim: true).ClampMin(1e-12);
        var mx = (weights * x).Sum(1, keepdim: true) / total;
        var my = (weights * y).Sum(1, keepdim: true) / total;
        var cx = x - mx;
        var cy = y - my;
        var cov = (weights * cx * cy).Sum(1) / total.Squeeze(1);
        var vx = (weights * cx * cx).Sum(1) / total.Squeeze(1);
        var vy = (weights * cy * cy).Sum(1) / total.Squeeze(1);
        return cov / (vx * vy).ClampMin(1e-24).Sqrt();
    }

    /// <summary>Stocks counted per day.</summary>
    public static Tensor Count(Tensor mask) => mask.To(ScalarType.Float32).Sum(1);

    /// <summary>Mean over the days that have at least `minimum` stocks; 0 (with a zero gradient) when none has.</summary>
    public static Tensor MeanOverDays(Tensor perDay, Tensor mask, int minimum)
    {
        var usable = Count(mask).Ge(minimum).To(perDay.Dtype);
        return (perDay.NanToNum() * usable).Sum() / usable.Sum().ClampMin(1);
    }

    /// <summary>
    /// Rank of each stock's value within its day, 0 = largest when descending (ordinal, stable;
    /// masked stocks rank after every counted one). Constants: no gradient flows through ranks.
    /// </summary>
    public static Tensor Ranks(Tensor values, Tensor mask, bool descending)
    {
        using var noGrad = torch.NoGrad();
        var fill = descending ? double.NegativeInfinity : double.PositiveInfinity;
        var order = torch.Where(mask, values, fill).Argsort(1, descending, stable: true);
        var positions = torch.Arange(values.Size(1), ScalarType.Int64).Expand(values.Size(0), values.Size(1));
        return torch.ZerosLike(order).Scatter(1, order, positions).To(values.Dtype);
    }
}

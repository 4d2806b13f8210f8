using AlphaHost.Sdk.Plugins;
using AlphaHost.Torch;

namespace AlphaHost.Plugins.Operators;

/// <summary>
/// Base of the operator layers: each reduces windows [N, F, W, L] to [N, K, W].
/// Semantics (ARCHITECTURE.md): sample statistics (n − 1); a window whose values are all equal has
/// zero variance, and every ratio over a zero denominator is 0, never NaN or ±inf — also in the
/// gradient (denominators are replaced before dividing, not after).
/// </summary>
public abstract class WindowOperator : IOperatorLayer
{
    public abstract string OperatorName { get; }
    protected abstract string Summary { get; }
    public PluginInfo Info => new(OperatorName, "1.0.0", PluginFamily.Operator, Summary, ["window", "stride"]);
    public virtual int OutputRows(int features) => features;

    public Tensor Forward(Tensor pictures, int window, int stride) => WindowedReduction.Apply(pictures, window, stride, Reduce);

    /// <summary>windows [N, F, W, L] → [N, K, W].</summary>
    protected abstract Tensor Reduce(Tensor windows);
}

/// <summary>Window statistics shared by the operators.</summary>
internal static class WindowStats
{
    /// <summary>True where every value of the window is equal (exact zero variance; always for one-day windows).</summary>
    public static Tensor Constant(Tensor w) => w.Amax(-1).Eq(w.Amin(-1));

    public static Tensor Centred(Tensor w) => w - w.Mean(-1, keepdim: true);

    /// <summary>Sample variance, 0 for constant windows.</summary>
    public static Tensor Variance(Tensor w)
    {
        long n = w.Size(-1);
        var constant = Constant(w);
        if (n < 2) return torch.ZerosLike(constant.To(w.Dtype));
        var variance = Centred(w).Square().Sum(-1) / (n - 1);
        return torch.Where(constant, 0.0, variance);
    }

    /// <summary>Sample standard deviation, 0 for constant windows (no infinite gradient of √ at 0).</summary>
    public static Tensor Std(Tensor w)
    {
        var constant = Constant(w);
        var safe = torch.Where(constant, 1.0, Variance(w));
        return torch.Where(constant, 0.0, safe.Sqrt());
    }

    /// <summary>numerator / denominator, 0 where `zero` holds (the denominator is made 1 there first).</summary>
    public static Tensor SafeDivide(Tensor numerator, Tensor denominator, Tensor zero) =>
        torch.Where(zero, 0.0, numerator / torch.Where(zero, 1.0, denominator));
}

public sealed class TsMean : WindowOperator
{
    public override string OperatorName => "ts_mean";
    protected override string Summary => "mean of each row over the window";
    protected override Tensor Reduce(Tensor w) => w.Mean(-1);
}

public sealed class TsSum : WindowOperator
{
    public override string OperatorName => "ts_sum";
    protected override string Summary => "sum of each row over the window";
    protected override Tensor Reduce(Tensor w) => w.Sum(-1);
}

public sealed class TsStddev : WindowOperator
{
    public override string OperatorName => "ts_stddev";
    protected override string Summary => "sample standard deviation (n − 1) of each row; 0 for constant windows";
    protected override Tensor Reduce(Tensor w) => WindowStats.Std(w);
}

public sealed class TsZscore : WindowOperator
{
    public override string OperatorName => "ts_zscore";
    protected override string Summary => "mean / sample std of each row; 0 where std is 0";
    protected override Tensor Reduce(Tensor w) => WindowStats.SafeDivide(w.Mean(-1), WindowStats.Std(w), WindowStats.Constant(w));
}

public sealed class TsReturn : WindowOperator
{
    public override string OperatorName => "ts_return";
    protected override string Summary => "last / first − 1 of each row; 0 where the first value is 0";
    protected override Tensor Reduce(Tensor w)
    {
        var first = w.Select(-1, 0);
        var last = w.Select(-1, -1);
        return WindowStats.SafeDivide(last, first, first.Eq(0)) - torch.Where(first.Eq(0), 0.0, torch.OnesLike(first));
    }
}

public sealed class TsDecayLinear : WindowOperator
{
    public override string OperatorName => "ts_decaylinear";
    protected override string Summary => "Σ w_k x_k with w_k = k / Σk, k = 1 for the oldest day (newest heaviest)";
    protected override Tensor Reduce(Tensor w)
    {
        long n = w.Size(-1);
        var weights = torch.Arange(1, n + 1, 1, w.Dtype) / (n * (n + 1) / 2.0);
        return w.Matmul(weights);
    }
}

public sealed class TsMax : WindowOperator
{
    public override string OperatorName => "ts_max";
    protected override string Summary => "maximum of each row over the window";
    protected override Tensor Reduce(Tensor w) => w.Amax(-1);
}

public sealed class TsMin : WindowOperator
{
    public override string OperatorName => "ts_min";
    protected override string Summary => "minimum of each row over the window";
    protected override Tensor Reduce(Tensor w) => w.Amin(-1);
}

public sealed class TsArgmax : WindowOperator
{
    public override string OperatorName => "ts_argmax";
    protected override string Summary => "day of the window's maximum, 0 = oldest; the first one on ties (no gradient)";
    protected override Tensor Reduce(Tensor w) => w.Argmax(-1).To(w.Dtype);
}

public sealed class TsRank : WindowOperator
{
    public override string OperatorName => "ts_rank";
    protected override string Summary => "rank of the last value within its window, ties averaged, divided by the window length (in (0, 1]; no gradient)";
    protected override Tensor Reduce(Tensor w)
    {
        var last = w.Narrow(-1, w.Size(-1) - 1, 1);
        var below = w.Lt(last).To(w.Dtype).Sum(-1);
        var equal = w.Eq(last).To(w.Dtype).Sum(-1); // includes the last value itself
        return (below + (equal + 1.0) / 2.0) / w.Size(-1);
    }
}

/// <summary>
/// Pair operators over all rows i &lt; j (row-major: (0,1), (0,2), …, (1,2), …), all pairs at once:
/// the centred windows c = x − mean of the pairs' first and second rows are gathered side by side
/// and Σ cᵢcⱼ is one broadcast product and sum — the off-diagonal of the Gram matrix C Cᵀ, without
/// its diagonal-duplicating half. (libtorch's CPU bmm over thousands of tiny F × L matrices measured
/// 2–3× slower than this; bench `operators`.)
/// </summary>
public abstract class PairOperator : WindowOperator
{
    public override int OutputRows(int features) => features * (features - 1) / 2;

    protected override Tensor Reduce(Tensor w)
    {
        long f = w.Size(1), n = w.Size(-1);
        var (rows, cols) = Pairs((int)f);
        var rowIndex = torch.From(rows);
        var colIndex = torch.From(cols);
        var centred = WindowStats.Centred(w);                                     // [N, F, W, L]
        var cross = (centred.IndexSelect(1, rowIndex) * centred.IndexSelect(1, colIndex)).Sum(-1); // [N, P, W]
        var squares = centred.Square().Sum(-1);                                   // [N, F, W]
        var constant = WindowStats.Constant(w);                                   // [N, F, W]
        var degenerate = constant.IndexSelect(1, rowIndex).LogicalOr(constant.IndexSelect(1, colIndex));
        return Combine(cross, squares.IndexSelect(1, rowIndex), squares.IndexSelect(1, colIndex), degenerate, n);
    }

    /// <summary>From Σ cᵢcⱼ, Σ cᵢ², Σ cⱼ² (each [N, P, W]) and the degenerate-pair flags, the pair statistic.</summary>
    protected abstract Tensor Combine(Tensor cross, Tensor squaresI, Tensor squaresJ, Tensor degenerate, long length);

    public static (long[] Rows, long[] Cols) Pairs(int features)
    {
        var rows = new List<long>();
        var cols = new List<long>();
        for (int i = 0; i < features; i++)
            for (int j = i + 1; j < features; j++)
            {
                rows.Add(i);
                cols.Add(j);
            }
        return (rows.ToArray(), cols.ToArray());
    }
}

public sealed class TsCorr : PairOperator
{
    public override string OperatorName => "ts_corr";
    protected override string Summary => "Pearson correlation of every row pair i < j over the window; 0 where either row is constant";
    protected override Tensor Combine(Tensor cross, Tensor squaresI, Tensor squaresJ, Tensor degenerate, long length) =>
        WindowStats.SafeDivide(cross, torch.Where(degenerate, 1.0, squaresI * squaresJ).Sqrt(), degenerate);
}

public sealed class TsCov : PairOperator
{
    public override string OperatorName => "ts_cov";
    protected override string Summary => "sample covariance (n − 1) of every row pair i < j over the window";
    protected override Tensor Combine(Tensor cross, Tensor squaresI, Tensor squaresJ, Tensor degenerate, long length) =>
        length < 2 ? torch.ZerosLike(cross) : torch.Where(degenerate, 0.0, cross / (length - 1));
}

/// <summary>The built-in operators by name, and several applied side by side.</summary>
public static class OperatorSet
{
    public static readonly IReadOnlyList<IOperatorLayer> All =
    [
        new TsCorr(), new TsCov(), new TsStddev(), new TsZscore(), new TsReturn(), new TsDecayLinear(), new TsMean(),
        new TsMax(), new TsMin(), new TsSum(), new TsArgmax(), new TsRank(),
    ];

    /// <summary>AlphaNet's seven: pair correlations and covariances, then five one-row statistics.</summary>
    public static readonly IReadOnlyList<string> AlphaNet = ["ts_corr", "ts_cov", "ts_stddev", "ts_zscore", "ts_return", "ts_decaylinear", "ts_mean"];

    public static IOperatorLayer ByName(string name) =>
        All.FirstOrDefault(o => o.OperatorName == name)
        ?? throw new ArgumentException($"unknown operator '{name}'; known: {string.Join(", ", All.Select(o => o.OperatorName))}");

    public static int OutputRows(IEnumerable<string> names, int features) => names.Sum(n => ByName(n).OutputRows(features));

    /// <summary>Each operator's [N, K_op, W] concatenated along rows, in the order given.</summary>
    public static Tensor Apply(IReadOnlyList<string> names, Tensor pictures, int window, int stride)
    {
        using var scope = torch.NewDisposeScope();
        var parts = names.Select(n => ByName(n).Forward(pictures, window, stride)).ToArray();
        return (parts.Length == 1 ? parts[0] : torch.Cat(parts, 1)).MoveToOuterDisposeScope();
    }
}

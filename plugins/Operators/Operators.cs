using AlphaHost.Sdk.Plugins;
using TorchSharp;
using static TorchSharp.torch;

namespace AlphaHost.Plugins.Operators;

/// <summary>
/// Base of the operator layers: each reduces a <see cref="WindowBatch"/> [F, W, L, N] to [K, W, N].
/// Semantics (ARCHITECTURE.md): sample statistics (n − 1); a window whose values are all equal has
/// zero variance, and every ratio over a zero denominator is 0, never NaN or ±inf — also in the
/// gradient (denominators are replaced before dividing, not after).
/// </summary>
public abstract class WindowOperator : IOperatorLayer, IOperatorGroup
{
    public abstract string OperatorName { get; }
    protected abstract string Summary { get; }
    public PluginInfo Info => new(OperatorName, "1.0.0", PluginFamily.Operator, Summary, ["window", "stride"]);
    public virtual int OutputRows(int features) => features;

    public Tensor forward(Tensor pictures, int window, int stride) => WindowedReduction.Apply(pictures, window, stride, [Reduce]);

    public bool CanApplyTogether(IReadOnlyList<IOperatorLayer> operators) => operators.All(o => o is WindowOperator);

    /// <summary>The operators' rows in order; statistics they share (centred windows, variances, the pair Gram terms) are computed once.</summary>
    public Tensor forward(IReadOnlyList<IOperatorLayer> operators, Tensor pictures, int window, int stride) =>
        WindowedReduction.Apply(pictures, window, stride, operators.Select(o => (Func<WindowBatch, Tensor>)((WindowOperator)o).Reduce).ToArray());

    /// <summary>windows [F, W, L, N] → [K, W, N]; statistics read from the batch are shared with the other operators applied with this one.</summary>
    public abstract Tensor Reduce(WindowBatch windows);
}

public sealed class TsMean : WindowOperator
{
    public override string OperatorName => "ts_mean";
    protected override string Summary => "mean of each row over the window";
    public override Tensor Reduce(WindowBatch w) => w.Mean;
}

public sealed class TsSum : WindowOperator
{
    public override string OperatorName => "ts_sum";
    protected override string Summary => "sum of each row over the window";
    public override Tensor Reduce(WindowBatch w) => WindowBatch.SumOverDays(w.Values);
}

public sealed class TsStddev : WindowOperator
{
    public override string OperatorName => "ts_stddev";
    protected override string Summary => "sample standard deviation (n − 1) of each row; 0 for constant windows";
    public override Tensor Reduce(WindowBatch w) => w.Std;
}

public sealed class TsZscore : WindowOperator
{
    public override string OperatorName => "ts_zscore";
    protected override string Summary => "mean / sample std of each row; 0 where std is 0";
    public override Tensor Reduce(WindowBatch w) => WindowBatch.SafeDivide(w.Mean, w.Std, w.Keep);
}

public sealed class TsReturn : WindowOperator
{
    public override string OperatorName => "ts_return";
    protected override string Summary => "last / first − 1 of each row; 0 where the first value is 0";
    public override Tensor Reduce(WindowBatch w)
    {
        var keep = w.First.ne(0).to(w.Values.dtype);
        return WindowBatch.SafeDivide(w.Last, w.First, keep) - keep;
    }
}

public sealed class TsDecayLinear : WindowOperator
{
    public override string OperatorName => "ts_decaylinear";
    protected override string Summary => "Σ w_k x_k with w_k = k / Σk, k = 1 for the oldest day (newest heaviest)";
    public override Tensor Reduce(WindowBatch w)
    {
        long n = w.Length;
        var weights = torch.arange(1, n + 1, 1, w.Values.dtype, w.Values.device) / (n * (n + 1) / 2.0);
        return WindowBatch.SumOverDays(w.Values * weights.view(1, 1, n, 1));
    }
}

public sealed class TsMax : WindowOperator
{
    public override string OperatorName => "ts_max";
    protected override string Summary => "maximum of each row over the window";
    public override Tensor Reduce(WindowBatch w) => w.Values.amax([2]);
}

public sealed class TsMin : WindowOperator
{
    public override string OperatorName => "ts_min";
    protected override string Summary => "minimum of each row over the window";
    public override Tensor Reduce(WindowBatch w) => w.Values.amin([2]);
}

public sealed class TsArgmax : WindowOperator
{
    public override string OperatorName => "ts_argmax";
    protected override string Summary => "day of the window's maximum, 0 = oldest; the first one on ties (no gradient)";
    public override Tensor Reduce(WindowBatch w) => w.Values.argmax(2).to(w.Values.dtype);
}

public sealed class TsRank : WindowOperator
{
    public override string OperatorName => "ts_rank";
    protected override string Summary => "rank of the last value within its window, ties averaged, divided by the window length (in (0, 1]; no gradient)";
    public override Tensor Reduce(WindowBatch w)
    {
        var last = WindowBatch.PerDay(w.Last);
        var below = WindowBatch.SumOverDays(w.Values.lt(last).to(w.Values.dtype));
        var equal = WindowBatch.SumOverDays(w.Values.eq(last).to(w.Values.dtype)); // includes the last value itself
        return (below + (equal + 1.0) / 2.0) / w.Length;
    }
}

/// <summary>Pair operators over all rows i &lt; j (row-major: (0,1), (0,2), …, (1,2), …), from the shared Gram-matrix terms.</summary>
public abstract class PairOperator : WindowOperator
{
    public override int OutputRows(int features) => features * (features - 1) / 2;
}

public sealed class TsCorr : PairOperator
{
    public override string OperatorName => "ts_corr";
    protected override string Summary => "Pearson correlation of every row pair i < j over the window; 0 where either row is constant";
    public override Tensor Reduce(WindowBatch w)
    {
        // √ of 1 for degenerate pairs keeps the gradient finite; SafeDivide then gives them 0.
        var product = w.Pairs.First(w.SquareSums) * w.Pairs.Second(w.SquareSums);
        return WindowBatch.SafeDivide(w.PairCross, (product * w.PairKeep + (1 - w.PairKeep)).sqrt(), w.PairKeep);
    }
}

public sealed class TsCov : PairOperator
{
    public override string OperatorName => "ts_cov";
    protected override string Summary => "sample covariance (n − 1) of every row pair i < j over the window";
    public override Tensor Reduce(WindowBatch w) =>
        w.Length < 2 ? torch.zeros_like(w.PairCross) : w.PairCross * w.PairKeep / (w.Length - 1);
}

using TorchSharp;
using static TorchSharp.torch;

namespace AlphaHost.Sdk.Plugins;

/// <summary>
/// An AlphaNet operator layer: parameter-free and differentiable, it turns data pictures
/// [N stocks, F features, T days] into [N, K, W]: K output rows per window, W windows.
/// Windows of <c>window</c> days start at 0, s, 2s, … (s = stride); when (T − window) is not a
/// multiple of s, one final, shorter window covers the days left after the last full window's
/// successor start up to T (the AlphaNet reproduction's convention).
/// </summary>
public interface IOperatorLayer : IPlugin
{
    /// <summary>The operator's name as the CLI and configs spell it, e.g. "ts_corr".</summary>
    string OperatorName { get; }

    /// <summary>Output rows K for F input rows (F for one-row operators, F(F−1)/2 for pair operators).</summary>
    int OutputRows(int features);

    Tensor forward(Tensor pictures, int window, int stride);
}

/// <summary>
/// Operators that compute faster together than one by one (e.g. window statistics shared between
/// correlation, covariance and standard deviation). An operator plugin implements it for the
/// operators of its own kind; <see cref="OperatorLayers.Apply"/> uses it when it can.
/// </summary>
public interface IOperatorGroup
{
    /// <summary>True when every operator of <paramref name="operators"/> can be applied by <see cref="forward"/> in one pass.</summary>
    bool CanApplyTogether(IReadOnlyList<IOperatorLayer> operators);

    /// <summary>The operators' outputs side by side along rows, [N, ΣK, W], as if each were applied alone.</summary>
    Tensor forward(IReadOnlyList<IOperatorLayer> operators, Tensor pictures, int window, int stride);
}

/// <summary>Several operator layers applied side by side: what a model's operator layer and `alphahost features` compute.</summary>
public static class OperatorLayers
{
    public static int OutputRows(IReadOnlyList<IOperatorLayer> operators, int features) => operators.Sum(o => o.OutputRows(features));

    /// <summary>[N, F, T] → [N, ΣK, W]: each operator's rows in the order given, in one pass where the operators allow it.</summary>
    public static Tensor Apply(IReadOnlyList<IOperatorLayer> operators, Tensor pictures, int window, int stride)
    {
        if (operators.Count == 0) throw new ArgumentException("no operator layer given", nameof(operators));
        if (operators[0] is IOperatorGroup group && group.CanApplyTogether(operators))
            return group.forward(operators, pictures, window, stride);
        using var scope = torch.NewDisposeScope();
        var parts = operators.Select(o => o.forward(pictures, window, stride)).ToArray();
        return (parts.Length == 1 ? parts[0] : torch.cat(parts, 1)).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// A model whose first layer applies operator plugins (AlphaNet's feature extraction). The host
/// resolves <see cref="OperatorNames"/> through its plugin registry and hands the layers over
/// before <see cref="IModel.Build"/>, so a model never depends on an operator plugin's assembly.
/// </summary>
public interface IUsesOperators
{
    /// <summary>The operator plugins to apply, in order (typically a config key of the model).</summary>
    IReadOnlyList<string> OperatorNames { get; }

    void UseOperators(IReadOnlyList<IOperatorLayer> operators);
}

/// <summary>
/// Cuts data pictures [N, F, T] into time windows. Full windows of length d start at 0, s, 2s, …
/// while they fit; when (T − d) is not a multiple of s, one final shorter window runs from the next
/// start (last full start + s) to T — the AlphaNet reproduction's convention, where with d = s the
/// days left over at the end form their own window (T = 30, s = 4: 7 windows of 4 days, then [28, 30)).
/// </summary>
public readonly record struct WindowPlan(int Window, int Stride, int FullWindows, int TailStart, int TailLength)
{
    public int Count => FullWindows + (TailLength > 0 ? 1 : 0);

    public static WindowPlan For(int days, int window, int stride)
    {
        if (window < 1 || stride < 1) throw new ArgumentException($"window and stride must be positive (got window {window}, stride {stride})");
        if (window > days) throw new ArgumentException($"window {window} is longer than the picture's {days} days");
        int full = (days - window) / stride + 1;
        int tailStart = (full - 1) * stride + stride;
        int tail = (days - window) % stride == 0 ? 0 : days - tailStart;
        return new WindowPlan(window, stride, full, tailStart, tail);
    }

    /// <summary>(start, length) of every window in order.</summary>
    public IEnumerable<(int Start, int Length)> Spans()
    {
        for (int k = 0; k < FullWindows; k++) yield return (k * Stride, Window);
        if (TailLength > 0) yield return (TailStart, TailLength);
    }
}

using AlphaHost.Torch;

namespace AlphaHost.Plugins.Operators;

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

/// <summary>Applies a per-window reduction to the full windows in one batched call and to the tail window in one more.</summary>
public static class WindowedReduction
{
    /// <summary>
    /// `reduce` maps windows [N, F, W, L] to [N, K, W]. Results of the full windows and of the
    /// tail window are concatenated along the window axis.
    /// </summary>
    public static Tensor Apply(Tensor pictures, int window, int stride, Func<Tensor, Tensor> reduce)
    {
        if (pictures.Dim != 3) throw new ArgumentException($"operator input must be [stocks, features, days], got {pictures.Describe()}");
        var plan = WindowPlan.For((int)pictures.Size(2), window, stride);
        using var scope = torch.NewDisposeScope();
        // One contiguous copy of the windows makes every later reduction a dense kernel.
        var full = reduce(pictures.Unfold(2, window, stride).Contiguous()); // [N, F, W, d] -> [N, K, W]
        if (plan.TailLength == 0) return full.MoveToOuterDisposeScope();
        var tail = reduce(pictures.Narrow(2, plan.TailStart, plan.TailLength).Unsqueeze(2)); // [N, F, 1, L]
        return torch.Cat([full, tail], 2).MoveToOuterDisposeScope();
    }
}

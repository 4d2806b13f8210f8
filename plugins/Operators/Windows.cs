using AlphaHost.Sdk.Plugins;
using TorchSharp;
using static TorchSharp.torch;

namespace AlphaHost.Plugins.Operators;

/// <summary>
/// Windows of equal length laid out [F, W, L, N] — row, window, day within the window, picture — and
/// the statistics the operators share, each computed once on first use. With the pictures innermost,
/// every reduction over the days is a sweep over contiguous runs of N values, which vectorises
/// (reducing a last axis of 10 days does not), and the layout is two plain 2-D transposes away from
/// the [N, F, T] input and the [N, K, W] output. Masks are applied by multiplying with 0/1 rather than
/// by torch.where, whose CPU kernel measured 10–20× slower than a multiply on these sizes (bench `operators`).
/// </summary>
public sealed class WindowBatch
{
    private Tensor? mean, centred, constant, keep, squareSums, variance, std, pairCross, pairKeep;
    private PairIndex? pairs;

    /// <param name="values">[F, W, L, N]: values[f, w, l, n] is day l of window w of row f of picture n.</param>
    public WindowBatch(Tensor values) => Values = values;

    public Tensor Values { get; }
    public long Features => Values.size(0);
    public long Length => Values.size(2);

    /// <summary>[F, W, N]</summary>
    public Tensor First => Values.select(2, 0);
    public Tensor Last => Values.select(2, Length - 1);

    /// <summary>A window statistic over the days: [F, W, L, N] → [F, W, N].</summary>
    public static Tensor SumOverDays(Tensor perDay) => perDay.sum(2);

    /// <summary>Broadcasts a per-window statistic [F, W, N] back over the days.</summary>
    public static Tensor PerDay(Tensor perWindow) => perWindow.unsqueeze(2);

    public Tensor Mean => mean ??= Values.mean([2]);

    public Tensor Centred => centred ??= Values - PerDay(Mean);

    /// <summary>True where every value of the window is equal (exact zero variance; always for one-day windows).</summary>
    public Tensor Constant => constant ??= Values.amax([2]).eq(Values.amin([2]));

    /// <summary>1 where the window varies, 0 where it is constant.</summary>
    /// <remarks>~ (bitwise_not, as in PyTorch) of a bool tensor is its logical not; unlike logical_not it has a meta kernel, so the tests' meta-device run reaches this path.</remarks>
    public Tensor Keep => keep ??= (~Constant).to(Values.dtype);

    /// <summary>Σ (x − mean)² per window.</summary>
    public Tensor SquareSums => squareSums ??= SumOverDays(Centred * Centred);

    /// <summary>Sample variance (n − 1), 0 for constant windows.</summary>
    public Tensor Variance => variance ??= Length < 2 ? torch.zeros_like(Mean) : SquareSums * Keep / (Length - 1);

    /// <summary>Sample standard deviation, 0 for constant windows; √ is taken of 1 there, so its gradient stays finite.</summary>
    public Tensor Std => std ??= (Variance + (1 - Keep)).sqrt() * Keep;

    /// <summary>The row pairs i &lt; j in row-major order: (0,1), (0,2), …, (1,2), …</summary>
    public PairIndex Pairs => pairs ??= new PairIndex((int)Features, Values.device);

    /// <summary>
    /// Σ cᵢcⱼ over the window for every pair i &lt; j, [P, W, N]: the upper triangle of the Gram matrix
    /// C Cᵀ of the centred windows, for every picture and window at once. It is filled diagonal by
    /// diagonal: the pairs (i, i + k) of offset k are the centred rows [0, F − k) times the rows [k, F),
    /// two views, so each diagonal is one broadcast product over all its pairs, pictures and windows;
    /// one index then puts the pairs in row-major order. On 5,000 pictures of 9 × 30 (one thread)
    /// this took 6 ms, gathering both rows of every pair first 17 ms, and libtorch's bmm over the
    /// 15,000 tiny F × L matrices 127 ms.
    /// </summary>
    public Tensor PairCross => pairCross ??= Features < 2
        ? torch.zeros([0, Values.size(1), Values.size(3)], Values.dtype, Values.device)
        : torch.cat(Enumerable.Range(1, (int)Features - 1)
              .Select(k => SumOverDays(Centred.narrow(0, 0, Features - k) * Centred.narrow(0, k, Features - k))).ToArray(), 0)
            .index_select(0, Pairs.FromDiagonalOrder);

    /// <summary>1 for pairs where both rows vary over the window, 0 where either is constant, [P, W, N].</summary>
    public Tensor PairKeep => pairKeep ??= Pairs.First(Keep) * Pairs.Second(Keep);

    /// <summary>
    /// numerator / denominator where keep is 1, and 0 where it is 0; the denominator is made 1 there
    /// before dividing, so neither the value nor the gradient sees a division by zero.
    /// </summary>
    public static Tensor SafeDivide(Tensor numerator, Tensor denominator, Tensor keep) =>
        numerator / (denominator * keep + (1 - keep)) * keep;
}

/// <summary>Row indices of the pairs i &lt; j of F rows, row-major, as index tensors for dimension 0 of [F, …] statistics.</summary>
public sealed class PairIndex
{
    public PairIndex(int features, Device device)
    {
        var rows = new List<long>();
        var cols = new List<long>();
        for (int i = 0; i < features; i++)
            for (int j = i + 1; j < features; j++)
            {
                rows.Add(i);
                cols.Add(j);
            }
        // Diagonal order lists the pairs by offset k = j − i, then by i: (0,1), (1,2), …, (0,2), …
        var diagonal = new Dictionary<(long, long), long>();
        for (int k = 1; k < features; k++)
            for (int i = 0; i + k < features; i++) diagonal[(i, i + k)] = diagonal.Count;
        Rows = torch.tensor(rows.ToArray(), device: device);
        Cols = torch.tensor(cols.ToArray(), device: device);
        FromDiagonalOrder = torch.tensor(rows.Zip(cols, (i, j) => diagonal[(i, j)]).ToArray(), device: device);
    }

    public Tensor Rows { get; }
    public Tensor Cols { get; }

    /// <summary>For each row-major pair, its position in diagonal order.</summary>
    public Tensor FromDiagonalOrder { get; }

    /// <summary>statistic [F, …] → its value for each pair's first row, [P, …].</summary>
    public Tensor First(Tensor statistic) => statistic.index_select(0, Rows);

    public Tensor Second(Tensor statistic) => statistic.index_select(0, Cols);
}

/// <summary>Applies operators to the full windows in one batch and to the tail window in one more, sharing statistics between operators.</summary>
public static class WindowedReduction
{
    /// <summary>
    /// Each `reduce` maps a <see cref="WindowBatch"/> to [K, W, N]; the results of all of them are
    /// stacked along K in order, the tail window's after the full windows, and returned as [N, ΣK, W].
    /// </summary>
    public static Tensor Apply(Tensor pictures, int window, int stride, IReadOnlyList<Func<WindowBatch, Tensor>> reduce)
    {
        if (pictures.dim() != 3) throw new ArgumentException($"operator input must be [stocks, features, days], got [{string.Join(", ", pictures.shape)}] {pictures.dtype}");
        long n = pictures.size(0), f = pictures.size(1), t = pictures.size(2);
        var plan = WindowPlan.For((int)t, window, stride);
        using var scope = torch.NewDisposeScope();
        var days = pictures.reshape(n, f * t).t().contiguous().view(f, t, n);                 // [F, T, N]
        // unfold gives [F, W, N, L]; non-overlapping windows are already in place, overlapping ones are copied once.
        var full = new WindowBatch(days.unfold(1, window, stride).permute(0, 1, 3, 2).contiguous()); // [F, W, L, N]
        var rows = torch.cat(reduce.Select(r => r(full)).ToArray(), 0);                        // [K, W, N]
        if (plan.TailLength > 0)
        {
            var tail = new WindowBatch(days.narrow(1, plan.TailStart, plan.TailLength).unsqueeze(1)); // [F, 1, L, N]
            rows = torch.cat([rows, torch.cat(reduce.Select(r => r(tail)).ToArray(), 0)], 1);
        }
        long k = rows.size(0), w = rows.size(1);
        return rows.reshape(k * w, n).t().contiguous().view(n, k, w).MoveToOuterDisposeScope();
    }
}

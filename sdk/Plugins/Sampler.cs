namespace AlphaHost.Sdk.Plugins;

/// <summary>A run of <see cref="Count"/> trading days starting at calendar index <see cref="Start"/>.</summary>
public readonly record struct DayWindow(int Start, int Count)
{
    public int End => Start + Count; // exclusive
    public bool IsEmpty => Count <= 0;

    public IEnumerable<DateOnly> Dates(IReadOnlyList<DateOnly> calendar)
    {
        for (var i = Start; i < End; i++) yield return calendar[i];
    }
}

/// <summary>
/// One fold: fit on <see cref="Train"/>, early-stop on <see cref="Validation"/>, score <see cref="Test"/>.
/// Windows are in time order; the gaps between them are the embargo, so labels of one window
/// never overlap the next. A fold cut around its validation block (hv-blocked K-fold), or thinned
/// to some days, trains on several windows: <see cref="TrainWindows"/> lists them all, in time
/// order, and <see cref="Train"/> is the first of them.
/// </summary>
public sealed record SampleSplit(DayWindow Train, DayWindow Validation, DayWindow Test)
{
    private readonly IReadOnlyList<DayWindow>? trainWindows;

    /// <summary>Every window trained on, in time order (just <see cref="Train"/> unless set).</summary>
    public IReadOnlyList<DayWindow> TrainWindows
    {
        get => trainWindows ?? [Train];
        init => trainWindows = value.Where(w => !w.IsEmpty).OrderBy(w => w.Start).ToArray();
    }

    /// <summary>Which stocks of a training day are trained on; null keeps every eligible stock.</summary>
    public StockBuckets? TrainStocks { get; init; }

    /// <summary>A split training on several windows (e.g. both sides of its validation block).</summary>
    public static SampleSplit Of(IReadOnlyList<DayWindow> train, DayWindow validation, DayWindow test)
    {
        var windows = train.Where(w => !w.IsEmpty).OrderBy(w => w.Start).ToArray();
        return new SampleSplit(windows.Length > 0 ? windows[0] : default, validation, test) { TrainWindows = windows };
    }

    /// <summary>Every train day, in time order.</summary>
    public IEnumerable<int> TrainDays => TrainWindows.SelectMany(w => Enumerable.Range(w.Start, Math.Max(0, w.Count)));

    /// <summary>How many days are trained on, over every window.</summary>
    public int TrainCount => TrainWindows.Sum(w => Math.Max(0, w.Count));
}

/// <summary>What a stock's bucket is measured by, over the days up to the training day.</summary>
public enum StockMeasure { Size, Volatility, Liquidity }

/// <summary>
/// Sample selection by buckets (the minute-factor note): on each training day the stocks are cut by
/// <see cref="By"/> into <see cref="Count"/> equal-count buckets of that day's cross-section (1 =
/// smallest), and only those in <see cref="Keep"/> are trained on. Size is the day's market cap,
/// volatility the standard deviation of daily returns and liquidity the mean traded value over the
/// <see cref="WindowDays"/> days ending at the training day: data known at that day.
/// </summary>
public sealed record StockBuckets(StockMeasure By, int Count, IReadOnlyList<int> Keep, int WindowDays = 20)
{
    /// <summary>Why the selection cannot work, or null.</summary>
    public string? Problem() =>
        Count < 2 ? $"buckets: expected at least 2, got {Count}"
        : Keep.Count == 0 ? "keepBuckets: expected at least one bucket"
        : Keep.Any(k => k < 1 || k > Count) ? $"keepBuckets: expected buckets in 1..{Count}, got {string.Join(", ", Keep)}"
        : WindowDays < 2 ? $"bucketWindowDays: expected at least 2, got {WindowDays}"
        : null;

    /// <summary>
    /// The 1-based bucket of each value by rank (ties keep their order; NaN has no bucket, 0): the
    /// i-th smallest of n goes to bucket ⌊i·Count/n⌋ + 1.
    /// </summary>
    public int[] Assign(IReadOnlyList<double> values)
    {
        var order = Enumerable.Range(0, values.Count).Where(i => double.IsFinite(values[i])).OrderBy(i => values[i]).ThenBy(i => i).ToArray();
        var bucket = new int[values.Count];
        for (int rank = 0; rank < order.Length; rank++) bucket[order[rank]] = (int)((long)rank * Count / order.Length) + 1;
        return bucket;
    }
}

/// <summary>
/// What a sampler may look at: the trading calendar, today's index in it, and how many days
/// forward a label looks. A label dated d is known at day d + <see cref="LabelHorizon"/>.
/// </summary>
public sealed record SamplerRequest(IReadOnlyList<DateOnly> Calendar, int Today, int LabelHorizon)
{
    /// <summary>
    /// Why <paramref name="split"/> would leak, or null if it is clean: every train and validation
    /// label is known today; no train label overlaps the validation labels on either side (a window
    /// ending at day L with horizon H is followed no earlier than L + H, and a train window after
    /// the validation block starts no earlier than its last day + H); and the test block starts only
    /// after every fitted label is over.
    /// </summary>
    public string? Leak(SampleSplit split)
    {
        var train = split.TrainWindows;
        if (train.Count == 0 || split.TrainCount <= 0) return "train window is empty";
        if (train[0].Start < 0) return $"train starts before the calendar ({train[0].Start})";
        var validation = split.Validation;
        foreach (var w in train)
        {
            if (w.IsEmpty) continue;
            if (w.End - 1 + LabelHorizon > Today)
                return $"label of train day {w.End - 1} is known only at day {w.End - 1 + LabelHorizon}, after today ({Today})";
            if (validation.IsEmpty) continue;
            bool before = w.Start < validation.Start;
            if (before && validation.Start < w.End - 1 + LabelHorizon)
                return $"validation starts at {validation.Start}, inside the train labels' horizon (needs >= {w.End - 1 + LabelHorizon})";
            if (!before && w.Start < validation.End - 1 + LabelHorizon)
                return $"train window at {w.Start} starts inside the validation labels' horizon (needs >= {validation.End - 1 + LabelHorizon})";
        }
        int lastLabelled = Math.Max(train.Max(w => w.End), validation.IsEmpty ? 0 : validation.End) - 1;
        if (lastLabelled + LabelHorizon > Today)
            return $"label of day {lastLabelled} is known only at day {lastLabelled + LabelHorizon}, after today ({Today})";
        if (!split.Test.IsEmpty && split.Test.Start < lastLabelled + LabelHorizon)
            return $"test starts at {split.Test.Start}, inside the fitted labels' horizon (needs >= {lastLabelled + LabelHorizon})";
        return null;
    }
}

/// <summary>
/// Cuts train/validation/test windows out of the trading calendar for (re)training at day
/// <c>Today</c>. It must never hand out a train or validation day whose label is not yet known.
/// </summary>
public interface ISampler : IPlugin
{
    /// <summary>The folds to train at <c>request.Today</c>; empty when there is not enough history yet.</summary>
    IReadOnlyList<SampleSplit> Split(SamplerRequest request);

    /// <summary>Smoke call: split a synthetic 600-day calendar and check nothing looks ahead.</summary>
    void IPlugin.SelfTest()
    {
        var calendar = Enumerable.Range(0, 600).Select(i => new DateOnly(2020, 1, 1).AddDays(i)).ToArray();
        var request = new SamplerRequest(calendar, Today: 599, LabelHorizon: 5);
        foreach (var split in Split(request))
            if (request.Leak(split) is { } leak)
                throw new InvalidOperationException($"{Info.Name} leaks at day {request.Today}: {leak}");
    }
}

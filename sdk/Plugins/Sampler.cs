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
/// never overlap the next.
/// </summary>
public sealed record SampleSplit(DayWindow Train, DayWindow Validation, DayWindow Test);

/// <summary>
/// What a sampler may look at: the trading calendar, today's index in it, and how many days
/// forward a label looks. A label dated d is known at day d + <see cref="LabelHorizon"/>.
/// </summary>
public sealed record SamplerRequest(IReadOnlyList<DateOnly> Calendar, int Today, int LabelHorizon)
{
    /// <summary>
    /// Why <paramref name="split"/> would leak, or null if it is clean: every train and validation
    /// label is known today, and each window starts only after the previous window's labels end
    /// (a window ending at day L with horizon H is followed no earlier than L + H).
    /// </summary>
    public string? Leak(SampleSplit split)
    {
        if (split.Train.IsEmpty) return "train window is empty";
        if (split.Train.Start < 0) return $"train starts before the calendar ({split.Train.Start})";
        var lastLabelled = split.Validation.IsEmpty ? split.Train : split.Validation;
        if (lastLabelled.End - 1 + LabelHorizon > Today)
            return $"label of day {lastLabelled.End - 1} is known only at day {lastLabelled.End - 1 + LabelHorizon}, after today ({Today})";
        if (!split.Validation.IsEmpty && split.Validation.Start < split.Train.End - 1 + LabelHorizon)
            return $"validation starts at {split.Validation.Start}, inside the train labels' horizon (needs >= {split.Train.End - 1 + LabelHorizon})";
        if (!split.Test.IsEmpty && split.Test.Start < lastLabelled.End - 1 + LabelHorizon)
            return $"test starts at {split.Test.Start}, inside the fitted labels' horizon (needs >= {lastLabelled.End - 1 + LabelHorizon})";
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

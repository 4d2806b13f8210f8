using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Host.Research;

/// <summary>
/// The retrain schedule of a walk-forward run: at a retrain day the sampler gives the windows to
/// fit on (history only) and the test block; the next retrain is the day the block ends. Both
/// `alphahost train`/`compare` and the run loop follow it, with one adoption rule (<see cref="ScoredDays"/>).
/// </summary>
public sealed class WalkForward(ISampler sampler, IReadOnlyList<DateOnly> calendar, int labelLag)
{
    /// <summary>
    /// The days a model fitted at <paramref name="fitDay"/>'s close scores: it is adopted at the next
    /// tick, so from fitDay + 1 up to and including the next retrain day (the split's test end),
    /// whose fit is adopted the day after. The run loop and the offline drivers share this rule.
    /// </summary>
    public static IEnumerable<int> ScoredDays(int fitDay, SampleSplit split, int days)
    {
        for (int d = fitDay + 1; d <= Math.Min(split.Test.End, days - 1); d++) yield return d;
    }

    /// <summary>The split to fit at `today` (a K-fold sampler's first fold), or null when history is still too short.</summary>
    public SampleSplit? SplitAt(int today) => FoldsAt(today).FirstOrDefault();

    /// <summary>
    /// Every fold to fit at `today` (one for walk-forward samplers, K for a K-fold sampler), each
    /// checked for leaks; empty when history is still too short. The folds share one test block.
    /// </summary>
    public IReadOnlyList<SampleSplit> FoldsAt(int today)
    {
        var request = new SamplerRequest(calendar, today, labelLag);
        var folds = sampler.Split(request);
        if (folds.Count == 0 || folds[0].Test.IsEmpty) return [];
        foreach (var split in folds)
        {
            if (request.Leak(split) is { } leak) throw new InvalidOperationException($"{sampler.Info.Name} leaks at day {today}: {leak}");
            if (split.Test != folds[0].Test) throw new InvalidOperationException($"{sampler.Info.Name} at day {today}: its folds have different test blocks");
        }
        return folds;
    }

    /// <summary>Every (retrain day, split) of a run over the whole calendar.</summary>
    public IEnumerable<(int Day, SampleSplit Split)> Schedule(int firstDay = 0)
    {
        for (int today = firstDay; today < calendar.Count;)
        {
            var split = SplitAt(today);
            if (split is null) { today++; continue; }
            yield return (today, split);
            today = split.Test.End;
        }
    }
}

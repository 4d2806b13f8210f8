using AlphaHost.Host.Plugins;
using AlphaHost.Host.Research;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Host.Run;

/// <summary>
/// How a run fits its models: the research panel, the fit settings, and the sampler, label, loss and
/// model plugins resolved by name at every fit, so a swapped plugin takes effect at the next fit.
/// The retrain days come from the sampler as configured at the start, so they do not move.
/// </summary>
public sealed class ModelTraining(ResearchPanel panel, FitSpec spec, PluginChoice sampler, PluginRegistry plugins, int seed)
{
    public ResearchPanel Panel => panel;
    public FitSpec Spec => spec;

    /// <summary>The label's horizon as configured at the start: the horizon of every grade of the run.</summary>
    public int Horizon { get; } = plugins.Create<ILabel>(spec.Label).Horizon;

    /// <summary>
    /// Throws with the reason when the loss is not defined on the label's kind of values (e.g. bce on
    /// raw returns): such a fit would run without a word and learn nothing meaningful.
    /// </summary>
    public static void CheckLossFitsLabel(PluginRegistry plugins, PluginChoice loss, PluginChoice label)
    {
        var labelKind = plugins.Create<ILabel>(label).Kind;
        var expects = plugins.Create<ILoss>(loss).Expects;
        if (labelKind == expects) return;
        string Hint(LabelKind kind) => kind switch
        {
            LabelKind.Binary => "0/1 labels, e.g. forward_return with \"transform\": \"AboveMean\"",
            LabelKind.Classes => "class labels, e.g. forward_return with \"transform\": \"Bins\"",
            _ => "real-valued labels (returns, ranks, z-scores)",
        };
        throw new PluginLoadException($"{loss.Source}: loss '{loss.Name}' needs {Hint(expects)}, but label {label} gives {labelKind.ToString().ToLowerInvariant()} values; "
            + $"pick a loss for {labelKind.ToString().ToLowerInvariant()} labels or change the label");
    }

    private int LabelLag => Horizon + 1;

    /// <summary>Called on the loop thread after a model adopted a new fit (a swapped plugin's old version may unload then).</summary>
    public Action<LiveModel>? Adopted { get; set; }

    private WalkForward Schedule() => new(plugins.Create<ISampler>(sampler), panel.Dates, LabelLag);

    /// <summary>Every (retrain day, split) over the whole market.</summary>
    public IReadOnlyList<(int Day, SampleSplit Split)> Walk() => Schedule().Schedule(panel.Lookback - 1).ToArray();

    /// <summary>The walk-forward retrain days of the whole market.</summary>
    public HashSet<int> RetrainDays() => Walk().Select(s => s.Day).ToHashSet();

    /// <summary>The sampler's folds at <paramref name="day"/> (one unless it is a K-fold sampler).</summary>
    public IReadOnlyList<SampleSplit> FoldsAt(int day) => Schedule().FoldsAt(day);

    /// <summary>True when the sampler has a clean split at <paramref name="day"/>.</summary>
    public bool CanFitAt(int day) => day >= panel.Lookback - 1 && Schedule().SplitAt(day) is not null;

    /// <summary>
    /// libtorch's random generator is process-wide (initial weights, dropout masks): two fits drawing
    /// from it at once would make each other's numbers depend on thread timing. Fits take turns.
    /// </summary>
    private static readonly object OneFitAtATime = new();

    /// <summary>Fits <paramref name="model"/> from data known at <paramref name="today"/>'s close, one model per fold of the sampler (worker thread).</summary>
    public FittedModel Fit(PluginChoice model, int today, int fitIndex, Action<EpochProgress>? progress, CancellationToken cancel)
    {
        cancel.ThrowIfCancellationRequested();
        var folds = FoldsAt(today);
        if (folds.Count == 0) throw new InvalidOperationException($"no clean split at {panel.Dates[today]:yyyy-MM-dd}");
        lock (OneFitAtATime)
        {
            cancel.ThrowIfCancellationRequested();
            using var fitter = new ModelFitter(spec.For(model), panel, plugins);
            return fitter.Fit(folds, today, fitIndex, seed, progress, cancel);
        }
    }

    /// <summary>
    /// Throws with the reason when the market is too short for even one retrain: without this a
    /// run fits nothing, scores nothing and reports NaN with exit code 0.
    /// </summary>
    public void RequireOneWindow()
    {
        if (RetrainDays().Count > 0) return;
        throw new InvalidOperationException(
            $"the market has {panel.Days} days, too short for one walk-forward window of sampler {sampler}: {panel.Lookback - 1} days of feature lookback + "
            + $"the sampler's training days + {LabelLag} days for the {Horizon}-day label + 1 day to score; use a longer market or fewer training days");
    }
}

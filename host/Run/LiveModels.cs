using AlphaHost.Host.Engine;
using AlphaHost.Host.Panel;
using AlphaHost.Host.Plugins;
using AlphaHost.Host.Research;
using AlphaHost.Sdk.Statistics;

namespace AlphaHost.Host.Run;

/// <summary>
/// One model of a run: the plugin and config it is built from, its role, the fitted version that
/// scores, the fit in flight, and its live grades. Changed only on the loop thread (in a system's
/// Update or a command applied at a tick boundary); other threads read the parts systems post.
/// </summary>
public sealed class LiveModel(PluginChoice choice, ModelRole role, int horizon) : IDisposable
{
    public string Name => Choice.Name;
    public PluginChoice Choice { get; } = choice;
    public ModelRole Role { get; set; } = role;
    public FittedModel? Fitted { get; private set; }
    /// <summary>Fits adopted so far (the version of the scores on the bus).</summary>
    public int Version { get; private set; }
    public DateOnly? FittedOn { get; set; }
    public WorkerJob<FittedModel>? Job { get; set; }
    /// <summary>
    /// The retrain day of <see cref="Job"/> when it is a challenger's scheduled fit that does not block
    /// the loop: once adopted, the days after it are rescored with it (see TrainingSystem). Null otherwise.
    /// </summary>
    public int? ScheduledFitDay { get; set; }
    /// <summary>Scheduled retrains (day, fit index) that fell while a non-blocking scheduled fit was in flight, started in order after it.</summary>
    public Queue<(int Day, int FitIndex)> Deferred { get; } = new();
    /// <summary>Set by activation, start-training and a new plugin version: fit as soon as no fit runs.</summary>
    public bool RefitWanted { get; set; }
    /// <summary>Why the model stopped (a plugin threw, did not compile, or overran its budget); null while healthy.</summary>
    public string? Fault { get; private set; }
    /// <summary>Last fit failure, kept while the previous version keeps scoring.</summary>
    public string? LastFitError { get; set; }
    /// <summary>Daily RankIC of this model's scores against the forward return (known H days later).</summary>
    public ForwardRankIc Grades { get; private set; } = new(horizon);
    private readonly List<int> gradedDays = new();
    /// <summary>The days fed to <see cref="Grades"/>, in order.</summary>
    public IReadOnlyList<int> GradedDays => gradedDays;
    /// <summary>Every day this model scored, for metrics.json.</summary>
    public FactorPanel? Factor { get; init; }

    public bool IsLive => Role != ModelRole.Retired && Fault is null;

    /// <summary>Set for a model combination of the run config: scored from its members' scores with <see cref="Weights"/>, never fitted.</summary>
    public CombinationSpec? Combination { get; init; }
    /// <summary>A combination's weights in force (one per member), null until its members first score.</summary>
    public double[]? Weights { get; private set; }
    /// <summary>Every weight adoption of a combination: the tick's day and the weights (weights.csv).</summary>
    public List<(DateOnly Date, double[] Weights)> WeightHistory { get; } = new();
    /// <summary>True when the model can score today: a fitted version, or a combination's weights.</summary>
    public bool CanScore => Fitted is not null || Weights is not null;

    private int fits;

    /// <summary>The index of the next fit of this model (seeds its ensemble members).</summary>
    public int NextFitIndex() => fits++;

    /// <summary>Grades one more day: its scores (NaN where not scored) against the day's adjusted closes.</summary>
    public void Grade(int day, double[] scores, double[] closes)
    {
        gradedDays.Add(day);
        Grades.AddDay(scores, closes);
    }

    /// <summary>Grades every graded day again from <see cref="Factor"/>'s rows (after days were rescored), as if fed in order.</summary>
    public void Regrade(Func<int, double[]> closesOf, int stocks)
    {
        var unscored = Enumerable.Repeat(double.NaN, stocks).ToArray();
        var grades = new ForwardRankIc(Grades.Horizon);
        foreach (int day in gradedDays) grades.AddDay(Factor?[day] ?? unscored, closesOf(day));
        Grades = grades;
    }

    /// <summary>Takes a new fitted version; the previous one is released (its plugin version may then unload).</summary>
    public void Adopt(FittedModel fitted, DateOnly fittedOn)
    {
        Fitted?.Dispose();
        Fitted = fitted;
        FittedOn = fittedOn;
        Version++;
        LastFitError = null;
    }

    /// <summary>A combination takes new weights, set at <paramref name="on"/>'s close (the version of its scores on the bus).</summary>
    public void AdoptWeights(double[] weights, DateOnly on)
    {
        Weights = weights;
        WeightHistory.Add((on, weights));
        FittedOn = on;
        Version++;
    }

    /// <summary>Stops the model with its reason; a fitted version is released unless a call may still be running on it.</summary>
    public void MarkFaulted(string reason, bool releaseFitted = true)
    {
        Fault = reason;
        if (releaseFitted) Fitted?.Dispose(); // else abandoned to the call still running on it
        Fitted = null;
        Weights = null;
    }

    /// <summary>Back to work after a fault (a new plugin version, or a command).</summary>
    public void ClearFault() => Fault = null;

    public void Retire()
    {
        Role = ModelRole.Retired;
        Fitted?.Dispose();
        Fitted = null;
        Weights = null;
        RefitWanted = false;
        Deferred.Clear(); // a fit in flight is discarded when it ends
    }

    public string State =>
        Fault is not null ? "faulted"
        : Role == ModelRole.Retired ? "retired"
        : Combination is not null ? (Weights is null ? "waiting for members" : "scoring")
        : Job is not null ? (Fitted is null ? "fitting" : "scoring, refitting")
        : Fitted is null ? "waiting for history" : "scoring";

    public void Dispose() => Fitted?.Dispose();
}

/// <summary>
/// The live models of a run by name: one champion (its scores drive the paper portfolio) and any
/// number of challengers, scored, published and graded beside it. A loop-thread resource.
/// </summary>
public sealed class LiveModels(int horizon, DateOnly[] dates, string[] codes) : IDisposable
{
    /// <summary>Days in a model's recent RankIC (the cockpit's "RankIC 20d", the status topic's rank_ic_recent).</summary>
    public const int RecentDays = 20;

    private readonly List<LiveModel> models = new();

    public IReadOnlyList<LiveModel> All => models;
    public LiveModel? Champion => models.FirstOrDefault(m => m.Role == ModelRole.Champion);
    public LiveModel? Find(string name) => models.FirstOrDefault(m => m.Name == name);

    /// <summary>
    /// Adds a model (or brings a retired or faulted one back). <paramref name="fitNow"/>: fit from the
    /// current tick's data as soon as the sampler has a split (else at the next scheduled retrain).
    /// </summary>
    public LiveModel Activate(PluginChoice choice, ModelRole role, bool fitNow = true)
    {
        var existing = Find(choice.Name);
        if (existing is not null) models.Remove(existing);
        existing?.Dispose();
        if (role == ModelRole.Champion && Champion is { } old) old.Role = ModelRole.Challenger;
        var model = new LiveModel(choice, role, horizon) { Factor = new FactorPanel(dates, codes), RefitWanted = fitNow };
        models.Add(model);
        return model;
    }

    /// <summary>Adds a model combination of the run config as a challenger; it scores once a member scores.</summary>
    public LiveModel ActivateCombination(CombinationSpec spec)
    {
        var choice = new PluginChoice(spec.Name) { Source = $"combination '{spec.Name}'" };
        var model = new LiveModel(choice, ModelRole.Challenger, horizon) { Factor = new FactorPanel(dates, codes), Combination = spec };
        models.Add(model);
        return model;
    }

    /// <summary>Makes <paramref name="name"/> the champion; the previous champion stays on as a challenger.</summary>
    public void Promote(LiveModel model)
    {
        if (Champion is { } old && old != model) old.Role = ModelRole.Challenger;
        model.Role = ModelRole.Champion;
    }

    /// <summary>Rows for the cockpit and the status topic, champion first.</summary>
    public IReadOnlyList<ModelRow> Rows() =>
        models.OrderBy(m => m.Role).ThenBy(m => m.Name, StringComparer.Ordinal).Select(m => new ModelRow(m.Name, m.Version, m.Role, m.FittedOn,
            CockpitMath.TailMean(m.Grades.Daily, RecentDays), CockpitMath.TailMean(m.Grades.Daily))
        {
            State = m.State, Fault = m.Fault ?? m.LastFitError, GradedDays = m.Grades.Daily.Count, DailyRankIc = m.Grades.Daily.ToArray(),
        }).ToArray();

    public void Dispose()
    {
        foreach (var m in models) m.Dispose();
    }
}

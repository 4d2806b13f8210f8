using AlphaHost.Host.Bus;

namespace AlphaHost.Host.Panel;

/// <summary>Where the run stands: ticking, paused, stopping after a quit, or done.</summary>
public enum RunPhase { Running, Paused, Stopping, Finished }

/// <summary>
/// Everything the control panel (cockpit) shows, as of one tick. The engine builds a new one
/// after each tick and posts it on a <see cref="SnapshotBoard"/>; the cockpit only reads it. Immutable.
/// </summary>
public sealed record CockpitSnapshot
{
    public DateOnly TradingDate { get; init; }
    /// <summary>Bar within the trading day (0 for daily bars).</summary>
    public int Bar { get; init; }
    public long Tick { get; init; }
    /// <summary>Ticks the run will make in all; 0 when unknown.</summary>
    public long TotalTicks { get; init; }
    /// <summary>Ticks per second the clock aims for; 0 = as fast as possible.</summary>
    public double Speed { get; init; }
    public RunPhase Phase { get; init; }
    public bool Paused => Phase == RunPhase.Paused;
    public int UniverseSize { get; init; }
    /// <summary>The champion's name: the model whose scores are traded.</summary>
    public string ActiveModel { get; init; } = "";
    /// <summary>Every model the host knows, live or not; the champion is one of them.</summary>
    public IReadOnlyList<ModelRow> Models { get; init; } = [];
    public IReadOnlyList<PluginRow> Plugins { get; init; } = [];
    /// <summary>The fit in progress, or the last one; null before the first fit starts.</summary>
    public TrainingView? Training { get; init; }
    /// <summary>Today's highest scores, best first, and lowest, worst first (see <see cref="ScoreRanking"/>).</summary>
    public IReadOnlyList<ScoreRow> TopScores { get; init; } = [];
    public IReadOnlyList<ScoreRow> BottomScores { get; init; } = [];
    /// <summary>Daily RankIC of the champion, oldest first (known horizon days late).</summary>
    public IReadOnlyList<double> DailyIc { get; init; } = [];
    /// <summary>Days in the IC rolling mean.</summary>
    public int IcWindow { get; init; } = 20;
    public PortfolioView Portfolio { get; init; } = new();
    public decimal Nav => Portfolio.Nav;
    public decimal BenchmarkNav => Portfolio.BenchmarkNav;
    public BusStats? Bus { get; init; }
    /// <summary>Recent warnings and errors, newest last, one line each.</summary>
    public IReadOnlyList<string> RecentErrors { get; init; } = [];
}

/// <summary>One model: its role, the fit it scores with, and how its scores fared.</summary>
public sealed record ModelRow(string Name, int Version, ModelRole Role, DateOnly? FittedOn, double? RankIcRecent, double? RankIcToDate)
{
    /// <summary>waiting for history, fitting, scoring, scoring + refitting, faulted, retired.</summary>
    public string State { get; init; } = "";
    /// <summary>Why the model faulted or its last fit failed; null when healthy.</summary>
    public string? Fault { get; init; }
    /// <summary>Days behind <see cref="RankIcToDate"/>.</summary>
    public int GradedDays { get; init; }
    /// <summary>The daily RankICs since activation, oldest first (the cockpit charts their running sum).</summary>
    public IReadOnlyList<double> DailyRankIc { get; init; } = [];
}

/// <summary>
/// The champion's scores drive the paper portfolio; challengers are scored and graded beside it;
/// an available model is a loaded model plugin not (or no longer) live — activate it to fit it.
/// </summary>
public enum ModelRole { Champion, Challenger, Retired, Available }

public static class ModelRows
{
    /// <summary>
    /// The run's models, then every loaded model plugin that is not one of them (role Available), so a
    /// model dropped into the plugins folder shows in the models table, ready to activate.
    /// </summary>
    public static IReadOnlyList<ModelRow> WithAvailable(IReadOnlyList<ModelRow> run, IReadOnlyList<PluginRow> plugins)
    {
        var known = run.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        var available = plugins
            .Where(p => p.Family == "Model" && p.State == LoadState.Loaded && !known.Contains(p.Name))
            .Select(p => new ModelRow(p.Name, 0, ModelRole.Available, null, null, null) { State = "loaded" });
        return [.. run, .. available];
    }
}

/// <summary>One loaded plugin. Origin: "built-in" or the folder or file it was loaded from.</summary>
public sealed record PluginRow(string Name, string Version, string Family, LoadState State,
    string Error = "", string Origin = "built-in", int Faults = 0, int Swaps = 0);

public sealed record ScoreRow(string Code, float Score);

/// <summary>One epoch of a fit as the cockpit charts it.</summary>
public sealed record EpochPoint(int Epoch, double TrainLoss, double ValidationLoss, double Validation);

/// <summary>
/// A fit: epoch i of n (<see cref="Done"/> once adopted), its losses, and the validation metric
/// after each finished epoch.
/// </summary>
public sealed record TrainingView(string Model, int Epoch, int Epochs, double Loss, string MetricName, IReadOnlyList<double> Validation)
{
    public int Retrain { get; init; }
    public bool Done { get; init; }
    public IReadOnlyList<EpochPoint> Curve { get; init; } = [];
}

/// <summary>The paper portfolio after the last traded tick.</summary>
public sealed record PortfolioView
{
    public decimal Nav { get; init; }
    /// <summary>The benchmark's value scaled to the starting NAV.</summary>
    public decimal BenchmarkNav { get; init; }
    /// <summary>NAV and benchmark after each traded tick, oldest first.</summary>
    public IReadOnlyList<NavMark> Series { get; init; } = [];
    public int PositionCount { get; init; }
    /// <summary>Largest holdings by value, largest first.</summary>
    public IReadOnlyList<HoldingRow> Positions { get; init; } = [];
    public int FillsToday { get; init; }
    /// <summary>Today's one-sided turnover: traded value over NAV.</summary>
    public double Turnover { get; init; }
    /// <summary>Order quantity refused so far by each market rule (rule → orders refused).</summary>
    public IReadOnlyDictionary<string, int> RefusedByRule { get; init; } = new Dictionary<string, int>();
}

public sealed record NavMark(DateOnly Date, decimal Nav, decimal Benchmark);

public sealed record HoldingRow(string Code, long Quantity, decimal Value);

/// <summary>The latest snapshot, swapped in by the engine and read by the cockpit without locks or waiting.</summary>
public sealed class SnapshotBoard
{
    private CockpitSnapshot _latest = new();

    public CockpitSnapshot Latest => Volatile.Read(ref _latest);

    public void Post(CockpitSnapshot snapshot) => Volatile.Write(ref _latest, snapshot);

    /// <summary>Applies <paramref name="change"/> to the latest snapshot atomically (engine and command threads both post).</summary>
    public void Update(Func<CockpitSnapshot, CockpitSnapshot> change)
    {
        while (true)
        {
            var seen = Latest;
            if (Interlocked.CompareExchange(ref _latest, change(seen), seen) == seen) return;
        }
    }
}

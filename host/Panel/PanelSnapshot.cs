using AlphaHost.Host.Bus;

namespace AlphaHost.Host.Panel;

/// <summary>
/// Everything the control panel shows, as of one tick. The engine builds a new one after each
/// tick and posts it on a <see cref="SnapshotBoard"/>; the panel only reads it. Immutable.
/// </summary>
public sealed record PanelSnapshot
{
    public DateOnly TradingDate { get; init; }
    public int Bar { get; init; }
    public long Tick { get; init; }
    /// <summary>Ticks per second the clock aims for; 0 = as fast as possible.</summary>
    public double Speed { get; init; }
    public bool Paused { get; init; }
    public int UniverseSize { get; init; }
    public string ActiveModel { get; init; } = "";
    /// <summary>Models that can be activated, in the order `m` cycles through them.</summary>
    public IReadOnlyList<string> Models { get; init; } = [];
    public IReadOnlyList<PluginRow> Plugins { get; init; } = [];
    public TrainingView? Training { get; init; }
    /// <summary>Today's highest scores, best first, and lowest, worst first (see <see cref="ScoreRanking"/>).</summary>
    public IReadOnlyList<ScoreRow> TopScores { get; init; } = [];
    public IReadOnlyList<ScoreRow> BottomScores { get; init; } = [];
    /// <summary>Daily IC of the active model, oldest first.</summary>
    public IReadOnlyList<double> DailyIc { get; init; } = [];
    /// <summary>Days in the IC rolling mean.</summary>
    public int IcWindow { get; init; } = 20;
    public decimal Nav { get; init; }
    /// <summary>The benchmark's value scaled to the starting NAV.</summary>
    public decimal BenchmarkNav { get; init; }
    /// <summary>Today's one-sided turnover as a fraction of NAV.</summary>
    public double Turnover { get; init; }
    public BusStats? Bus { get; init; }
    /// <summary>Most recent errors, newest last, one line each.</summary>
    public IReadOnlyList<string> RecentErrors { get; init; } = [];
}

public sealed record PluginRow(string Name, string Version, string Family, LoadState State, string Error = "");

public sealed record ScoreRow(string Code, float Score);

/// <summary>Training in progress: epoch i of n, last loss, and the validation metric after each finished epoch.</summary>
public sealed record TrainingView(string Model, int Epoch, int Epochs, double Loss, string MetricName, IReadOnlyList<double> Validation);

/// <summary>The latest snapshot, swapped in by the engine and read by the panel without locks or waiting.</summary>
public sealed class SnapshotBoard
{
    private PanelSnapshot _latest = new();

    public PanelSnapshot Latest => Volatile.Read(ref _latest);

    public void Post(PanelSnapshot snapshot) => Volatile.Write(ref _latest, snapshot);
}

using System.Globalization;
using AlphaHost.Host.Bus;
using AlphaHost.Host.Engine;
using AlphaHost.Host.Panel;
using AlphaHost.Host.Research;
using AlphaHost.Host.Trading;
using AlphaHost.Plugins.Market.Evaluation;
using AlphaHost.Sdk.Plugins;
using TorchSharp;

namespace AlphaHost.Host.Run;

// The main job's systems, one job each, run in stage order every tick (one tick = one trading day).
// Parts are immutable records; the fitted model lives in ModelSlot, never in a part.

public sealed record MarketPart(int Day, DateOnly Date, MarketBar? Bar);
public static class MarketToday
{
    /// <summary>Today's market part; no bar when the market system failed this tick (its part is yesterday's: stale).</summary>
    public static MarketPart Market(this TickContext tick) => tick.IsFresh<MarketPart>() ? tick.Now<MarketPart>() : tick.Now<MarketPart>() with { Bar = null };
}
/// <summary>Fits so far: the adopted model's version and fit day, every finished epoch, and the fit in flight's epochs.</summary>
public sealed record TrainingPart(int Version, int Retrain, string Status, IReadOnlyList<EpochProgress> Curve)
{
    public DateOnly? FittedOn { get; init; }
    /// <summary>Epochs of the fit now running (empty when none runs).</summary>
    public IReadOnlyList<EpochProgress> Running { get; init; } = [];
}
public sealed record ScoresPart(int Day, int ModelVersion, double[]? Scores);
public sealed record PublishingPart(long Published);
/// <summary>The paper portfolio after the last traded tick: NAV path, today's record, refusals so far by rule.</summary>
public sealed record PortfolioPart(decimal Nav, decimal BenchmarkNav, bool Traded)
{
    public IReadOnlyList<NavMark> Series { get; init; } = [];
    public TickRecord? Today { get; init; }
    public IReadOnlyDictionary<string, int> RefusedByRule { get; init; } = new Dictionary<string, int>();
}
public sealed record EvaluationPart(IReadOnlyList<double> DailyRankIc);

/// <summary>Replays the market file: one daily bar per tick, and the bar's row in the research panel.</summary>
public sealed class MarketSystem(IMarketSource source, ResearchPanel panel) : GameSystem<MarketPart>
{
    private readonly Dictionary<DateOnly, int> dayOf = panel.Dates.Select((d, i) => (d, i)).ToDictionary(x => x.d, x => x.i);
    public override SystemStage Stage => SystemStage.Market;
    protected override MarketPart Initial => new(-1, default, null);

    protected override MarketPart Update(TickContext tick, MarketPart mine)
    {
        var bar = source.Next();
        if (bar is null) return new MarketPart(mine.Day, mine.Date, null);
        return new MarketPart(dayOf[bar.Date], bar.Date, bar);
    }
}

/// <summary>The active fitted model, swapped only at tick boundaries by the training system.</summary>
public sealed class ModelSlot : IDisposable
{
    public FittedModel? Active { get; private set; }
    public int Version { get; private set; }

    public void Adopt(FittedModel model)
    {
        Active?.Dispose();
        Active = model;
        Version++;
    }

    public void Dispose() => Active?.Dispose();
}

/// <summary>
/// Rolling retraining: on each retrain day of the walk-forward schedule it fits a model on a worker
/// from data known at that day's close, and adopts it at the next tick boundary; the loop keeps ticking.
/// </summary>
public sealed class TrainingSystem(ModelFitter fitter, WalkForward schedule, ModelSlot slot, int seed, Action<EpochProgress> progress)
    : GameSystem<TrainingPart>
{
    private readonly HashSet<int> retrainDays = schedule.Schedule(ResearchPanel.Lookback - 1).Select(s => s.Day).ToHashSet();
    private WorkerJob<FittedModel>? job;
    private int retrains;
    private readonly List<EpochProgress> curve = new();
    private readonly List<EpochProgress> running = new(); // written by the fit's worker, read at ticks
    private volatile bool retrainRequested;

    /// <summary>Fits on the next tick's history, unless a fit is already running ("train now").</summary>
    public void RequestRetrain() => retrainRequested = true;

    public override SystemStage Stage => SystemStage.Training;
    protected override TrainingPart Initial => new(0, 0, "waiting for history", []);

    protected override TrainingPart Update(TickContext tick, TrainingPart mine)
    {
        var market = tick.Market(); // stale (market failed this tick) = no bar today
        string status = mine.Status;
        DateOnly? fittedOn = mine.FittedOn;
        if (job is not null && job.TryAdopt(tick, out var fitted))
        {
            job = null;
            slot.Adopt(fitted);
            curve.AddRange(fitted.Curve);
            lock (running) running.Clear();
            fittedOn = fitter.Panel.Dates[fitted.FittedOn];
            status = $"model {slot.Version} fitted at {fittedOn:yyyy-MM-dd}";
        }
        bool due = retrainDays.Contains(market.Day) || retrainRequested;
        if (market.Bar is not null && job is null && due && schedule.SplitAt(market.Day) is { } split)
        {
            retrainRequested = false;
            int today = market.Day, retrain = retrains++;
            job = tick.StartWork(cancel => fitter.Fit(split, today, retrain, seed, p =>
            {
                lock (running) running.Add(p);
                progress(p);
            }, cancel), adoptAfterTicks: 1);
            status = $"retrain {retrain} on {split.Train.Count}+{split.Validation.Count} days";
        }
        EpochProgress[] now;
        lock (running) now = running.ToArray();
        if (status == mine.Status && slot.Version == mine.Version && now.Length == mine.Running.Count) return mine;
        return new TrainingPart(slot.Version, retrains, status, curve.ToArray()) { FittedOn = fittedOn, Running = now };
    }
}

/// <summary>Scores today's eligible stocks with the active model (NaN for the rest).</summary>
public sealed class ScoringSystem(ResearchPanel panel, ModelSlot slot) : GameSystem<ScoresPart>
{
    public override SystemStage Stage => SystemStage.Scoring;
    protected override ScoresPart Initial => new(-1, 0, null);

    protected override ScoresPart Update(TickContext tick, ScoresPart mine)
    {
        var market = tick.Market(); // stale (market failed this tick) = no bar today
        if (market.Bar is null || slot.Active is null) return new ScoresPart(market.Day, slot.Version, null);
        return new ScoresPart(market.Day, slot.Version, slot.Active.Score(panel, market.Day));
    }
}

/// <summary>Sends today's factor on the signal bus (topic signal.&lt;model&gt;).</summary>
public sealed class PublishingSystem(SignalPublisher? publisher, ResearchPanel panel, string model) : GameSystem<PublishingPart>
{
    public override SystemStage Stage => SystemStage.Publishing;
    protected override PublishingPart Initial => new(0);

    protected override PublishingPart Update(TickContext tick, PublishingPart mine)
    {
        var scores = tick.Now<ScoresPart>();
        if (publisher is null || scores.Scores is null) return mine;
        var signal = new Signal { Model = model, PluginVersion = $"v{scores.ModelVersion}", TradingDate = $"{panel.Dates[scores.Day]:yyyy-MM-dd}", Tick = tick.Tick };
        for (int s = 0; s < panel.Stocks; s++)
        {
            if (double.IsNaN(scores.Scores[s])) continue;
            signal.Codes.Add(panel.Codes[s]);
            signal.Scores.Add((float)scores.Scores[s]);
        }
        publisher.PublishSignal(signal);
        return new PublishingPart(mine.Published + 1);
    }
}

/// <summary>Turns scores into target weights and trades them on the paper broker (fills at the next bar); each traded tick goes on the bus (topic portfolio).</summary>
public sealed class PortfolioSystem(PaperTradingSession session, ResearchPanel panel, decimal initialCash, SignalPublisher? publisher = null) : GameSystem<PortfolioPart>
{
    public override SystemStage Stage => SystemStage.Portfolio;
    protected override PortfolioPart Initial => new(initialCash, initialCash, false);

    protected override PortfolioPart Update(TickContext tick, PortfolioPart mine)
    {
        var market = tick.Market(); // stale (market failed this tick) = no bar today
        if (market.Bar is null || session.IsFinished) return mine;
        var scores = tick.Now<ScoresPart>().Scores;
        var vector = scores is null ? null : new ScoreVector(market.Date, panel.Codes, scores);
        if (!session.Step(market.Bar, vector) || session.LastRecord is not { } today) return mine;
        var benchmark = session.LastNav == 0 ? 0 : (decimal)session.LastBenchmark * initialCash;
        var refused = new Dictionary<string, int>(mine.RefusedByRule);
        foreach (var r in today.Rejections) refused[r.Rule] = refused.GetValueOrDefault(r.Rule) + 1;
        var part = new PortfolioPart(session.LastNav, benchmark, true)
        {
            Series = [.. mine.Series, new NavMark(market.Date, session.LastNav, benchmark)],
            Today = today,
            RefusedByRule = refused,
        };
        publisher?.PublishPortfolio(ToMessage(market, tick.Tick, part, today));
        return part;
    }

    private Portfolio ToMessage(MarketPart market, long tick, PortfolioPart part, TickRecord today)
    {
        var message = new Portfolio
        {
            TradingDate = $"{market.Date:yyyy-MM-dd}", Tick = tick,
            Nav = part.Nav.ToString(CultureInfo.InvariantCulture), BenchmarkNav = part.BenchmarkNav.ToString(CultureInfo.InvariantCulture),
            Fills = today.Fills.Select(f => new FillMessage { Code = f.Code, Quantity = f.Quantity, Price = f.Price.ToString(CultureInfo.InvariantCulture), Kind = f.Kind }).ToList(),
        };
        if (session.LastTargets is var (codes, weights))
            for (int i = 0; i < codes.Length; i++)
                if (weights[i] != 0)
                {
                    message.Codes.Add(codes[i]);
                    message.Weights.Add(weights[i]);
                }
        return message;
    }
}

/// <summary>Collects the out-of-sample factor and the daily RankIC the panel shows (known H days later).</summary>
public sealed class EvaluationSystem(ResearchPanel panel, FactorPanel factor, int horizon) : GameSystem<EvaluationPart>
{
    private readonly ForwardRankIc rankIc = new(horizon);
    private readonly double[] closes = panel.AdjustedClose.data<double>().ToArray();
    private readonly double[] unscored = Enumerable.Repeat(double.NaN, panel.Stocks).ToArray();

    public override SystemStage Stage => SystemStage.Evaluation;
    protected override EvaluationPart Initial => new([]);

    protected override EvaluationPart Update(TickContext tick, EvaluationPart mine)
    {
        var market = tick.Market(); // stale (market failed this tick) = no bar today
        if (market.Bar is null) return mine;
        var scored = tick.Now<ScoresPart>();
        var scores = scored.Scores;
        if (scores is not null) factor.Set(market.Day, scores, scored.ModelVersion);
        var row = scores ?? unscored;
        int before = rankIc.Daily.Count;
        rankIc.AddDay(row, closes.AsSpan(market.Day * panel.Stocks, panel.Stocks).ToArray());
        return rankIc.Daily.Count == before ? mine : new EvaluationPart(rankIc.Daily.ToArray());
    }
}

/// <summary>What the cockpit system knows from the run's setup rather than from ticks.</summary>
public sealed record CockpitSetup(string Model, string Metric, int Epochs, long TotalTicks, IReadOnlyList<PluginRow> Plugins);

/// <summary>Posts a read-only snapshot for the control panel (cockpit); never blocks.</summary>
public sealed class CockpitSystem(SnapshotBoard board, ResearchPanel panel, CockpitSetup setup, Func<BusStats?> busStats, Func<EngineControl> control, RecentLog log)
    : GameSystem<CockpitSnapshot>
{
    private const int HoldingsShown = 20;

    public override SystemStage Stage => SystemStage.Panel;
    protected override CockpitSnapshot Initial => new() { TotalTicks = setup.TotalTicks, Plugins = setup.Plugins, ActiveModel = setup.Model };

    protected override CockpitSnapshot Update(TickContext tick, CockpitSnapshot mine)
    {
        var market = tick.Now<MarketPart>();
        var training = tick.Now<TrainingPart>();
        var scores = tick.Now<ScoresPart>().Scores;
        var portfolio = tick.Now<PortfolioPart>();
        var ic = tick.Now<EvaluationPart>().DailyRankIc;
        var ranked = scores is null ? [] : Enumerable.Range(0, panel.Stocks).Where(s => !double.IsNaN(scores[s]))
            .OrderByDescending(s => scores[s]).Select(s => new ScoreRow(panel.Codes[s], (float)scores[s])).ToList();
        var snapshot = new CockpitSnapshot
        {
            TradingDate = market.Date,
            Bar = market.Bar?.BarOfDay ?? 0,
            Tick = tick.Tick,
            TotalTicks = setup.TotalTicks,
            Speed = control().TicksPerSecond ?? 0,
            Phase = control().Mode == RunMode.Paused ? RunPhase.Paused : RunPhase.Running,
            UniverseSize = market.Bar?.Count ?? 0,
            ActiveModel = setup.Model,
            Models = [new ModelRow(setup.Model, training.Version, training.Version > 0 ? ModelRole.Champion : ModelRole.Idle, training.FittedOn,
                CockpitMath.TailMean(ic, mine.IcWindow), CockpitMath.TailMean(ic))],
            Plugins = setup.Plugins,
            Training = Training(training),
            TopScores = ranked.Take(10).ToArray(),
            BottomScores = ranked.AsEnumerable().Reverse().Take(10).ToArray(),
            DailyIc = ic,
            Portfolio = Portfolio(portfolio),
            Bus = busStats(),
            RecentErrors = log.Problems(5),
        };
        board.Post(snapshot);
        return snapshot;
    }

    /// <summary>The fit in flight, else the last finished one (its epochs are the curve's last retrain).</summary>
    private TrainingView? Training(TrainingPart t)
    {
        bool done = t.Running.Count == 0;
        var epochs = done ? t.Curve.Where(c => c.Retrain == t.Curve.LastOrDefault()?.Retrain).ToList() : t.Running;
        if (epochs.Count == 0) return null;
        var last = epochs[^1];
        return new TrainingView(setup.Model, last.Epoch, setup.Epochs, last.TrainLoss, setup.Metric, epochs.Select(e => e.ValidationMetric).ToArray())
        {
            Retrain = last.Retrain,
            Done = done,
            Curve = epochs.Select(e => new EpochPoint(e.Epoch, e.TrainLoss, e.ValidationLoss, e.ValidationMetric)).ToArray(),
        };
    }

    private static PortfolioView Portfolio(PortfolioPart p) => new()
    {
        Nav = p.Nav,
        BenchmarkNav = p.BenchmarkNav,
        Series = p.Series,
        PositionCount = p.Today?.Positions.Count ?? 0,
        Positions = p.Today?.Positions.OrderByDescending(h => Math.Abs(h.Value)).Take(HoldingsShown).Select(h => new HoldingRow(h.Code, h.Quantity, h.Value)).ToArray() ?? [],
        FillsToday = p.Today?.Fills.Count ?? 0,
        Turnover = p.Today is { Nav: > 0 } today ? (double)(today.TradedValue / today.Nav) : 0,
        RefusedByRule = p.RefusedByRule,
    };
}

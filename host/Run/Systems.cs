using System.Globalization;
using AlphaHost.Host.Bus;
using AlphaHost.Host.Engine;
using AlphaHost.Host.Panel;
using AlphaHost.Host.Plugins;
using AlphaHost.Host.Research;
using AlphaHost.Host.Trading;
using AlphaHost.Sdk.Statistics;
using AlphaHost.Sdk.Plugins;
using Microsoft.Extensions.Logging;
using TorchSharp;

namespace AlphaHost.Host.Run;

// The main job's systems, one job each, run in stage order every tick (one tick = one trading day).
// Parts are immutable records; fitted models live in LiveModels (a loop-thread resource), never in a part.

public sealed record MarketPart(int Day, DateOnly Date, MarketBar? Bar);
public static class MarketToday
{
    /// <summary>Today's market part; no bar when the market system failed this tick (its part is yesterday's: stale).</summary>
    public static MarketPart Market(this TickContext tick) => tick.IsFresh<MarketPart>() ? tick.Now<MarketPart>() : tick.Now<MarketPart>() with { Bar = null };
}
/// <summary>Fits so far: every finished epoch of the champion's fits, and the fit in flight's epochs.</summary>
public sealed record TrainingPart(int Retrains, string Status, IReadOnlyList<EpochProgress> Curve)
{
    /// <summary>The model whose fit <see cref="Running"/> shows.</summary>
    public string RunningModel { get; init; } = "";
    /// <summary>Epochs of the fit now running (empty when none runs).</summary>
    public IReadOnlyList<EpochProgress> Running { get; init; } = [];
}
/// <summary>One model's scores of the day by panel slot (NaN where not scored).</summary>
public sealed record ModelScores(string Model, int Version, ModelRole Role, double[] Scores, DayOutputs? Outputs = null);
public sealed record ScoresPart(int Day, IReadOnlyList<ModelScores> Models)
{
    /// <summary>The champion's scores, which the paper portfolio trades; null when it has none today.</summary>
    public ModelScores? Champion => Models.FirstOrDefault(m => m.Role == ModelRole.Champion);
}
public sealed record PublishingPart(long Published);
/// <summary>The paper portfolio after the last traded tick: NAV path, today's record, refusals so far by rule.</summary>
public sealed record PortfolioPart(decimal Nav, decimal BenchmarkNav, bool Traded)
{
    public IReadOnlyList<NavMark> Series { get; init; } = [];
    public TickRecord? Today { get; init; }
    public IReadOnlyDictionary<string, int> RefusedByRule { get; init; } = new Dictionary<string, int>();
}
/// <summary>The daily RankIC of the traded (champion's) factor, and every model's rows.</summary>
public sealed record EvaluationPart(IReadOnlyList<double> DailyRankIc)
{
    public IReadOnlyList<ModelRow> Models { get; init; } = [];
}

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

/// <summary>
/// Fits every live model on a worker from data known at the tick's close. The champion's scheduled
/// retrains (the walk-forward days) are adopted exactly one tick later, the loop waiting for them if
/// needed: its scores drive the portfolio. A challenger's scheduled fit never blocks the loop: the
/// challenger scores with its previous version meanwhile and adopts the fit at the first tick boundary
/// after it is done; its recorded days since retrain day + 1 (factor, grades) are then rescored with the
/// new fit, each day from that day's picture, so the record is that of an adoption at the next tick
/// whatever the fit's timing (what the bus published meanwhile stays as published). A retrain day that
/// falls while such a fit runs is queued and fitted after it, in order. A challenger promoted while its
/// scheduled fit runs waits for it at the next tick; one retired discards it; pending ones are
/// finished at the end of the run (<see cref="FinishPending"/>). A member of a live combination keeps
/// the champion's rule, since a combination combines its members' scores of the day as scored.
/// A fit asked for by a command or a new plugin version (activate-model, start-training, a swapped
/// model) is adopted at the first tick boundary after it finishes: the loop never waits for it. A fit
/// that throws leaves the previous version scoring (or faults a model that has none).
/// </summary>
public sealed class TrainingSystem(ModelTraining training, LiveModels models, ILogger log, TextWriter? progress = null) : GameSystem<TrainingPart>
{
    private readonly HashSet<int> retrainDays = training.RetrainDays();
    private readonly List<EpochProgress> curve = new();
    private readonly List<EpochProgress> running = new(); // written by fits' workers, read at ticks
    private readonly double[] closes = training.Panel.AdjustedClose.data<double>().ToArray();
    private string runningModel = "";
    private int retrains;

    public override SystemStage Stage => SystemStage.Training;
    protected override TrainingPart Initial => new(0, "waiting for history", []);

    /// <summary>True when the model's scheduled fits block the loop: the champion, and members of a live combination.</summary>
    private bool Blocking(LiveModel model) =>
        model.Role == ModelRole.Champion || models.All.Any(c => c.IsLive && c.Combination is { } spec && spec.Members.Contains(model.Name));

    protected override TrainingPart Update(TickContext tick, TrainingPart mine)
    {
        var market = tick.Market(); // stale (market failed this tick) = no bar today
        string status = mine.Status;
        foreach (var model in models.All)
        {
            if (model.Job is not { } job) continue;
            FittedModel fitted;
            try
            {
                // A non-blocking scheduled fit of a model promoted since: the champion waits for it now.
                if (model.ScheduledFitDay is not null && Blocking(model)) fitted = job.Wait();
                else if (!job.TryAdopt(tick, out fitted)) continue;
            }
            catch (Exception e)
            {
                model.Job = null;
                model.ScheduledFitDay = null;
                FitFailed(model, e);
                continue;
            }
            if (Adopt(model, fitted)) status = $"{model.Name} v{model.Version} fitted at {model.FittedOn:yyyy-MM-dd}";
        }
        var blockers = new List<Task>();
        if (market.Bar is not null)
        {
            bool scheduled = retrainDays.Contains(market.Day);
            if (scheduled) retrains++;
            // A retrain day behind a challenger's scheduled fit still running is queued, so fits keep their order.
            if (scheduled && training.CanFitAt(market.Day))
                foreach (var model in models.All.Where(m => m.IsLive && m.Combination is null && !Blocking(m) && (m.Job is not null && m.ScheduledFitDay is not null || m.Deferred.Count > 0)))
                    model.Deferred.Enqueue((market.Day, model.NextFitIndex()));
            // A combination is never fitted: its weights are set by the scoring system.
            var due = models.All.Where(m => m.IsLive && m.Combination is null && m.Job is null && m.Deferred.Count == 0 && (scheduled || m.RefitWanted)).ToList();
            // Not enough history yet: a wanted fit waits for a day the sampler has a split.
            if (due.Count > 0 && !training.CanFitAt(market.Day)) due.Clear();
            // Blocking fits first: the non-blocking ones start after them (fits take turns), so none waits behind a challenger of today.
            foreach (var model in due.OrderBy(m => Blocking(m) ? 0 : 1))
            {
                bool wanted = model.RefitWanted && !scheduled;
                model.RefitWanted = false;
                bool blocking = !wanted && Blocking(model);
                Start(tick, model, market.Day, model.NextFitIndex(), blocking ? null : blockers, wanted || blocking ? null : market.Day, live: !blocking);
                if (blocking) blockers.Add(model.Job!.Completion);
                status = $"fitting {model.Name} at {market.Date:yyyy-MM-dd}{(blocking ? "" : " (adopted when done)")}";
            }
        }
        foreach (var model in models.All.Where(m => m.IsLive && m.Job is null && m.Deferred.Count > 0))
        {
            var (day, fitIndex) = model.Deferred.Dequeue();
            Start(tick, model, day, fitIndex, blockers, day, live: true);
            status = $"fitting {model.Name} at {training.Panel.Dates[day]:yyyy-MM-dd} (queued retrain, adopted when done)";
        }
        EpochProgress[] now;
        string nowModel;
        lock (running) (now, nowModel) = (running.ToArray(), runningModel);
        if (status == mine.Status && now.Length == mine.Running.Count && curve.Count == mine.Curve.Count && retrains == mine.Retrains) return mine;
        return new TrainingPart(retrains, status, curve.ToArray()) { Running = now, RunningModel = nowModel };
    }

    /// <summary>
    /// At the end of the run (after the last tick, before the workers are cancelled): waits for every
    /// challenger's pending scheduled fit and its queued retrains, and adopts and rescores those whose
    /// adoption day (retrain day + 1) the run reached, so the record is complete. Others are discarded,
    /// as a run that never reached their adoption tick would.
    /// </summary>
    public void FinishPending()
    {
        foreach (var model in models.All)
        {
            if (model.Job is { } job && model.ScheduledFitDay is { } day)
            {
                model.Job = null;
                try
                {
                    var fitted = job.Wait();
                    if (model.GradedDays.Any(d => d > day)) Adopt(model, fitted);
                    else
                    {
                        model.ScheduledFitDay = null;
                        fitted.Dispose();
                    }
                }
                catch (Exception e)
                {
                    model.ScheduledFitDay = null;
                    FitFailed(model, e);
                }
            }
            while (model.IsLive && model.Deferred.Count > 0)
            {
                var (next, fitIndex) = model.Deferred.Dequeue();
                if (!model.GradedDays.Any(d => d > next)) break;
                try
                {
                    model.ScheduledFitDay = next;
                    Adopt(model, training.Fit(model.Choice, next, fitIndex, null, CancellationToken.None));
                }
                catch (Exception e)
                {
                    model.ScheduledFitDay = null;
                    FitFailed(model, e);
                }
            }
            model.Deferred.Clear();
        }
    }

    private void Start(TickContext tick, LiveModel model, int day, int fitIndex, List<Task>? after, int? scheduledDay, bool live)
    {
        var target = model;
        var wait = after?.ToArray() ?? [];
        model.ScheduledFitDay = scheduledDay;
        model.Job = tick.StartWork(token =>
        {
            if (wait.Length > 0) Task.WhenAll(wait).ContinueWith(_ => { }, TaskScheduler.Default).Wait(token); // their failures are theirs
            return training.Fit(target.Choice, day, fitIndex, p =>
            {
                lock (running)
                {
                    if (runningModel != target.Name) running.Clear();
                    runningModel = target.Name;
                    running.Add(p);
                }
                progress?.WriteLine($"  {target.Name} retrain {p.Retrain} {p.Describe(training.Spec.Trainer.EarlyStop)}");
            }, token);
        }, adoptAfterTicks: 1, live: live);
    }

    private void FitFailed(LiveModel model, Exception e)
    {
        var why = $"fit failed: {PluginFactory.Describe(e is AggregateException { InnerException: { } inner } ? inner : e)}";
        if (model.Fitted is null) model.MarkFaulted(why);
        else model.LastFitError = why + " (previous version keeps scoring)";
        log.LogError("model {Model}: {Error}", model.Name, why);
    }

    /// <summary>Adopts a finished fit (on the loop thread); false when the model stopped meanwhile (the fit is discarded).</summary>
    private bool Adopt(LiveModel model, FittedModel fitted)
    {
        model.Job = null;
        var scheduledDay = model.ScheduledFitDay;
        model.ScheduledFitDay = null;
        if (!model.IsLive)
        {
            fitted.Dispose(); // retired or faulted while it fitted
            return false;
        }
        model.Adopt(fitted, training.Panel.Dates[fitted.FittedOn]);
        if (scheduledDay is { } day) Rescore(model, day);
        if (model.Role == ModelRole.Champion) curve.AddRange(fitted.Curve);
        lock (running) if (runningModel == model.Name) running.Clear();
        training.Adopted?.Invoke(model);
        return true;
    }

    /// <summary>
    /// The recorded days after <paramref name="fitDay"/> scored again with the model's new version, each
    /// from its own day's picture (only data known that day), then its grades fed again in order.
    /// </summary>
    private void Rescore(LiveModel model, int fitDay)
    {
        var days = model.GradedDays.Where(d => d > fitDay).ToArray();
        if (days.Length == 0 || model.Factor is not { } factor) return;
        var panel = training.Panel;
        try
        {
            foreach (int day in days)
            {
                var outputs = model.Fitted!.Outputs(panel, day);
                factor.Set(day, outputs.Scores, model.Version, outputs);
            }
        }
        catch (Exception e)
        {
            model.MarkFaulted($"rescoring threw {PluginFactory.Describe(e)}");
            log.LogError("model {Model}: {Error}; the run goes on without it", model.Name, model.Fault);
        }
        model.Regrade(day => closes.AsSpan(day * panel.Stocks, panel.Stocks).ToArray(), panel.Stocks);
    }
}

/// <summary>
/// Scores today's eligible stocks with every live fitted model (NaN for the rest), then the model
/// combinations from those scores. Each model's call runs
/// under a time budget: a model that throws or overruns is marked faulted with its reason, and the
/// loop and every other model go on.
/// </summary>
public sealed class ScoringSystem(ResearchPanel panel, LiveModels models, TimeSpan budget, ILogger log, LiveCombinations? combinations = null) : GameSystem<ScoresPart>
{
    public override SystemStage Stage => SystemStage.Scoring;
    protected override ScoresPart Initial => new(-1, []);

    protected override ScoresPart Update(TickContext tick, ScoresPart mine)
    {
        var market = tick.Market(); // stale (market failed this tick) = no bar today
        if (market.Bar is null) return new ScoresPart(market.Day, []);
        var scored = new List<ModelScores>();
        foreach (var model in models.All.Where(m => m.IsLive && m.Fitted is not null))
        {
            var fitted = model.Fitted!;
            var call = Task.Run(() => fitted.Outputs(panel, market.Day));
            try
            {
                if (!call.Wait(budget))
                {
                    model.MarkFaulted($"scoring overran its budget of {budget.TotalSeconds:0.###} s at {market.Date:yyyy-MM-dd}", releaseFitted: false);
                    log.LogError("model {Model}: {Error}; the run goes on without it", model.Name, model.Fault);
                    continue;
                }
                scored.Add(new ModelScores(model.Name, model.Version, model.Role, call.Result.Scores, call.Result));
            }
            catch (AggregateException e)
            {
                model.MarkFaulted($"scoring threw {PluginFactory.Describe(e.InnerException ?? e)} at {market.Date:yyyy-MM-dd}");
                log.LogError("model {Model}: {Error}; the run goes on without it", model.Name, model.Fault);
            }
        }
        combinations?.Score(market.Day, market.Date, scored); // the model combinations, from the members' scores of today
        return new ScoresPart(market.Day, scored);
    }
}

/// <summary>Sends each model's factor on the signal bus (topic signal.&lt;model&gt;).</summary>
public sealed class PublishingSystem(SignalPublisher? publisher, ResearchPanel panel) : GameSystem<PublishingPart>
{
    public override SystemStage Stage => SystemStage.Publishing;
    protected override PublishingPart Initial => new(0);

    protected override PublishingPart Update(TickContext tick, PublishingPart mine)
    {
        var scores = tick.Now<ScoresPart>();
        if (publisher is null || scores.Models.Count == 0) return mine;
        long published = mine.Published;
        foreach (var model in scores.Models)
        {
            var signal = new Signal { Model = model.Model, PluginVersion = $"v{model.Version}", TradingDate = $"{panel.Dates[scores.Day]:yyyy-MM-dd}", Tick = tick.Tick };
            for (int s = 0; s < panel.Stocks; s++)
            {
                if (double.IsNaN(model.Scores[s])) continue;
                signal.Codes.Add(panel.Codes[s]);
                signal.Scores.Add((float)model.Scores[s]);
            }
            publisher.PublishSignal(signal);
            published++;
        }
        return new PublishingPart(published);
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
        var scores = tick.Now<ScoresPart>().Champion?.Scores;
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

/// <summary>
/// Collects the traded (champion's) out-of-sample factor and every model's scores, and grades each
/// by its daily RankIC against the forward return, known H days later.
/// </summary>
public sealed class EvaluationSystem(ResearchPanel panel, FactorPanel factor, int horizon, LiveModels models) : GameSystem<EvaluationPart>
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
        var today = closes.AsSpan(market.Day * panel.Stocks, panel.Stocks).ToArray();
        var champion = scored.Champion;
        if (champion is not null) factor.Set(market.Day, champion.Scores, champion.Version, champion.Outputs);
        rankIc.AddDay(champion?.Scores ?? unscored, today);
        // Every model is fed every day from its activation, scored or not, so day t meets day t + H.
        foreach (var model in models.All.Where(m => m.Role != ModelRole.Retired))
        {
            var mineToday = scored.Models.FirstOrDefault(m => m.Model == model.Name);
            if (mineToday is not null) model.Factor?.Set(market.Day, mineToday.Scores, mineToday.Version, mineToday.Outputs);
            model.Grade(market.Day, mineToday?.Scores ?? unscored, today);
        }
        return new EvaluationPart(rankIc.Daily.ToArray()) { Models = models.Rows() };
    }
}

/// <summary>What the cockpit system knows from the run's setup rather than from ticks.</summary>
public sealed record CockpitSetup(string Metric, int Epochs, long TotalTicks, Func<IReadOnlyList<PluginRow>> Plugins);

/// <summary>Posts a read-only snapshot for the control panel (cockpit); never blocks.</summary>
public sealed class CockpitSystem(SnapshotBoard board, ResearchPanel panel, CockpitSetup setup, Func<BusStats?> busStats, Func<EngineControl> control, RecentLog log)
    : GameSystem<CockpitSnapshot>
{
    private const int HoldingsShown = 20;

    public override SystemStage Stage => SystemStage.Panel;
    protected override CockpitSnapshot Initial => new() { TotalTicks = setup.TotalTicks, Plugins = setup.Plugins() };

    protected override CockpitSnapshot Update(TickContext tick, CockpitSnapshot mine)
    {
        var market = tick.Now<MarketPart>();
        var training = tick.Now<TrainingPart>();
        var champion = tick.Now<ScoresPart>().Champion;
        var scores = champion?.Scores;
        var portfolio = tick.Now<PortfolioPart>();
        var evaluation = tick.Now<EvaluationPart>();
        var ic = evaluation.DailyRankIc;
        var plugins = setup.Plugins();
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
            ActiveModel = evaluation.Models.FirstOrDefault(m => m.Role == ModelRole.Champion)?.Name ?? "",
            Models = ModelRows.WithAvailable(evaluation.Models, plugins),
            Plugins = plugins,
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
        return new TrainingView(t.RunningModel, last.Epoch, setup.Epochs, last.TrainLoss, setup.Metric, epochs.Select(e => e.ValidationMetric).ToArray())
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

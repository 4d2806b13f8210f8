using System.Text.Json;
using AlphaHost.Host.Bus;
using AlphaHost.Host.Engine;
using AlphaHost.Host.Panel;
using AlphaHost.Host.Research;
using AlphaHost.Host.Trading;
using AlphaHost.Plugins.Labels;
using AlphaHost.Plugins.Market.Replay;
using AlphaHost.Plugins.Market.Store;
using AlphaHost.Plugins.Market.Synthetic;
using AlphaHost.Plugins.Models;
using AlphaHost.Plugins.Portfolio;
using AlphaHost.Plugins.Samplers;
using AlphaHost.Sdk.Plugins;
using NetMQ;

namespace AlphaHost.Host.Run;

/// <summary>Options of one `alphahost run` invocation besides the config file.</summary>
public sealed record RunOptions(string OutDir, int Seed, long? Ticks, bool Headless, bool Fresh);

/// <summary>
/// The main job: market → features → rolling training → scoring → bus → paper portfolio →
/// evaluation, ticked by the engine, then metrics.json and the reports.
/// </summary>
public sealed class MainJob(RunConfig config, RunOptions options, TextWriter log)
{
    public int Execute()
    {
        var bus = config.Bus ? RunBus.Load(config) : null; // key files first: a bad one fails before any work
        var dir = Directory.CreateDirectory(options.OutDir).FullName;
        var marketPath = string.IsNullOrEmpty(config.MarketDb) ? Path.Combine(dir, "market.db") : config.MarketDb;
        if (string.IsNullOrEmpty(config.MarketDb) && !File.Exists(marketPath)) GenerateMarket(config, options.Seed, marketPath, log);

        using var panel = ResearchPanel.Load(marketPath);
        log.WriteLine($"market {marketPath}: {panel.Stocks} stocks x {panel.Days} days");
        var spec = config.FitSpec(config.Model);
        var fitter = new ModelFitter(spec, panel);
        var sampler = new RollingSampler();
        sampler.Configure(new WindowConfig { TrainDays = config.TrainDays, TestDays = config.TestDays });
        var schedule = new WalkForward(sampler, panel.Dates, fitter.LabelLag);
        AlphaHost.Host.Cli.TrainCommands.RequireOneWindow(panel, spec, sampler, config.TrainDays);

        var trading = new TradingConfig { InitialCash = (decimal)config.InitialCash, BenchmarkIndex = "benchmark" };
        var builder = new BufferedTopN(config.TopN, config.KeepRank);
        using var session = PaperTradingSession.Open(Path.Combine(dir, "paper"), trading, builder, options.Fresh);
        if (session.IsFinished)
        {
            log.WriteLine($"run in {dir} is finished; reports are in place (use --fresh to run again)");
            return 0;
        }
        if (session.ResumedTicks > 0) log.WriteLine($"resuming the paper ledger after {session.ResumedTicks} committed ticks");

        // While the cockpit owns the terminal, run lines go to its log view instead of tearing the screen.
        bool live = !options.Headless && ControlPanel.CanRunLive;
        var recent = new RecentLog(echo: live ? null : log);
        var runLog = live ? recent.Writer : log;
        if (bus is not null) log.WriteLine(bus.Describe());
        using var publisher = StartPublisher(bus, runLog);
        using var slot = new ModelSlot();
        using var source = new SqliteMarketSource(marketPath);
        var factor = new FactorPanel(panel.Dates, panel.Codes);
        var board = new SnapshotBoard();
        long ticks = Math.Min(options.Ticks ?? long.MaxValue, panel.Days);
        TickEngine? engine = null;
        var training = new TrainingSystem(fitter, schedule, slot, options.Seed, p => runLog.WriteLine(
            $"  retrain {p.Retrain} epoch {p.Epoch}: train loss {p.TrainLoss:F4}, validation loss {p.ValidationLoss:F4}, {config.EarlyStop} {p.ValidationMetric:F4}{(p.Best ? " *" : "")}"));
        var setup = new CockpitSetup(config.Model, config.EarlyStop.ToString(), config.Epochs, ticks, BuiltInPlugins(config, sampler, source, builder));
        var systems = new ISystem[]
        {
            new MarketSystem(source, panel),
            training,
            new ScoringSystem(panel, slot),
            new PublishingSystem(publisher, panel, config.Model),
            new PortfolioSystem(session, panel, (decimal)config.InitialCash, publisher),
            new EvaluationSystem(panel, factor, config.Horizon),
            new CockpitSystem(board, panel, setup, () => publisher?.Stats, () => engine!.Control, recent),
        };
        engine = new TickEngine(systems, new EngineOptions { Seed = options.Seed }, recent);
        board.Post(board.Latest with { TotalTicks = ticks, Plugins = setup.Plugins, ActiveModel = config.Model });
        var control = new RunControl(engine, board, training.RequestRetrain, config.Model);
        using var server = StartControl(bus, control, runLog);
        void PublishStatus() => publisher?.PublishStatus((board.Latest with { Bus = publisher.Stats }).ToStatus());
        // The status topic, also while paused (no ticks then): at least once a second.
        using var beacon = publisher is null ? null : new Timer(_ => PublishStatus(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(500));
        using var panelView = options.Headless ? null
            : live ? ControlPanel.StartLive(board, control, recent)
            : ControlPanel.StartPlain(board, log, TimeSpan.FromSeconds(10));
        engine.Start(ticks);
        while (!engine.WaitAsync().Wait(200))
            if (panelView?.QuitRequested == true) engine.Control.Stop();
        engine.Dispose();
        board.Update(s => s with { Phase = RunPhase.Finished });
        beacon?.Dispose();
        PublishStatus(); // subscribers learn the run is over
        // Close the cockpit before the summary: the terminal is restored and the lines below stay on screen.
        panelView?.Dispose();
        if (panelView?.IsLive == true)
        {
            log.WriteLine(PlainStatusLine.Format(board.Latest));
            foreach (var problem in recent.Problems(5)) log.WriteLine(problem);
        }

        var results = session.Tick >= panel.Days ? session.Finish() : session.Results();
        double? oracle = ResearchRun.PlantedAlpha(marketPath, panel) is { } planted ? factor.ForwardRankIc(panel, config.Horizon, planted) : null;
        new RunSummary(config, panel, factor, results, engine.Latest.Get<TrainingPart>().Curve, oracle).Write(dir, log);
        return 0;
    }

    /// <summary>
    /// The plugins this run uses, all compiled in until the main job loads them through the plugin
    /// host (issue 14); models and losses carry their assembly's version.
    /// </summary>
    private static IReadOnlyList<PluginRow> BuiltInPlugins(RunConfig config, RollingSampler sampler, SqliteMarketSource source, IPortfolioBuilder builder)
    {
        var research = typeof(ModelFitter).Assembly.GetName().Version?.ToString(3) ?? "?";
        PluginRow Row(PluginInfo info) => new(info.Name, info.Version, info.Family.ToString(), LoadState.Loaded);
        return
        [
            Row(source.Info),
            new(config.Model, research, nameof(PluginFamily.Model), LoadState.Loaded),
            new(config.Loss, research, nameof(PluginFamily.Loss), LoadState.Loaded),
            Row(sampler.Info),
            Row(builder.Info),
        ];
    }

    /// <summary>Generates the config's synthetic equity market into <paramref name="path"/>.</summary>
    public static void GenerateMarket(RunConfig config, int seed, string path, TextWriter log)
    {
        log.WriteLine($"generating a synthetic market: {config.Stocks} stocks x {config.Days} days, seed {seed}");
        var generator = new EquityMarketGenerator(new EquityMarketConfig { Stocks = config.Stocks, Days = config.Days, Seed = seed, AlphaStrength = config.AlphaStrength });
        // Written aside and moved into place when complete: a run killed mid-generation must not resume on half a market.
        var partial = path + ".partial";
        foreach (var leftover in new[] { partial, partial + "-wal", partial + "-shm" }) File.Delete(leftover);
        using (var db = MarketDatabase.Create(partial)) generator.Generate(db);
        File.Move(partial, path);
    }

    /// <summary>The signal bus, or null (logged) when the run has none or its endpoint cannot be bound.</summary>
    public static SignalPublisher? StartPublisher(RunBus? bus, TextWriter log)
    {
        if (bus is null) return null;
        try
        {
            return new SignalPublisher(bus.Publisher);
        }
        catch (Exception e) when (e is NetMQException or ArgumentException)
        {
            log.WriteLine($"signal bus: cannot bind {bus.Publisher.Endpoint} ({e.Message}); running without publishing");
            return null;
        }
    }

    /// <summary>The control socket, or null (logged) when the run has none or its endpoint cannot be bound.</summary>
    public static ControlServer? StartControl(RunBus? bus, IControlHandler handler, TextWriter log)
    {
        if (bus is null) return null;
        try
        {
            return new ControlServer(bus.Control, handler);
        }
        catch (Exception e) when (e is NetMQException or ArgumentException)
        {
            log.WriteLine($"control socket: cannot bind {bus.Control.Endpoint} ({e.Message}); running without remote control");
            return null;
        }
    }
}

/// <summary>
/// Commands from the cockpit keys and the control socket, applied to the engine between ticks.
/// Model and plugin commands wait on the plugin host (issue 14): this run has one compiled-in model.
/// </summary>
public sealed class RunControl(TickEngine engine, SnapshotBoard board, Action trainNow, string model) : IControlHandler
{
    public Reply Handle(Command command)
    {
        var reply = new Reply { RequestId = command.RequestId ?? 0, Ok = true };
        // The socket checked the command already; the cockpit's keys are held to the same rules here.
        if (CommandRules.CheckArguments(command) is (not CommandProblem.None, var why)) return Refuse(reply, why);
        switch (command.Kind)
        {
            case CommandKinds.Pause: engine.Control.Pause(); break;
            case CommandKinds.Resume: engine.Control.Resume(); break;
            case CommandKinds.Step: engine.Control.Step(command.Ticks ?? 1); break;
            case CommandKinds.Speed:
                engine.Control.SetSpeed(command.TicksPerSecond > 0 ? command.TicksPerSecond : null);
                break;
            case CommandKinds.StartTraining when command.Model != model:
                return Refuse(reply, $"no model '{command.Model}' in this run (it trains {model})");
            case CommandKinds.StartTraining: trainNow(); break;
            case CommandKinds.Plugins: reply.Plugins = board.Latest.ToStatus().Plugins; break;
            case CommandKinds.Shutdown:
                engine.Control.Stop();
                board.Update(s => s with { Phase = RunPhase.Stopping });
                break;
            case CommandKinds.Status: break;
            default:
                return Refuse(reply, $"{command.Kind} is not available in this run");
        }
        // A paused engine posts no snapshots, so the cockpit learns the new mode and speed here, once the command is applied.
        engine.Control.AtBoundary(() => board.Update(s => s with
        {
            Phase = s.Phase is RunPhase.Stopping or RunPhase.Finished ? s.Phase : engine.Control.Mode == RunMode.Paused ? RunPhase.Paused : RunPhase.Running,
            Speed = engine.Control.TicksPerSecond ?? 0,
        }));
        if (command.Kind == CommandKinds.Status) reply.Status = board.Latest.ToStatus();
        return reply;
    }

    private static Reply Refuse(Reply reply, string error)
    {
        reply.Ok = false;
        reply.Error = error;
        return reply;
    }
}

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
using AlphaHost.Sdk.Protocol;
using AlphaHost.Sdk.Zmq;

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
        using var session = PaperTradingSession.Open(Path.Combine(dir, "paper"), trading, new BufferedTopN(config.TopN, config.KeepRank), options.Fresh);
        if (session.IsFinished)
        {
            log.WriteLine($"run in {dir} is finished; reports are in place (use --fresh to run again)");
            return 0;
        }
        if (session.ResumedTicks > 0) log.WriteLine($"resuming the paper ledger after {session.ResumedTicks} committed ticks");

        using var zmq = config.Bus ? new ZmqContext() : null;
        using var publisher = StartPublisher(zmq);
        using var slot = new ModelSlot();
        using var source = new SqliteMarketSource(marketPath);
        var factor = new FactorPanel(panel.Dates, panel.Codes);
        var board = new SnapshotBoard();
        TickEngine? engine = null;
        var systems = new ISystem[]
        {
            new MarketSystem(source, panel),
            new TrainingSystem(fitter, schedule, slot, options.Seed, p => log.WriteLine(
                $"  retrain {p.Retrain} epoch {p.Epoch}: train loss {p.TrainLoss:F4}, validation loss {p.ValidationLoss:F4}, {config.EarlyStop} {p.ValidationMetric:F4}{(p.Best ? " *" : "")}")),
            new ScoringSystem(panel, slot),
            new PublishingSystem(publisher, panel, config.Model),
            new PortfolioSystem(session, panel, (decimal)config.InitialCash),
            new EvaluationSystem(panel, factor, config.Horizon),
            new PanelSystem(board, panel, config.Model, () => publisher?.Stats, () => engine!.Control),
        };
        engine = new TickEngine(systems, new EngineOptions { Seed = options.Seed });
        var control = new RunControl(engine, board);
        using var server = StartControl(zmq, control);
        using var panelView = options.Headless ? null : ControlPanel.Start(board, control, TimeSpan.FromSeconds(10));
        long ticks = Math.Min(options.Ticks ?? long.MaxValue, panel.Days);
        engine.Start(ticks);
        while (!engine.WaitAsync().Wait(200))
            if (panelView?.QuitRequested == true) engine.Control.Stop();
        engine.Dispose();

        var results = session.Tick >= panel.Days ? session.Finish() : session.Results();
        double? oracle = ResearchRun.PlantedAlpha(marketPath, panel) is { } planted ? factor.ForwardRankIc(panel, config.Horizon, planted) : null;
        new RunSummary(config, panel, factor, results, engine.Latest.Get<TrainingPart>().Curve, oracle).Write(dir, log);
        return 0;
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

    private SignalPublisher? StartPublisher(ZmqContext? zmq)
    {
        if (zmq is null) return null;
        try
        {
            return new SignalPublisher(zmq, new PublisherOptions { Endpoint = config.BusPub });
        }
        catch (ZmqException e)
        {
            log.WriteLine($"signal bus: cannot bind {config.BusPub} ({e.Message}); running without publishing");
            return null;
        }
    }

    private ControlServer? StartControl(ZmqContext? zmq, IControlHandler handler)
    {
        if (zmq is null) return null;
        try
        {
            return new ControlServer(zmq, new ControlOptions { Endpoint = config.BusControl }, handler);
        }
        catch (Exception e) when (e is ZmqException or InvalidOperationException)
        {
            log.WriteLine($"control socket: cannot bind {config.BusControl} ({e.Message}); running without remote control");
            return null;
        }
    }
}

/// <summary>Commands from the panel keys and the control socket, applied to the engine between ticks.</summary>
public sealed class RunControl(TickEngine engine, SnapshotBoard board) : IControlHandler
{
    public Reply Handle(Command command)
    {
        var reply = new Reply { RequestId = command.RequestId, Ok = true };
        switch (command.KindCase)
        {
            case Command.KindOneofCase.Pause: engine.Control.Pause(); break;
            case Command.KindOneofCase.Resume: engine.Control.Resume(); break;
            case Command.KindOneofCase.Step: engine.Control.Step((int)Math.Max(1, command.Step.Ticks)); break;
            case Command.KindOneofCase.SetSpeed:
                engine.Control.SetSpeed(command.SetSpeed.TicksPerSecond > 0 ? command.SetSpeed.TicksPerSecond : null);
                break;
            case Command.KindOneofCase.Shutdown: engine.Control.Stop(); break;
            case Command.KindOneofCase.Status: break;
            default:
                reply.Ok = false;
                reply.Error = $"{command.KindCase} is not available in this run";
                break;
        }
        // A paused engine posts no snapshots, so the panel learns the new mode and speed here, once the command is applied.
        engine.Control.AtBoundary(() => board.Post(board.Latest with
        {
            Paused = engine.Control.Mode == RunMode.Paused,
            Speed = engine.Control.TicksPerSecond ?? 0,
        }));
        return reply;
    }
}

using System.Text.Json;
using AlphaHost.Host.Bus;
using AlphaHost.Host.Engine;
using AlphaHost.Host.Panel;
using AlphaHost.Host.Research;
using AlphaHost.Host.Trading;
using AlphaHost.Host.Cli;
using AlphaHost.Host.Plugins;
using AlphaHost.Host.Market.Replay;
using AlphaHost.Host.Market.Store;
using AlphaHost.Host.Market;
using AlphaHost.Sdk.Plugins;
using NetMQ;

namespace AlphaHost.Host.Run;

/// <summary>Options of one `alphahost run` invocation besides the config file.</summary>
public sealed record RunOptions(string OutDir, int Seed, long? Ticks, bool Headless, bool Fresh)
{
    /// <summary>The plugins folder the run loads and watches (default: the built-in plugins/bin).</summary>
    public string PluginsDir { get; init; } = PluginsCommands.DefaultDirectory;
}

/// <summary>
/// The main job: market → features → rolling training → scoring → bus → paper portfolio →
/// evaluation, ticked by the engine, then metrics.json and the reports. Every research family
/// (model, loss, label, sampler, portfolio builder) is a plugin resolved by name from the plugins
/// folder, which the run watches: a model dropped in can be activated while it runs.
/// </summary>
public sealed class MainJob(RunConfig config, RunOptions options, TextWriter log)
{
    public int Execute()
    {
        var bus = config.Bus ? RunBus.Load(config) : null; // key files first: a bad one fails before any work
        // While the cockpit owns the terminal, run lines go to its log view instead of tearing the screen.
        bool live = !options.Headless && ControlPanel.CanRunLive;
        var recent = new RecentLog(echo: live ? null : log);
        var runLog = live ? recent.Writer : log;
        TickEngine? engine = null;
        using var plugins = PluginHost.Open(options.PluginsDir, recent, log, action =>
        {
            if (engine is null) action();
            else engine.Control.AtBoundary(action);
        });
        config.CheckPlugins(plugins.Registry); // a typo'd name or key fails here, before the market is generated
        plugins.Watch(); // from now on a plugin dropped in loads (Roslyn warms up while the market loads)

        var dir = Directory.CreateDirectory(options.OutDir).FullName;
        var marketPath = string.IsNullOrEmpty(config.MarketDb) ? Path.Combine(dir, "market.db") : config.MarketDb;
        if (string.IsNullOrEmpty(config.MarketDb) && !File.Exists(marketPath)) GenerateMarket(config, plugins.Registry, options.Seed, marketPath, log);

        using var panel = ResearchPanel.Load(marketPath, lookback: config.Lookback, fields: config.Fields, picture: config.Picture);
        log.WriteLine($"market {marketPath}: {panel.Stocks} stocks x {panel.Days} days");
        var training = new ModelTraining(panel, config.FitSpec(config.Model), config.Sampler, plugins.Registry, options.Seed);
        training.RequireOneWindow();

        var trading = new TradingConfig { InitialCash = (decimal)config.InitialCash, BenchmarkIndex = "benchmark" };
        var builder = plugins.Registry.Create<IPortfolioBuilder>(config.Portfolio);
        using var session = PaperTradingSession.Open(Path.Combine(dir, "paper"), trading, builder, options.Fresh);
        if (session.IsFinished)
        {
            log.WriteLine($"run in {dir} is finished; reports are in place (use --fresh to run again)");
            return 0;
        }
        if (session.ResumedTicks > 0) log.WriteLine($"resuming the paper ledger after {session.ResumedTicks} committed ticks");

        if (bus is not null) log.WriteLine(bus.Describe());
        using var publisher = StartPublisher(bus, runLog);
        using var models = new LiveModels(training.Horizon, panel.Dates, panel.Codes);
        models.Activate(config.Model, ModelRole.Champion, fitNow: false);
        foreach (var challenger in config.Challengers) models.Activate(challenger, ModelRole.Challenger, fitNow: false);
        ActivateCombinations(models, runLog);
        var combinations = config.Combinations.Length == 0 ? null : new LiveCombinations(panel, models, plugins.Registry, training.Horizon, training.RetrainDays(), recent);
        using var source = new SqliteMarketSource(marketPath);
        var factor = new FactorPanel(panel.Dates, panel.Codes);
        var board = new SnapshotBoard();
        long ticks = Math.Min(options.Ticks ?? long.MaxValue, panel.Days);
        var setup = new CockpitSetup(config.EarlyStop.ToString(), config.Epochs, ticks, () => PluginRows(plugins.Registry));
        var trainingSystem = new TrainingSystem(training, models, recent, runLog);
        var systems = new ISystem[]
        {
            new MarketSystem(source, panel),
            trainingSystem,
            new ScoringSystem(panel, models, TimeSpan.FromSeconds(config.ScoreBudgetSeconds), recent, combinations),
            new PublishingSystem(publisher, panel),
            new PortfolioSystem(session, panel, (decimal)config.InitialCash, publisher),
            new EvaluationSystem(panel, factor, training.Horizon, models),
            new BacktestingSystem(panel, training.Horizon, plugins.Registry, config.Backtesters, runLog),
            new CockpitSystem(board, panel, setup, () => publisher?.Stats, () => engine!.Control, recent),
        };
        engine = new TickEngine(systems, new EngineOptions { Seed = options.Seed, TicksPerSecond = config.Speed > 0 ? config.Speed : null }, recent);
        var pluginRows = setup.Plugins();
        board.Post(board.Latest with { TotalTicks = ticks, Plugins = pluginRows, ActiveModel = config.Model.Name, Models = ModelRows.WithAvailable(models.Rows(), pluginRows) });
        // A new version of a live model's plugin refits it; the old version unloads once that fit is adopted.
        plugins.Installed += package =>
        {
            foreach (var plugin in package.Plugins.Where(p => p.Info.Family == PluginFamily.Model))
                if (models.Find(plugin.Info.Name) is { Role: not ModelRole.Retired } model)
                {
                    model.ClearFault();
                    model.RefitWanted = true;
                    runLog.WriteLine($"{plugin.Info.Name} {plugin.Info.Version} installed: refitting the live model from it");
                }
        };
        plugins.InUse = names => names.Any(n => models.Find(n)?.Fitted is not null);
        training.Adopted = _ =>
        {
            if (plugins.PendingUnloads > 0) Task.Run(plugins.CollectPending);
        };
        var control = new RunControl(engine, board, models, plugins);
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
        trainingSystem.FinishPending(); // challengers' scheduled fits still running: waited for, so their record is complete
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
        double? oracle = ResearchRun.PlantedAlpha(marketPath, panel) is { } planted ? factor.ForwardRankIc(panel, training.Horizon, planted) : null;
        var grades = ModelGrade.OfAll(models.All, training.Horizon, panel, plugins.Registry, config.Label);
        RunSummary.WriteModelFiles(dir, models.All);
        var outputs = OutputGrades.Of(factor, panel, plugins.Registry, config.Label);
        new RunSummary(config, panel, factor, results, engine.Latest.Get<TrainingPart>().Curve, oracle, training.Horizon, grades, outputs)
        {
            Backtests = engine.Latest.Get<BacktestPart>(),
        }.Write(dir, log);
        return 0;
    }

    /// <summary>
    /// The config's model combinations as live challengers. A member names a live model of the run; one
    /// not already the model or a challenger is added as a challenger, since the combination scores
    /// from the members' live scores.
    /// </summary>
    private void ActivateCombinations(LiveModels models, TextWriter runLog)
    {
        foreach (var combination in config.Combinations)
        {
            foreach (var member in combination.Members.Where(m => models.Find(m) is null))
            {
                models.Activate(new PluginChoice(member) { Source = $"combination '{combination.Name}': key 'members'" }, ModelRole.Challenger, fitNow: false);
                runLog.WriteLine($"combination {combination.Name}: member {member} added as a challenger");
            }
            if (combination.Seeds > 1) runLog.WriteLine($"combination {combination.Name}: \"seeds\": {combination.Seeds} applies to compare; run combines each member's one live model");
            models.ActivateCombination(combination);
        }
    }

    /// <summary>The plugins table of the cockpit and the status topic.</summary>
    public static IReadOnlyList<PluginRow> PluginRows(PluginRegistry registry) =>
        registry.Statuses().Select(s => new PluginRow(s.Name, s.Version, s.Family?.ToString() ?? "-",
            s.State == AlphaHost.Host.Plugins.LoadState.Active ? AlphaHost.Host.Bus.LoadState.Loaded : AlphaHost.Host.Bus.LoadState.Failed,
            s.Message?.Split('\n')[0] ?? "", $"{s.Origin.ToString().ToLowerInvariant()} {Path.GetFileName(s.Path)}", s.Faults, s.Swaps)).ToArray();

    /// <summary>Generates the config's market (its generator plugin, resolved by name) into <paramref name="path"/>.</summary>
    public static void GenerateMarket(RunConfig config, PluginRegistry plugins, int seed, string path, TextWriter log)
    {
        if (config.Picture == PictureKind.Minute && config.GeneratedIntradayBars == 0)
            throw new ArgumentException("run config: key 'intradayBars': expected at least 1 since \"picture\" is \"Minute\" and the market is generated (no \"marketDb\"), got 0");
        var choice = config.MarketChoice(plugins, seed);
        MarketGeneration.Check(plugins, choice); // a bad name or key fails before any file is written
        if (MarketGeneration.IsBarSource(plugins, choice.Name))
            log.WriteLine($"recording market source {choice.Name} until it ends" + (choice.Config is { Count: > 0 } given ? $", market.config {given.ToJsonString()}" : ""));
        else
            log.WriteLine($"generating a synthetic market with {choice.Name}: {config.Stocks} {(choice.Name == MarketGeneration.Futures ? "futures contracts" : "stocks")} x {config.Days} days, seed {seed}"
                          + (choice.Config is { Count: > 0 } own ? $", market.config {own.ToJsonString()}" : ""));
        // Written aside and moved into place when complete: a run killed mid-generation must not resume on half a market.
        var partial = path + ".partial";
        foreach (var leftover in new[] { partial, partial + "-wal", partial + "-shm" }) File.Delete(leftover);
        using (var db = MarketDatabase.Create(partial)) MarketGeneration.Generate(plugins, choice, db);
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


using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using AlphaHost.Host.Cli;
using AlphaHost.Host.Engine;
using AlphaHost.Host.Panel;
using AlphaHost.Host.Plugins;
using AlphaHost.Host.Research;
using AlphaHost.Host.Run;
using AlphaHost.Host.Trading;
using AlphaHost.Host.Market.Replay;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Bench;

/// <summary>
/// The main job's engine with live models (issue 14): the default synthetic market, wired as
/// MainJob wires it (market, training, scoring, publishing without a bus, portfolio, evaluation,
/// cockpit), each system timed.
/// 1. Engine cost per tick once every model is fitted, 1 live model (mlp champion) vs 3 (mlp +
///    2 challengers): median and p95 ms/tick, split into scoring and the rest.
/// 2. Ticks/s of the loop while a challenger's live fit (RefitWanted, adopted when done) runs on a
///    worker, vs. just before and after with nothing fitting.
/// 3. A model .cs dropped into a watched plugins folder: dropped → listed (Roslyn cold, i.e. right
///    after Watch() while its warm-up runs, and warm), then its fit and first score; and end to end
///    in the running 3-model loop: dropped → listed → activated → live fit → adopted → first score.
/// The sampler retrains once (testDays = days) so no scheduled retrain lands in a measured window.
/// Args: [stocks=200] [days=850] [clean_ticks=60] [seed=7] [challengers=alphanet_v1,example-linear] [refit=2]
/// (refit: index in the challenger list of the one refitted in part 2).
/// </summary>
public sealed class LiveBench : IBench
{
    public string Name => "live";
    public string Description => "live models: engine ms/tick with 1 vs 3 models, ticks/s while a challenger fits, dropped .cs → listed → fit → score";

    private readonly List<(string Metric, string Value, string Note)> table = [];

    public void Run(string[] args)
    {
        int stocks = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
        int days = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 850;
        int cleanTicks = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 60;
        int seed = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 7;
        string[] challengers = args.Length > 4 ? args[4].Split(',', StringSplitOptions.RemoveEmptyEntries) : ["alphanet_v1", "example-linear"];
        int refit = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 2;

        Console.WriteLine($"load_average_start {LoadAverage()}");
        var config = new RunConfig
        {
            Stocks = stocks, Days = days, Bus = false,
            Sampler = new PluginChoice("rolling", new JsonObject { ["trainDays"] = 450, ["testDays"] = days }),
        };
        var marketPath = Path.Combine(Path.GetTempPath(), "alphahost-bench-live", $"market-{stocks}x{days}-seed{seed}.db");
        if (!File.Exists(marketPath))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(marketPath)!);
            var generate = Stopwatch.StartNew();
            MainJob.GenerateMarket(config, BenchPlugins.Registry, seed, marketPath, Console.Out);
            Console.WriteLine($"market_generate_s {generate.Elapsed.TotalSeconds:F1}");
        }
        using var panel = ResearchPanel.Load(marketPath, lookback: config.Lookback);
        Console.WriteLine($"market {panel.Stocks} stocks x {panel.Days} days ({marketPath})");

        // Part 3's drops first: Roslyn is cold only until the first compile in this process.
        var dropRoot = Directory.CreateTempSubdirectory("alphahost-bench-drop-").FullName;
        try
        {
            using var dropHost = DropToListed(dropRoot, out var dropped, out var warmListedMs);

            // The runs use the watched folder's registry (the built-in plugins, linked), so a drop can go live in part 3.
            Scenario("1 model", [config.Model], config, panel, marketPath, dropHost, seed, cleanTicks, refit: null);
            Scenario("3 models", [config.Model, .. challengers.Select(c => new PluginChoice(c))], config, panel, marketPath, dropHost, seed, cleanTicks,
                refit: Math.Clamp(refit, 1, challengers.Length));

            // The dropped model's fit and first score, with TorchSharp warm as in a running host.
            FitAndScore(dropHost, dropped, warmListedMs, config, panel, seed);
        }
        finally
        {
            try { Directory.Delete(dropRoot, true); } catch (IOException) { }
        }

        var loadEnd = LoadAverage();
        Console.WriteLine($"load_average_end {loadEnd}");
        Console.WriteLine();
        Console.WriteLine($"| {"metric",-52} | {"value",12} | note");
        Console.WriteLine($"|{new string('-', 54)}|{new string('-', 14)}|------");
        foreach (var (metric, value, note) in table) Console.WriteLine($"| {metric,-52} | {value,12} | {note}");
    }

    private void Row(string metric, string value, string note = "")
    {
        table.Add((metric, value, note));
        Console.WriteLine($"{metric.Replace(' ', '_')} {value}   {note}");
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    // ---------------------------------------------------------------- parts 1 and 2

    /// <summary>Times one system's Update (the engine calls systems through ISystem, so a wrapper is transparent).</summary>
    private sealed class Timed(ISystem inner) : ISystem
    {
        public long Last;
        public string Name => inner.Name;
        public SystemStage Stage => inner.Stage;
        public Type PartType => inner.PartType;
        public object InitialPart => inner.InitialPart;

        public object Update(TickContext tick)
        {
            long t0 = Stopwatch.GetTimestamp();
            try
            {
                return inner.Update(tick);
            }
            finally
            {
                Last = Stopwatch.GetTimestamp() - t0;
            }
        }
    }

    private sealed record TickSample(double TotalMs, double ScoringMs, double[] SystemMs);

    private void Scenario(string label, PluginChoice[] models, RunConfig config, ResearchPanel panel, string marketPath, PluginHost host,
        int seed, int cleanTicks, int? refit)
    {
        var registry = host.Registry;
        var runDir = Directory.CreateTempSubdirectory("alphahost-bench-live-").FullName;
        try
        {
            var recent = new RecentLog(echo: null);
            var training = new ModelTraining(panel, config.FitSpec(config.Model), config.Sampler, registry, seed);
            var retrainDays = training.RetrainDays();
            var trading = new TradingConfig { InitialCash = (decimal)config.InitialCash, BenchmarkIndex = "benchmark" };
            var builder = registry.Create<IPortfolioBuilder>(config.Portfolio);
            using var session = PaperTradingSession.Open(Path.Combine(runDir, "paper"), trading, builder, fresh: true);
            using var live = new LiveModels(training.Horizon, panel.Dates, panel.Codes);
            live.Activate(models[0], ModelRole.Champion, fitNow: false);
            foreach (var c in models.Skip(1)) live.Activate(c, ModelRole.Challenger, fitNow: false);
            using var source = new SqliteMarketSource(marketPath);
            var factor = new FactorPanel(panel.Dates, panel.Codes);
            var board = new SnapshotBoard();
            TickEngine? engine = null;
            var setup = new CockpitSetup(config.EarlyStop.ToString(), config.Epochs, panel.Days, () => MainJob.PluginRows(registry));
            var scoring = new Timed(new ScoringSystem(panel, live, TimeSpan.FromSeconds(config.ScoreBudgetSeconds), recent));
            var trainingSystem = new Timed(new TrainingSystem(training, live, recent, progress: null));
            Timed[] systems =
            [
                new Timed(new MarketSystem(source, panel)),
                trainingSystem,
                scoring,
                new Timed(new PublishingSystem(null, panel)),
                new Timed(new PortfolioSystem(session, panel, (decimal)config.InitialCash, null)),
                new Timed(new EvaluationSystem(panel, factor, training.Horizon, live)),
                new Timed(new CockpitSystem(board, panel, setup, () => null, () => engine!.Control, recent)),
            ];
            using var running = engine = new TickEngine(systems, new EngineOptions { Seed = seed }, recent);
            string names = string.Join(" + ", models.Select(m => m.Name));
            Console.WriteLine($"-- {label}: {names}; retrain days {string.Join(",", retrainDays.Order())}");

            // Until every model is fitted (the scheduled fit at the first retrain day, waited for the tick after).
            var watch = Stopwatch.StartNew();
            long ticks = 0;
            double fitWaitMs = 0;
            while (live.All.Any(m => m.Version < 1 || m.Job is not null))
            {
                if (ticks >= panel.Days) throw new InvalidOperationException("the market ended before every model was fitted");
                bool fitting = live.All.Any(m => m.Job is not null);
                long t0 = Stopwatch.GetTimestamp();
                engine.Tick();
                ticks++;
                if (fitting) fitWaitMs += Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            }
            var fault = live.All.FirstOrDefault(m => m.Fault is not null || m.LastFitError is not null);
            if (fault is not null) throw new InvalidOperationException($"{fault.Name}: {fault.Fault ?? fault.LastFitError}");
            Console.WriteLine($"   warm-up: {ticks} ticks in {watch.Elapsed.TotalSeconds:F1} s, of which {fitWaitMs / 1000:F1} s the loop waited for the first fits ({label})");
            Row($"{label}: first fit (scheduled, loop waits)", $"{fitWaitMs / 1000:F1} s", names);

            long left = panel.Days - ticks;
            int clean = (int)Math.Min(cleanTicks, refit is null ? left : left / 3);
            if (clean < 5) throw new InvalidOperationException($"only {left} ticks left after the first fits; use a longer market");
            var before = TimeTicks(engine, clean, scoring, systems, live, retrainDays);
            int scored = engine.Latest.Get<ScoresPart>().Models.Count;
            Report(label, before, scored, systems);
            // Each model's Score alone on this thread (no Task.Run hop, no budget wait), the day just scored.
            int today = engine.Latest.Get<MarketPart>().Day;
            // Then the same call as ScoringSystem makes it: Task.Run(Score) and a wait on the loop thread.
            var perModel = live.All.Select(m =>
            {
                var fitted = m.Fitted!;
                var direct = Enumerable.Range(0, 15).Select(_ => Time(() => fitted.Score(panel, today))).ToList();
                var hop = Enumerable.Range(0, 15).Select(_ => Time(() => Task.Run(() => fitted.Score(panel, today)).Wait())).ToList();
                return $"{m.Name} {Percentile(direct, 0.5):F2} / {Percentile(hop, 0.5):F2}";
            });
            Row($"{label}: Score() ms median per model, direct / Task.Run+Wait", string.Join("; ", perModel), "15 calls each");
            if (refit is null) return;

            // Part 2: a challenger's live fit on a worker while the loop runs flat out.
            var challenger = live.All[refit.Value];
            int reserve = clean + 1 + (int)Math.Min(150, left / 3); // the after window, and ticks for part 3's live drop
            challenger.RefitWanted = true;
            int versionBefore = challenger.Version;
            var fitStart = Stopwatch.StartNew();
            engine.Tick(); // starts the fit (live: adopted at the first tick after it is done)
            if (challenger.Job is null) throw new InvalidOperationException($"{challenger.Name}: no fit started");
            long whileTicks = 0;
            var whileWatch = Stopwatch.StartNew();
            var whileSamples = new List<double>();
            while (challenger.Job is not null && panel.Days - engine.Latest.Tick > reserve)
            {
                long t0 = Stopwatch.GetTimestamp();
                engine.Tick();
                whileSamples.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                whileTicks++;
            }
            double whileS = whileWatch.Elapsed.TotalSeconds;
            bool adopted = challenger.Version > versionBefore;
            double liveFitS = fitStart.Elapsed.TotalSeconds;
            string? fitError = challenger.Fault ?? challenger.LastFitError;
            if (fitError is not null || (!adopted && challenger.Job is null))
            {
                // A fit that threw, or a tick that failed while adopting it (the engine logs it and goes on).
                fitError ??= "no new version and no fit error: " + (recent.Problems(1).FirstOrDefault() ?? "nothing logged");
                Console.Error.WriteLine($"LIVE FIT FAILED: {challenger.Name}: {fitError}");
                foreach (var problem in recent.Problems(10)) Console.Error.WriteLine($"  {problem}");
            }
            if (!adopted && fitError is null)
            {
                // The market ran out before the fit finished: wait for it so the next window runs with nothing fitting.
                while (challenger.Job is { IsDone: false }) Thread.Sleep(10);
                liveFitS = fitStart.Elapsed.TotalSeconds;
                engine.Tick(); // adopts it
            }
            var after = TimeTicks(engine, clean, scoring, systems, live, retrainDays);
            double idleRate = 2 * clean / (before.Sum(s => s.TotalMs) + after.Sum(s => s.TotalMs)) * 1000;
            Row($"{label}: ticks/s, nothing fitting", $"{idleRate:F1}", $"{2 * clean} ticks (before and after the fit)");
            Row($"{label}: ticks/s, {challenger.Name} fitting (live)", $"{whileTicks / whileS:F1}",
                $"{whileTicks} ticks in {whileS:F1} s; ms/tick median {Percentile(whileSamples, 0.5):F1} p95 {Percentile(whileSamples, 0.95):F1}");
            Row($"{label}: {challenger.Name} live fit, start → adopted", $"{liveFitS:F1} s",
                adopted ? $"adopted after {whileTicks + 1} ticks"
                : fitError is not null ? $"FAILED after {whileTicks} ticks: {fitError.Split('\n')[0]}"
                : $"not done when the market ran out after {whileTicks} ticks; waited");

            // Part 3 end to end: a .cs dropped into the watched folder of the running loop, activated once listed
            // (as activate-model does, between two ticks), live-fitted, adopted, scored.
            const string e2e = "bench-linear-live";
            var dropWatch = StartDrop(host.Directory, FindExample(), e2e, "BenchLinearLive");
            double listedMs = double.NaN, fitStartMs = double.NaN, scoredMs = double.NaN;
            long e2eTicks = 0;
            LiveModel? dropped = null;
            while (engine.Latest.Tick < panel.Days)
            {
                if (dropped is null && registry.Names(PluginFamily.Model).Contains(e2e))
                {
                    listedMs = dropWatch.Elapsed.TotalMilliseconds;
                    dropped = live.Activate(new PluginChoice(e2e) { Source = "activate-model" }, ModelRole.Challenger);
                }
                // On the market's last tick with the fit still running: wait for it, as a longer market would tick on.
                if (engine.Latest.Tick == panel.Days - 1)
                    while (dropped?.Job is { IsDone: false }) Thread.Sleep(5);
                engine.Tick();
                e2eTicks++;
                if (dropped is { Job: not null } && double.IsNaN(fitStartMs)) fitStartMs = dropWatch.Elapsed.TotalMilliseconds;
                if (engine.Latest.Get<ScoresPart>().Models.Any(m => m.Model == e2e))
                {
                    scoredMs = dropWatch.Elapsed.TotalMilliseconds;
                    break;
                }
            }
            if (double.IsNaN(scoredMs))
                Row($"{label}: live drop → first score in the loop", "not reached", $"market ended after {e2eTicks} ticks (listed at {listedMs:F0} ms)");
            else
                Row($"{label}: live drop → first score in the loop", $"{scoredMs / 1000:F2} s",
                    $"listed {listedMs:F0} ms, fit started {fitStartMs:F0} ms, fit + adopt {(scoredMs - fitStartMs) / 1000:F2} s; {e2eTicks} ticks ran meanwhile");
        }
        finally
        {
            try { Directory.Delete(runDir, true); } catch (IOException) { }
        }
    }

    private void Report(string label, List<TickSample> samples, int scored, Timed[] systems)
    {
        var bySystem = systems.Select((sys, i) => $"{sys.Name.Replace("System", "")} {Percentile(samples.Select(x => x.SystemMs[i]).ToList(), 0.5):F2}");
        Row($"{label}: per-system ms/tick median", string.Join(", ", bySystem), "");
        var total = samples.Select(s => s.TotalMs).ToList();
        var scoring = samples.Select(s => s.ScoringMs).ToList();
        var rest = samples.Select(s => s.TotalMs - s.ScoringMs).ToList();
        Row($"{label}: ms/tick median", $"{Percentile(total, 0.5):F2}", $"p95 {Percentile(total, 0.95):F2}; {samples.Count} ticks, {scored} model(s) scoring, no fit");
        Row($"{label}: scoring ms/tick median", $"{Percentile(scoring, 0.5):F2}", $"p95 {Percentile(scoring, 0.95):F2}; {Percentile(scoring, 0.5) / Math.Max(1, scored):F2} per model");
        Row($"{label}: rest ms/tick median", $"{Percentile(rest, 0.5):F2}", $"p95 {Percentile(rest, 0.95):F2} (market, training bookkeeping, portfolio, evaluation, cockpit, engine)");
    }

    /// <summary>Runs <paramref name="count"/> ticks, timing each; fails if a fit runs or is due in them.</summary>
    private static List<TickSample> TimeTicks(TickEngine engine, int count, Timed scoring, Timed[] systems, LiveModels live, HashSet<int> retrainDays)
    {
        var samples = new List<TickSample>(count);
        for (int i = 0; i < count; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            engine.Tick();
            double ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            if (live.All.Any(m => m.Job is not null) || retrainDays.Contains(engine.Latest.Get<MarketPart>().Day))
                throw new InvalidOperationException($"a fit ran in a window timed as fit-free (tick {engine.Latest.Tick})");
            samples.Add(new TickSample(ms, Stopwatch.GetElapsedTime(0, scoring.Last).TotalMilliseconds,
                systems.Select(x => Stopwatch.GetElapsedTime(0, x.Last).TotalMilliseconds).ToArray()));
        }
        return samples;
    }

    private static double Time(Action action)
    {
        long t0 = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
    }

    private static double Percentile(IReadOnlyCollection<double> values, double q)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        double rank = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(rank), hi = (int)Math.Ceiling(rank);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }

    // ---------------------------------------------------------------- part 3

    private PluginHost DropToListed(string root, out string dropped, out double warmListedMs)
    {
        // A watched folder holding the built-in plugins (linked, not copied) as a run's plugins folder would.
        var folder = Directory.CreateDirectory(Path.Combine(root, "plugins")).FullName;
        foreach (var entry in Directory.EnumerateFileSystemEntries(PluginsCommands.DefaultDirectory))
        {
            var link = Path.Combine(folder, Path.GetFileName(entry));
            if (Directory.Exists(entry)) Directory.CreateSymbolicLink(link, entry);
            else File.CreateSymbolicLink(link, entry);
        }
        var example = FindExample();
        var host = new PluginHost(folder, ErrorsToConsole.Instance);
        var load = Stopwatch.StartNew();
        foreach (var failed in host.LoadAllAsync().GetAwaiter().GetResult().Where(o => o.Error is not null))
            Console.Error.WriteLine($"plugin not loaded: {failed.Error!.Split('\n')[0]}");
        Console.WriteLine($"   drop folder: {host.Registry.Names(PluginFamily.Model).Count} models loaded in {load.Elapsed.TotalSeconds:F1} s");

        host.Watch(); // starts Roslyn's warm-up in the background
        double coldMs = Drop(host, folder, example, "bench-linear-cold", "BenchLinearCold");
        Row("drop: dropped → listed, Roslyn cold", $"{coldMs:F0} ms", "dropped right after Watch(), racing its warm-up; includes 150 ms debounce");

        var warmUp = Stopwatch.StartNew();
        SourcePluginCompiler.WarmUp(); // a second warm-up: returns once the compiler is warm
        Console.WriteLine($"   warm-up call after the cold drop: {warmUp.Elapsed.TotalMilliseconds:F0} ms");
        Thread.Sleep(500);
        var warm = new List<double>();
        for (int i = 1; i <= 3; i++) warm.Add(Drop(host, folder, example, $"bench-linear-warm{i}", $"BenchLinearWarm{i}"));
        warmListedMs = Percentile(warm, 0.5);
        Row("drop: dropped → listed, Roslyn warm", $"{warmListedMs:F0} ms", $"median of 3 drops ({string.Join(", ", warm.Select(w => w.ToString("F0", CultureInfo.InvariantCulture)))} ms); includes 150 ms debounce");
        dropped = "bench-linear-warm1";
        return host;
    }

    /// <summary>Fits the dropped model as a run would at its first retrain day, then scores the next day.</summary>
    private void FitAndScore(PluginHost host, string name, double listedMs, RunConfig config, ResearchPanel panel, int seed)
    {
        var choice = new PluginChoice(name);
        var training = new ModelTraining(panel, config.FitSpec(choice), config.Sampler, host.Registry, seed);
        int day = training.RetrainDays().Min();
        var fitWatch = Stopwatch.StartNew();
        using var fitted = training.Fit(choice, day, 0, null, CancellationToken.None);
        double fitS = fitWatch.Elapsed.TotalSeconds;
        var scoreWatch = Stopwatch.StartNew();
        var scores = fitted.Score(panel, day + 1);
        double firstScoreMs = scoreWatch.Elapsed.TotalMilliseconds;
        scoreWatch.Restart();
        fitted.Score(panel, day + 2);
        double secondScoreMs = scoreWatch.Elapsed.TotalMilliseconds;
        Row($"drop: fit ({name}, ModelTraining.Fit)", $"{fitS:F2} s", $"day {day}, {config.EnsembleSeeds} ensemble seeds, {config.Epochs} epochs max, {fitted.Curve.Count} epoch records; torch warm");
        Row("drop: first score (FittedModel.Score)", $"{firstScoreMs:F1} ms", $"{scores.Count(s => !double.IsNaN(s))} stocks scored; second call {secondScoreMs:F1} ms");
        Row("drop: dropped → first score, excl. fit", $"{listedMs + firstScoreMs:F0} ms", "warm listed + first score; a live run adds the fit and ≤ 1 tick to adopt");
    }

    /// <summary>Copies the example model renamed into the watched folder; ms until the registry lists it.</summary>
    private static double Drop(PluginHost host, string folder, string example, string name, string className)
    {
        var watch = StartDrop(folder, example, name, className);
        while (!host.Registry.Names(PluginFamily.Model).Contains(name))
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(60))
            {
                var status = host.Registry.Statuses().FirstOrDefault(s => s.Path.EndsWith(className + ".cs", StringComparison.Ordinal));
                throw new TimeoutException($"{name} not listed after 60 s: {status?.Message ?? "no status"}");
            }
            Thread.Sleep(1);
        }
        return watch.Elapsed.TotalMilliseconds;
    }

    /// <summary>Moves the example model, renamed, into <paramref name="folder"/>; the watch starts as it lands.</summary>
    private static Stopwatch StartDrop(string folder, string example, string name, string className)
    {
        var source = File.ReadAllText(example).Replace("example-linear", name).Replace("ExampleLinear", className);
        var staged = Path.Combine(Path.GetDirectoryName(folder)!, className + ".cs");
        File.WriteAllText(staged, source);
        var watch = Stopwatch.StartNew();
        File.Move(staged, Path.Combine(folder, className + ".cs")); // lands whole, as a copy-then-rename would
        return watch;
    }

    private static string FindExample()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "plugins", "ExampleModel", "ExampleLinearModel.cs");
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException("plugins/ExampleModel/ExampleLinearModel.cs not found above " + AppContext.BaseDirectory);
    }
}

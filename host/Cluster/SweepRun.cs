using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AlphaHost.Host.Plugins;
using AlphaHost.Host.Research;
using AlphaHost.Host.Run;

namespace AlphaHost.Host.Cluster;

/// <summary>One sweep result: a grid point with one seed, graded like a `compare` row.</summary>
public sealed record SweepRow(int Point, string Name, int Seed, ComparisonRow Graded);

/// <summary>
/// Runs a <see cref="SweepGrid"/>: every point × seed is a walk-forward of the point's model, all fits
/// submitted at once to the <see cref="FitRunner"/> (the cluster or this process), each factor graded
/// as `compare` grades a model, one table out (mean over seeds per point, best RankIC first).
/// </summary>
public sealed class SweepRun(SweepGrid grid, PluginRegistry plugins, string outDir, TextWriter log)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>The market the sweep grades on: the base config's marketDb, else one generated into the out folder with <paramref name="marketSeed"/>.</summary>
    public string Market(int marketSeed)
    {
        var dir = Directory.CreateDirectory(outDir).FullName;
        if (!string.IsNullOrEmpty(grid.Base.MarketDb)) return grid.Base.MarketDb;
        var path = Path.Combine(dir, "market.db");
        if (!File.Exists(path)) MainJob.GenerateMarket(grid.Base, plugins, marketSeed, path, log);
        return path;
    }

    public IReadOnlyList<SweepRow> Run(FitRunner runner, string command)
    {
        var panels = new Dictionary<string, ResearchPanel>();
        ResearchPanel PanelOf(RunConfig c)
        {
            string key = $"{c.Lookback}|{c.Picture}|{string.Join(",", c.Fields)}";
            if (!panels.TryGetValue(key, out var p)) panels[key] = p = ResearchPanel.Load(runner.MarketPath, lookback: c.Lookback, fields: c.Fields, picture: c.Picture);
            return p;
        }
        try
        {
            var clock = Stopwatch.StartNew();
            var walks = new List<(SweepPoint Point, int Seed, DispatchedWalks Walks)>();
            foreach (var point in grid.Points)
                foreach (int seed in grid.Seeds)
                {
                    var w = new DispatchedWalks(point.Config, seed, plugins, runner);
                    var panel = PanelOf(point.Config);
                    if (new ModelTraining(panel, point.Config.FitSpec(point.Config.Model), point.Config.Sampler, plugins, seed).Walk().Count == 0)
                        throw new InvalidOperationException($"grid point {point.Name}: the market has {panel.Days} days, too short for one walk-forward window of sampler {point.Config.Sampler}");
                    w.Queue(panel, [point.Config.Model]);
                    walks.Add((point, seed, w));
                }
            log.WriteLine($"sweep: {grid.Points.Count} point(s) x {grid.Seeds.Count} seed(s) on {runner.MarketPath}");
            var rows = new List<SweepRow>();
            foreach (var (point, seed, w) in walks)
            {
                var panel = PanelOf(point.Config);
                var walk = w.Walk(panel, point.Config.Model);
                var dir = Directory.CreateDirectory(Path.Combine(outDir, $"point{point.Index}-seed{seed}")).FullName;
                var factorPath = Path.Combine(dir, "factor.csv");
                walk.Factor.WriteCsv(factorPath);
                TrainingCurves.Write(Path.Combine(dir, "training.csv"), walk.Curves);
                int horizon = new ModelTraining(panel, point.Config.FitSpec(point.Config.Model), point.Config.Sampler, plugins, seed).Horizon;
                var graded = ModelComparison.Grade(point.Config.Model.ToString(), factorPath, walk.Factor.ScoredDays.Count(), runner.MarketPath, horizon, point.Config.CostPerSide, point.Config.IcMinStocks,
                    walk.Parameters, walk.Fits.Sum(f => f.Seconds));
                File.WriteAllText(Path.Combine(dir, "row.json"), JsonSerializer.Serialize(graded, Json));
                rows.Add(new SweepRow(point.Index, point.Name, seed, graded));
                log.WriteLine($"{point.Name} seed {seed}: RankIC {graded.RankIc:F4}, RankICIR {graded.RankIcir:F3}, alpha Sharpe {graded.AlphaSharpe:F2}");
            }
            var md = Markdown(rows, command, clock.Elapsed.TotalSeconds, runner.FromStore);
            File.WriteAllText(Path.Combine(outDir, "sweep.md"), md);
            log.Write(md);
            return rows;
        }
        finally
        {
            foreach (var p in panels.Values) p.Dispose();
        }
    }

    /// <summary>One row per grid point: mean over its seeds (and their spread), best mean RankIC first.</summary>
    public static string Markdown(IReadOnlyList<SweepRow> rows, string command, double seconds, int fromStore)
    {
        string F(double v, string format) => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "–";
        double Sd(IEnumerable<double> xs)
        {
            var a = xs.ToArray();
            if (a.Length < 2) return double.NaN;
            double m = a.Average();
            return Math.Sqrt(a.Sum(x => (x - m) * (x - m)) / (a.Length - 1));
        }
        var md = new StringBuilder();
        md.AppendLine($"# Sweep");
        md.AppendLine();
        md.AppendLine($"Produced by `{command}` in {seconds:F0} s ({fromStore} fit(s) taken from earlier runs). Each point is graded like `alphahost compare`: out-of-sample daily RankIC, RankICIR, top-quintile alpha Sharpe after costs; mean over seeds, s.d. across seeds.");
        md.AppendLine();
        md.AppendLine("| point | seeds | RankIC | s.d. over seeds | RankICIR | alpha Sharpe (after costs) | before costs | days | fit time |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var g in rows.GroupBy(r => r.Point).Select(g => g.ToList()).OrderByDescending(g => g.Average(r => double.IsFinite(r.Graded.RankIc) ? r.Graded.RankIc : double.MinValue)))
            md.AppendLine($"| {g[0].Name} | {string.Join(",", g.Select(r => r.Seed))} | {F(g.Average(r => r.Graded.RankIc), "F4")} | {F(Sd(g.Select(r => r.Graded.RankIc)), "F4")} | "
                          + $"{F(g.Average(r => r.Graded.RankIcir), "F3")} | {F(g.Average(r => r.Graded.AlphaSharpe), "F2")} | {F(g.Average(r => r.Graded.AlphaSharpeNoCost), "F2")} | "
                          + $"{g[0].Graded.ScoredDays} | {F(g.Sum(r => r.Graded.Seconds), "F0")} s |");
        return md.ToString();
    }
}

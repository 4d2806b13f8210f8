using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using AlphaHost.Host.Plugins;
using AlphaHost.Host.Research;
using AlphaHost.Host.Run;
using AlphaHost.Sdk.Plugins;
using AlphaHost.Sdk.Tensors;
using TorchSharp.PyBridge;

namespace AlphaHost.Host.Cli;

/// <summary>
/// `alphahost train`: a walk-forward study on a market file, out-of-sample factor written to DIR.
/// It reads the same run config as `run` and `compare` (--config); its options override the file.
/// </summary>
public static class TrainCommands
{
    public static Command Build()
    {
        var config = new Option<string?>("--config") { Description = "run config JSON: model, loss, label, sampler sections and trainer keys (README \"Run config\")" };
        var db = new Option<string>("--db") { Description = "market SQLite file", Required = true };
        var model = new Option<string?>("--model") { Description = "model plugin (overrides the config's model; `alphahost plugins list` shows them)" };
        var loss = new Option<string?>("--loss") { Description = "loss plugin (overrides the config's loss)" };
        var from = new Option<DateOnly?>("--from") { Description = "first date (yyyy-MM-dd)" };
        var to = new Option<DateOnly?>("--to") { Description = "last date (yyyy-MM-dd)" };
        var outDir = new Option<string>("--out") { Description = "output directory", Required = true };
        var seed = new Option<int>("--seed") { Description = "random seed", DefaultValueFactory = _ => 1 };
        var trainDays = new Option<int?>("--train-days") { Description = "days fitted on per retrain (sets the sampler's trainDays)" };
        var testDays = new Option<int?>("--test-days") { Description = "days scored per retrain (sets the sampler's testDays)" };
        var epochs = new Option<int?>("--epochs") { Description = "maximum epochs per retrain" };
        var shuffle = new Option<bool>("--shuffle-labels") { Description = "control: shuffle labels across stocks within each day" };
        var plugins = CliOptions.Plugins();
        var device = CliOptions.Device();
        var cluster = WorkerCommands.Cluster();
        var cmd = new Command("train", "walk-forward training: fit on history, score until the next retrain, slide; writes factor.csv");
        foreach (var o in new Option[] { config, db, model, loss, from, to, outDir, seed, trainDays, testDays, epochs, shuffle, plugins, device, cluster }) cmd.Options.Add(o);
        cmd.SetAction(parse =>
        {
            try
            {
                var cli = new JsonObject();
                if (parse.GetValue(model) is { } m) cli["model"] = m;
                if (parse.GetValue(loss) is { } l) cli["loss"] = l;
                if (parse.GetValue(epochs) is { } e) cli["epochs"] = e;
                if (parse.GetValue(shuffle)) cli["shuffleLabels"] = true;
                if (parse.GetValue(device) is { } d) cli["device"] = d;
                var run = RunConfig.Load(parse.GetValue(config), cli);
                run = run with { Sampler = CliOptions.WithWindow(run.Sampler, parse.GetValue(trainDays), parse.GetValue(testDays)) };
                TorchDevices.Parse(run.Device);
                using var host = PluginHost.Open(parse.GetValue(plugins) ?? PluginsCommands.DefaultDirectory, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, Console.Error);
                // Names and keys are checked before the market is loaded or anything is written: a typo costs nothing.
                run.CheckPlugins(host.Registry);
                var address = parse.GetValue(cluster) is { } c ? Cluster.ClusterAddress.Parse(c) : null;
                address?.RequireReachable();
                var dir = Directory.CreateDirectory(parse.GetValue(outDir)!).FullName;
                var dbPath = parse.GetValue(db)!;
                var clock = System.Diagnostics.Stopwatch.StartNew();
                using var panel = ResearchPanel.Load(dbPath, parse.GetValue(from), parse.GetValue(to), run.Lookback, run.Fields, run.Picture);
                Console.WriteLine($"loaded {panel.Stocks} stocks x {panel.Days} days in {clock.Elapsed.TotalSeconds:F1} s");
                var spec = run.FitSpec(run.Model);
                var training = new ModelTraining(panel, spec, run.Sampler, host.Registry, parse.GetValue(seed));
                training.RequireOneWindow();
                var (factor, curves) = address is null
                    ? ResearchRun.WalkForward(panel, spec, run.Sampler, host.Registry, parse.GetValue(seed), Console.WriteLine,
                        (retrain, fitted) => fitted.Members[0].Network.save_py(Path.Combine(dir, $"model_{retrain}.pt")))
                    : Cluster.ClusterTrain.WalkForward(run, address, panel, dbPath, dir, parse.GetValue(from), parse.GetValue(to), host.Registry, parse.GetValue(seed));
                factor.WriteCsv(Path.Combine(dir, "factor.csv"));
                TrainingCurves.Write(Path.Combine(dir, "training.csv"), curves);
                double rankIc = factor.ForwardRankIc(panel, training.Horizon);
                Console.WriteLine($"out-of-sample days {factor.ScoredDays.Count()}, rank_ic_mean({training.Horizon}d) {rankIc.ToString("F4", CultureInfo.InvariantCulture)}");
                // Binary and class heads: accuracy, F1, MCC, ROC-AUC, confusion; labels of several horizons: RankIC per horizon.
                foreach (var line in OutputGrades.Of(factor, panel, host.Registry, run.Label)?.Describe() ?? []) Console.WriteLine(line);
                if (ResearchRun.PlantedAlpha(dbPath, panel) is { } oracle)
                {
                    double ceiling = factor.ForwardRankIc(panel, training.Horizon, oracle);
                    Console.WriteLine($"oracle_rank_ic on the same days {ceiling.ToString("F4", CultureInfo.InvariantCulture)}; model/oracle {(rankIc / ceiling).ToString("P0", CultureInfo.InvariantCulture)}");
                }
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or FileNotFoundException or DirectoryNotFoundException or InvalidOperationException or ConfigException or PluginLoadException
                                          or System.Text.Json.JsonException or System.Runtime.InteropServices.ExternalException or Cluster.ClusterException)
            {
                Console.Error.WriteLine($"alphahost train: {e.Message}");
                return 2;
            }
        });
        return cmd;
    }
}

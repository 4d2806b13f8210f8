using System.CommandLine;
using System.Globalization;
using AlphaHost.Host.Research;
using AlphaHost.Plugins.Labels;
using AlphaHost.Plugins.Models;
using AlphaHost.Plugins.Samplers;
using AlphaHost.Sdk.Tensors;
using TorchSharp.PyBridge;

namespace AlphaHost.Host.Cli;

/// <summary>`alphahost train`: a walk-forward study on a market file, out-of-sample factor written to DIR.</summary>
public static class TrainCommands
{
    public static Command Build()
    {
        var db = new Option<string>("--db") { Description = "market SQLite file", Required = true };
        var model = new Option<string>("--model") { Description = $"model: {string.Join(", ", ModelSet.Names)}", DefaultValueFactory = _ => "alphanet_v3" };
        var loss = new Option<string>("--loss") { Description = $"loss: {string.Join(", ", AlphaHost.Plugins.Losses.LossSet.Names)}", DefaultValueFactory = _ => "wpcc" };
        var from = new Option<DateOnly?>("--from") { Description = "first date (yyyy-MM-dd)" };
        var to = new Option<DateOnly?>("--to") { Description = "last date (yyyy-MM-dd)" };
        var outDir = new Option<string>("--out") { Description = "output directory", Required = true };
        var seed = new Option<int>("--seed") { Description = "random seed", DefaultValueFactory = _ => 1 };
        var trainDays = new Option<int>("--train-days") { Description = "days fitted on per retrain (4:1 train/validation)", DefaultValueFactory = _ => 1500 };
        var testDays = new Option<int>("--test-days") { Description = "days scored per retrain", DefaultValueFactory = _ => 126 };
        var epochs = new Option<int>("--epochs") { Description = "maximum epochs per retrain", DefaultValueFactory = _ => 8 };
        var shuffle = new Option<bool>("--shuffle-labels") { Description = "control: shuffle labels across stocks within each day" };
        var device = CliOptions.Device();
        var cmd = new Command("train", "walk-forward training: fit on history, score the next block, slide; writes factor.csv");
        foreach (var o in new Option[] { db, model, loss, from, to, outDir, seed, trainDays, testDays, epochs, shuffle, device }) cmd.Options.Add(o);
        cmd.SetAction(parse =>
        {
            try
            {
                var deviceName = parse.GetValue(device) ?? "cpu";
                TorchDevices.Parse(deviceName);
                // Names are checked before the market is loaded or anything is written: a typo costs nothing.
                if (!ModelSet.Names.Contains(parse.GetValue(model)!))
                    throw new ArgumentException($"unknown model '{parse.GetValue(model)}'; known: {string.Join(", ", ModelSet.Names)}");
                AlphaHost.Plugins.Losses.LossSet.ByName(parse.GetValue(loss)!);
                var dir = Directory.CreateDirectory(parse.GetValue(outDir)!).FullName;
                var dbPath = parse.GetValue(db)!;
                var clock = System.Diagnostics.Stopwatch.StartNew();
                using var panel = ResearchPanel.Load(dbPath, parse.GetValue(from), parse.GetValue(to));
                Console.WriteLine($"loaded {panel.Stocks} stocks x {panel.Days} days in {clock.Elapsed.TotalSeconds:F1} s");
                var spec = new FitSpec(parse.GetValue(model)!, new ModelOptions(), parse.GetValue(loss)!, new LabelSpec(), Normalization.PerStock,
                    new TrainerConfig { Epochs = parse.GetValue(epochs) }, ShuffleLabels: parse.GetValue(shuffle), Device: deviceName);
                var sampler = new RollingSampler();
                sampler.Configure(new WindowConfig { TrainDays = parse.GetValue(trainDays), TestDays = parse.GetValue(testDays) });
                RequireOneWindow(panel, spec, sampler, parse.GetValue(trainDays));
                var (factor, curves) = ResearchRun.WalkForward(panel, spec, sampler, parse.GetValue(seed), Console.WriteLine,
                    (retrain, fitted) => fitted.Members[0].Network.save_py(Path.Combine(dir, $"model_{retrain}.pt")));
                factor.WriteCsv(Path.Combine(dir, "factor.csv"));
                TrainingCurves.Write(Path.Combine(dir, "training.csv"), curves);
                double rankIc = factor.ForwardRankIc(panel, spec.Label.Horizon);
                Console.WriteLine($"out-of-sample days {factor.ScoredDays.Count()}, rank_ic_mean({spec.Label.Horizon}d) {rankIc.ToString("F4", CultureInfo.InvariantCulture)}");
                if (ResearchRun.PlantedAlpha(dbPath, panel) is { } oracle)
                {
                    double ceiling = factor.ForwardRankIc(panel, spec.Label.Horizon, oracle);
                    Console.WriteLine($"oracle_rank_ic on the same days {ceiling.ToString("F4", CultureInfo.InvariantCulture)}; model/oracle {(rankIc / ceiling).ToString("P0", CultureInfo.InvariantCulture)}");
                }
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or FileNotFoundException or InvalidOperationException or System.Runtime.InteropServices.ExternalException)
            {
                Console.Error.WriteLine($"alphahost train: {e.Message}");
                return 2;
            }
        });
        return cmd;
    }

    /// <summary>
    /// Throws with the reason when the market is too short for even one retrain: without this a
    /// run fits nothing, scores nothing and reports rank_ic_mean NaN with exit code 0.
    /// </summary>
    public static void RequireOneWindow(ResearchPanel panel, FitSpec spec, AlphaHost.Sdk.Plugins.ISampler sampler, int trainDays)
    {
        int labelLag = spec.Label.Horizon + 1;
        if (new WalkForward(sampler, panel.Dates, labelLag).Schedule(ResearchPanel.Lookback - 1).Any()) return;
        int needed = ResearchPanel.Lookback - 1 + trainDays + labelLag + 1;
        throw new InvalidOperationException(
            $"the market has {panel.Days} days, too short for one rolling window: {ResearchPanel.Lookback - 1} days of feature lookback + "
            + $"{trainDays} training days (--train-days) + {labelLag} days for the {spec.Label.Horizon}-day label + 1 day to score need at least {needed}; "
            + "use a longer market (--from/--to) or a smaller --train-days");
    }
}

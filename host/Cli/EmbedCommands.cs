using System.CommandLine;
using System.Text.Json.Nodes;
using AlphaHost.Host.Plugins;
using AlphaHost.Host.Research;
using AlphaHost.Sdk.Data;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Host.Cli;

/// <summary>
/// `alphahost embed`: pre-trains one embedding per futures asset on a market file (synthetic or
/// imported) with the `asset_embedding` plugin, the first --train-days days trained on and the rest
/// held out; writes embeddings.pt (PyTorch state dict), embeddings.csv, losses.csv, summary.json, report.html.
/// </summary>
public static class EmbedCommands
{
    public static Command Build()
    {
        var db = new Option<string>("--db") { Description = "futures market SQLite file (`alphahost market generate --kind futures` or `market import`)", Required = true };
        var outDir = new Option<string>("--out") { Description = "output directory", Required = true };
        var trainDays = new Option<int>("--train-days") { Description = "trading days trained on, from the first; the rest are held out (the note: 800)", DefaultValueFactory = _ => 800 };
        var embedder = new Option<string>("--embedder") { Description = "embedder plugin", DefaultValueFactory = _ => "asset_embedding" };
        var dim = new Option<int?>("--dim") { Description = "embedding size (plugin key dim, default 10)" };
        var steps = new Option<int?>("--steps") { Description = "optimiser steps (plugin key steps)" };
        var batch = new Option<int?>("--batch") { Description = "random windows per step (plugin key batch)" };
        var lr = new Option<double?>("--lr") { Description = "AdamW learning rate (plugin key learningRate)" };
        var loss = new Option<string?>("--loss") { Description = "Huber or L1 (plugin key loss)" };
        var evalEvery = new Option<int?>("--eval-every") { Description = "held-out loss every N steps (plugin key evalEvery)" };
        var seed = new Option<int>("--seed") { Description = "random seed", DefaultValueFactory = _ => 1 };
        var minHistory = new Option<int>("--min-history-days") { Description = "universe: assets with at least N days of history on the last training day (the note: 1000; 0 = off)" };
        var minOpenInterest = new Option<double>("--min-open-interest") { Description = "universe: mean open interest over --oi-window days up to the last training day at least this (the note: 50000; 0 = off)" };
        var oiWindow = new Option<int>("--oi-window") { Description = "universe: days the open interest is averaged over", DefaultValueFactory = _ => 100 };
        var plugins = CliOptions.Plugins();
        var cmd = new Command("embed", "pre-train futures asset embeddings (random targets, minimum-norm weights, Huber/L1 on window mean returns); held-out loss, report.html");
        foreach (var o in new Option[] { db, outDir, trainDays, embedder, dim, steps, batch, lr, loss, evalEvery, seed, minHistory, minOpenInterest, oiWindow, plugins }) cmd.Options.Add(o);
        cmd.SetAction(parse =>
        {
            try
            {
                var config = new JsonObject { ["seed"] = parse.GetValue(seed) };
                if (parse.GetValue(dim) is { } d) config["dim"] = d;
                if (parse.GetValue(steps) is { } s) config["steps"] = s;
                if (parse.GetValue(batch) is { } b) config["batch"] = b;
                if (parse.GetValue(lr) is { } l) config["learningRate"] = l;
                if (parse.GetValue(loss) is { } name) config["loss"] = name.Equals("l1", StringComparison.OrdinalIgnoreCase) ? "L1" : name.Equals("huber", StringComparison.OrdinalIgnoreCase) ? "Huber" : name;
                if (parse.GetValue(evalEvery) is { } e) config["evalEvery"] = e;
                var rule = new FuturesUniverseRule { MinHistoryDays = parse.GetValue(minHistory), MinOpenInterest = parse.GetValue(minOpenInterest), OpenInterestWindow = parse.GetValue(oiWindow) };
                rule.Validate();
                using var host = PluginHost.Open(parse.GetValue(plugins) ?? PluginsCommands.DefaultDirectory, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, Console.Error);
                var choice = new PluginChoice(parse.GetValue(embedder)!, config) { Source = "--embedder", ConfigSource = "alphahost embed options" };
                var plugin = host.Registry.Create<IAssetEmbedder>(choice);     // a bad name or option fails before the market is read
                try
                {
                    var market = EmbeddingMarket.Load(parse.GetValue(db)!, parse.GetValue(trainDays), rule);
                    Console.WriteLine($"{market.Codes.Length} assets; {market.TrainDates.Length} training days, {market.HeldOutDates.Length} held out");
                    string command = "alphahost " + string.Join(" ", parse.Tokens.Select(t => t.Value));
                    var outPath = parse.GetValue(outDir)!;
                    EmbeddingsStudy.Run(market, plugin, outPath, command, Console.WriteLine);
                    Console.WriteLine($"wrote {Path.Combine(outPath, "embeddings.pt")}, embeddings.csv, losses.csv, summary.json, report.html");
                }
                finally
                {
                    (plugin as IDisposable)?.Dispose();
                }
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or FileNotFoundException or DirectoryNotFoundException or InvalidOperationException or ConfigException or PluginLoadException
                                          or System.Runtime.InteropServices.ExternalException)
            {
                Console.Error.WriteLine($"alphahost embed: {e.Message}");
                return 2;
            }
        });
        return cmd;
    }
}

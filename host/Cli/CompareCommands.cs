using System.CommandLine;
using AlphaHost.Host.Research;
using AlphaHost.Host.Run;
using AlphaHost.Plugins.Models;
using AlphaHost.Sdk.Plugins;
using AlphaHost.Sdk.Tensors;

namespace AlphaHost.Host.Cli;

/// <summary>`alphahost compare`: every model (or a list) through one rolling protocol; a Markdown table.</summary>
public static class CompareCommands
{
    public static Command Build()
    {
        var config = new Option<string?>("--config") { Description = "protocol as a run config JSON (host/Run/RunConfig.cs keys: stocks, days, trainDays, testDays, epochs, …)" };
        var models = new Option<string>("--models") { Description = $"comma-separated models (default all: {string.Join(",", ModelSet.Names)})", DefaultValueFactory = _ => string.Join(",", ModelSet.Names) };
        var seed = new Option<int>("--seed") { Description = "seed of the market and the models", DefaultValueFactory = _ => 7 };
        var outDir = new Option<string>("--out") { Description = "folder for the market, each model's factor.csv and row.json (a rerun resumes)", DefaultValueFactory = _ => "runs/compare" };
        var doc = new Option<string?>("--doc") { Description = "Markdown table to write, e.g. docs/model-comparison.md" };
        var device = CliOptions.Device();
        var cmd = new Command("compare", "every model through one rolling protocol on one market: RankIC, RankICIR, top-quintile alpha Sharpe");
        foreach (var o in new Option[] { config, models, seed, outDir, doc, device }) cmd.Options.Add(o);
        cmd.SetAction(parse =>
        {
            try
            {
                var cli = new System.Text.Json.Nodes.JsonObject();
                if (parse.GetValue(device) is { } deviceName) cli["device"] = deviceName;
                var protocol = RunConfig.Load(parse.GetValue(config), cli);
                TorchDevices.Parse(protocol.Device);
                var names = parse.GetValue(models)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                foreach (var name in names)
                    if (!ModelSet.Names.Contains(name)) throw new ArgumentException($"--models: unknown model '{name}'; known: {string.Join(", ", ModelSet.Names)}");
                string command = "alphahost " + string.Join(" ", parse.Tokens.Select(t => t.Value)); // tokens start with "compare"
                new ModelComparison(protocol, parse.GetValue(seed), parse.GetValue(outDir)!, Console.Out).Run(names, parse.GetValue(doc), command);
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or FileNotFoundException or InvalidOperationException or InvalidDataException or ConfigException or System.Text.Json.JsonException)
            {
                Console.Error.WriteLine($"alphahost compare: {e.Message}");
                return 2;
            }
        });
        return cmd;
    }
}

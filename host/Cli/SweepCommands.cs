using System.CommandLine;
using AlphaHost.Host.Cluster;
using AlphaHost.Host.Plugins;
using AlphaHost.Sdk.Plugins;
using AlphaHost.Sdk.Tensors;

namespace AlphaHost.Host.Cli;

/// <summary>`alphahost sweep --config FILE`: a grid over run-config keys × seeds, graded like `compare`, one table out.</summary>
public static class SweepCommands
{
    public static Command Build()
    {
        var config = new Option<string>("--config") { Description = "sweep file: {\"config\": base run config, \"base\": {keys}, \"grid\": {key: [values]}, \"seeds\": [..]} (README \"Sweeps\")", Required = true };
        var seed = new Option<int>("--seed") { Description = "seed of the generated market (when the base config names no marketDb)", DefaultValueFactory = _ => 7 };
        var outDir = new Option<string>("--out") { Description = "folder for the market, each point's factor.csv and row.json, fits/ (a rerun resumes) and sweep.md", DefaultValueFactory = _ => "runs/sweep" };
        var cluster = WorkerCommands.Cluster();
        var plugins = CliOptions.Plugins();
        var cmd = new Command("sweep", "a grid over run-config keys x seeds, each point graded like compare; one table (sweep.md)");
        foreach (var o in new Option[] { config, seed, outDir, cluster, plugins }) cmd.Options.Add(o);
        cmd.SetAction(parse =>
        {
            try
            {
                var address = parse.GetValue(cluster) is { } c ? ClusterAddress.Parse(c) : null;
                var grid = SweepGrid.Load(parse.GetValue(config)!);
                using var host = PluginHost.Open(parse.GetValue(plugins) ?? PluginsCommands.DefaultDirectory, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, Console.Error);
                // Every point's names and keys are checked before the market is generated: a typo costs nothing.
                foreach (var point in grid.Points)
                {
                    point.Config.CheckPlugins(host.Registry);
                    TorchDevices.Parse(point.Config.Device);
                }
                address?.RequireReachable();
                var outPath = parse.GetValue(outDir)!;
                var sweep = new SweepRun(grid, host.Registry, outPath, Console.Out);
                var market = sweep.Market(parse.GetValue(seed));
                string command = "alphahost " + string.Join(" ", parse.Tokens.Select(t => t.Value));
                var runner = new FitRunner(market, Path.Combine(outPath, "fits"), address, host.Registry, Console.Out);
                try { sweep.Run(runner, command); }
                finally { runner.DisposeAsync().AsTask().GetAwaiter().GetResult(); }
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or FileNotFoundException or DirectoryNotFoundException or InvalidOperationException or InvalidDataException or ConfigException
                                          or PluginLoadException or ClusterException or System.Text.Json.JsonException)
            {
                Console.Error.WriteLine($"alphahost sweep: {e.Message}");
                return 2;
            }
        });
        return cmd;
    }
}

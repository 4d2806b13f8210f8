using System.CommandLine;
using AlphaHost.Host.Plugins;
using AlphaHost.Host.Research;
using AlphaHost.Host.Run;
using AlphaHost.Sdk.Plugins;
using AlphaHost.Sdk.Tensors;

namespace AlphaHost.Host.Cli;

/// <summary>`alphahost compare`: every model (or a list) through one rolling protocol; a Markdown table.</summary>
public static class CompareCommands
{
    public static Command Build()
    {
        var config = new Option<string?>("--config") { Description = "protocol as a run config JSON (the same file `run` reads: sampler, loss, label, trainer keys, market size)" };
        var models = new Option<string?>("--models") { Description = "comma-separated model plugins, combinations or variants of the config (default: every model plugin loaded, then every combination, then every variant)" };
        var plugins = CliOptions.Plugins();
        var seed = new Option<int>("--seed") { Description = "seed of the market and the models", DefaultValueFactory = _ => 7 };
        var outDir = new Option<string>("--out") { Description = "folder for the market, each model's factor.csv and row.json (a rerun resumes)", DefaultValueFactory = _ => "runs/compare" };
        var doc = new Option<string?>("--doc") { Description = "Markdown table to write, e.g. docs/model-comparison.md" };
        var device = CliOptions.Device();
        var cluster = WorkerCommands.Cluster();
        var cmd = new Command("compare", "every model through one rolling protocol on one market: RankIC, RankICIR, top-quintile alpha Sharpe");
        foreach (var o in new Option[] { config, models, seed, outDir, doc, plugins, device, cluster }) cmd.Options.Add(o);
        cmd.SetAction(parse =>
        {
            try
            {
                var cli = new System.Text.Json.Nodes.JsonObject();
                if (parse.GetValue(device) is { } deviceName) cli["device"] = deviceName;
                var protocol = RunConfig.Load(parse.GetValue(config), cli);
                TorchDevices.Parse(protocol.Device);
                using var host = PluginHost.Open(parse.GetValue(plugins) ?? PluginsCommands.DefaultDirectory, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, Console.Error);
                var names = parse.GetValue(models)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                            ?? [.. host.Registry.Names(PluginFamily.Model), .. protocol.Combinations.Select(c => c.Name), .. protocol.Variants.Select(v => v.Name)];
                // Every name and key is checked before the market is generated: a typo costs nothing.
                protocol.CheckPlugins(host.Registry);
                foreach (var name in names.Where(n => protocol.Combinations.All(c => c.Name != n) && protocol.Variants.All(v => v.Name != n))) host.Registry.Check<IModel>(new PluginChoice(name) { Source = "--models" });
                string command = "alphahost " + string.Join(" ", parse.Tokens.Select(t => t.Value)); // tokens start with "compare"
                var address = parse.GetValue(cluster) is { } c ? Cluster.ClusterAddress.Parse(c) : null;
                address?.RequireReachable();
                Cluster.FitRunner? runner = null;
                try
                {
                    new ModelComparison(protocol, parse.GetValue(seed), parse.GetValue(outDir)!, Console.Out, host.Registry)
                    {
                        Dispatch = address is null ? null : market => new Cluster.DispatchedWalks(protocol, parse.GetValue(seed), host.Registry,
                            runner = new Cluster.FitRunner(market, Path.Combine(parse.GetValue(outDir)!, "fits"), address, host.Registry, Console.Out)),
                    }.Run(names, parse.GetValue(doc), command);
                }
                finally { runner?.DisposeAsync().AsTask().GetAwaiter().GetResult(); }
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or FileNotFoundException or DirectoryNotFoundException or InvalidOperationException or InvalidDataException or ConfigException
                                          or PluginLoadException or System.Text.Json.JsonException or Cluster.ClusterException)
            {
                Console.Error.WriteLine($"alphahost compare: {e.Message}");
                return 2;
            }
        });
        return cmd;
    }
}

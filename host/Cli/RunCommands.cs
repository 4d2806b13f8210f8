using System.CommandLine;
using System.Text.Json.Nodes;
using AlphaHost.Host.Run;
using AlphaHost.Sdk.Plugins;
using AlphaHost.Sdk.Tensors;

namespace AlphaHost.Host.Cli;

/// <summary>`alphahost run`: the main job through the host loop.</summary>
public static class RunCommands
{
    public static Command Build()
    {
        var config = new Option<string?>("--config") { Description = "run config JSON (every key optional; see host/Run/RunConfig.cs)" };
        var seed = new Option<int>("--seed") { Description = "random seed of market, models and engine", DefaultValueFactory = _ => 1 };
        var ticks = new Option<long?>("--ticks") { Description = "stop after this many ticks (trading days)" };
        var headless = new Option<bool>("--headless") { Description = "no control panel: plain log lines only" };
        var outDir = new Option<string>("--out") { Description = "run folder (an unfinished run there resumes)", DefaultValueFactory = _ => "runs/default" };
        var fresh = new Option<bool>("--fresh") { Description = "start over even if the run folder holds a run (deletes only a folder a run made)" };
        var busPub = new Option<string?>("--bus-pub") { Description = "signal PUB endpoint (default tcp://127.0.0.1:5556)" };
        var busControl = new Option<string?>("--bus-control") { Description = "control ROUTER endpoint (default tcp://127.0.0.1:5557)" };
        var busKeys = new Option<string?>("--bus-keys") { Description = "folder with server.key: CURVE and signed commands (needed off loopback)" };
        var busAllow = new Option<string?>("--bus-allow") { Description = "clients allowed to command: allow-list file or folder of NAME.pub" };
        var device = CliOptions.Device();
        var plugins = CliOptions.Plugins();
        var cmd = new Command("run", "the main job: market → features → rolling training → scoring → bus → paper portfolio → evaluation");
        foreach (var o in new Option[] { config, seed, ticks, headless, outDir, fresh, busPub, busControl, busKeys, busAllow, device, plugins }) cmd.Options.Add(o);
        cmd.SetAction(parse =>
        {
            try
            {
                var cli = new JsonObject();
                if (parse.GetValue(busPub) is { } pub) cli["busPub"] = pub;
                if (parse.GetValue(busControl) is { } control) cli["busControl"] = control;
                if (parse.GetValue(device) is { } deviceName) cli["device"] = deviceName;
                if (parse.GetValue(busKeys) is { } keys) cli["busKeys"] = keys;
                if (parse.GetValue(busAllow) is { } allow) cli["busAllow"] = allow;
                var runConfig = RunConfig.Load(parse.GetValue(config), cli);
                TorchDevices.Parse(runConfig.Device); // no GPU here → one line now, not after the market is generated
                var dir = parse.GetValue(outDir)!;
                if (runConfig.Bus) RunBus.Load(runConfig); // bad key files fail before the run folder is touched
                RunFolder.Prepare(dir, parse.GetValue(fresh)); // --fresh deletes only a folder a run marked as its own
                var options = new RunOptions(dir, parse.GetValue(seed), parse.GetValue(ticks), parse.GetValue(headless) || Console.IsOutputRedirected, parse.GetValue(fresh))
                {
                    PluginsDir = Path.GetFullPath(parse.GetValue(plugins) ?? PluginsCommands.DefaultDirectory),
                };
                return new MainJob(runConfig, options, Console.Out).Execute();
            }
            catch (Exception e) when (e is ArgumentException or FileNotFoundException or DirectoryNotFoundException or AlphaHost.Host.Plugins.PluginLoadException or FormatException or InvalidOperationException or InvalidDataException or ConfigException or System.Text.Json.JsonException)
            {
                Console.Error.WriteLine($"alphahost run: {e.Message}");
                return 2;
            }
        });
        return cmd;
    }
}

using System.CommandLine;
using System.Net;
using AlphaHost.Host.Cluster;
using AlphaHost.Host.Plugins;
using AlphaHost.Sdk.Tensors;
using Microsoft.Extensions.Hosting;

namespace AlphaHost.Host.Cli;

/// <summary>`alphahost worker --cluster redis://HOST:PORT`: a silo that takes fits from `compare`, `train` and `sweep` clients.</summary>
public static class WorkerCommands
{
    public static Option<string?> Cluster() => new("--cluster")
    {
        Description = "fan the fits out over the workers of this cluster: redis://HOST:PORT (start workers with `alphahost worker --cluster ...`)",
    };

    public static Command Build()
    {
        var cluster = new Option<string>("--cluster") { Description = "the cluster's Redis, redis://HOST:PORT", Required = true };
        var device = CliOptions.Device();
        var plugins = CliOptions.Plugins();
        var cache = new Option<string>("--cache") { Description = "folder for markets received from clients, by content hash", DefaultValueFactory = _ => Path.Combine(Path.GetTempPath(), "alphahost-markets") };
        var port = new Option<int>("--port") { Description = "silo-to-silo port (0: a free one)", DefaultValueFactory = _ => 0 };
        var gatewayPort = new Option<int>("--gateway-port") { Description = "port clients connect to (0: a free one)", DefaultValueFactory = _ => 0 };
        var advertise = new Option<string?>("--advertise") { Description = "IP address other machines reach this worker at (default: loopback when Redis is local, else this machine's address)" };
        var cmd = new Command("worker", "a scale-out worker: an Orleans silo that runs the fits of compare, train and sweep clients (--cluster)");
        foreach (var o in new Option[] { cluster, device, plugins, cache, port, gatewayPort, advertise }) cmd.Options.Add(o);
        cmd.SetAction(parse =>
        {
            try
            {
                var address = ClusterAddress.Parse(parse.GetValue(cluster)!);
                var deviceName = parse.GetValue(device);
                if (deviceName is not null) TorchDevices.Parse(deviceName);
                IPAddress? ip = null;
                if (parse.GetValue(advertise) is { } text && !IPAddress.TryParse(text, out ip)) throw new ArgumentException($"--advertise {text}: expected an IP address");
                address.RequireReachable();
                using var host = PluginHost.Open(parse.GetValue(plugins) ?? PluginsCommands.DefaultDirectory, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, Console.Error);
                using var work = new FitWork(host.Registry, Environment.MachineName);
                var context = new WorkerContext(work, new MarketCache(parse.GetValue(cache)!, Console.WriteLine), deviceName, Console.Out);
                using var silo = WorkerSilo.Build(address, context, parse.GetValue(port), parse.GetValue(gatewayPort), ip);
                silo.Start();
                var endpoint = silo.Services.GetService(typeof(Orleans.Runtime.ILocalSiloDetails)) as Orleans.Runtime.ILocalSiloDetails;
                context.Log($"worker ready: silo {endpoint?.SiloAddress.Endpoint}, gateway {endpoint?.GatewayAddress?.Endpoint}, cluster {address}, "
                            + $"{TorchSharp.torch.get_num_threads()} thread(s), device {deviceName ?? "as each fit asks"}");
                silo.WaitForShutdown(); // Ctrl-C or SIGTERM leaves the cluster cleanly
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or ClusterException or PluginLoadException or DirectoryNotFoundException)
            {
                Console.Error.WriteLine($"alphahost worker: {e.Message}");
                return 2;
            }
        });
        return cmd;
    }
}

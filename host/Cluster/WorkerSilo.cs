using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace AlphaHost.Host.Cluster;

/// <summary>An Orleans silo that joins the cluster named by its Redis and serves <see cref="IFitWorker"/>.</summary>
public static class WorkerSilo
{
    public static IHost Build(ClusterAddress cluster, WorkerContext context, int siloPort, int gatewayPort, IPAddress? advertise)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        // Orleans' own warnings (a peer lost, a retry) go to stderr; fits are logged on stdout by the grain.
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).AddFilter((category, level) =>
            level >= LogLevel.Warning && !(category ?? "").StartsWith("Microsoft.Hosting") && !(category == "Orleans.Runtime.Silo" && level < LogLevel.Error)); // not its ServerGC note
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddSingleton(context);
        var ip = advertise ?? (cluster.IsLoopback ? IPAddress.Loopback : null);
        builder.UseOrleans(silo =>
        {
            silo.UseRedisClustering(o => o.ConfigurationOptions = cluster.Redis());
            silo.Configure<ClusterOptions>(o => { o.ClusterId = ClusterAddress.ClusterId; o.ServiceId = ClusterAddress.ServiceId; });
            silo.Configure<EndpointOptions>(o =>
            {
                o.SiloPort = siloPort == 0 ? FreePort() : siloPort;
                o.GatewayPort = gatewayPort == 0 ? FreePort() : gatewayPort;
                if (ip is not null) o.AdvertisedIPAddress = ip;
            });
            // A killed worker is declared dead in seconds, so its fits move on soon.
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(2);
                o.NumMissedProbesLimit = 2;
            });
        });
        return builder.Build();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Any, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using AlphaHost.Host.Cli;
using AlphaHost.Host.Plugins;
using AlphaHost.Sdk.Plugins;
using Microsoft.Extensions.Logging.Abstractions;

namespace AlphaHost.Bench;

/// <summary>The built-in plugins as a run loads them (plugins/bin through the plugin host), opened once per bench process.</summary>
internal static class BenchPlugins
{
    private static readonly Lazy<PluginHost> Host = new(() => PluginHost.Open(PluginsCommands.DefaultDirectory, NullLogger.Instance, Console.Error));

    public static PluginRegistry Registry => Host.Value.Registry;

    public static IOperatorLayer Operator(string name) => Registry.Create<IOperatorLayer>(new PluginChoice(name) { Source = "bench" });

    public static IModel Model(string name, int seed) =>
        Registry.Create<IModel>(new PluginChoice(name, new System.Text.Json.Nodes.JsonObject { ["seed"] = seed }) { Source = "bench" });
}

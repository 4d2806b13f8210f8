using AlphaHost.Host.Cli;
using AlphaHost.Host.Plugins;
using AlphaHost.Host.Research;
using AlphaHost.Sdk.Plugins;
using Microsoft.Extensions.Logging.Abstractions;

namespace AlphaHost.Host.Tests;

/// <summary>
/// The built-in plugins as a run loads them: every folder of plugins/bin through the plugin host
/// (the test project builds them first). One host for the whole test run.
/// </summary>
public static class TestPlugins
{
    private static readonly Lazy<PluginHost> Host = new(() =>
    {
        var dir = Path.Combine(Run.RunKit.RepoRoot, "plugins", "bin");
        return PluginHost.Open(dir, NullLogger.Instance);
    });

    public static PluginRegistry Registry => Host.Value.Registry;

    /// <summary>The plugin host itself (shared: do not dispose).</summary>
    public static PluginHost PluginHost => Host.Value;

    /// <summary>A rolling sampler choice with these windows.</summary>
    public static PluginChoice Rolling(int trainDays, int testDays) =>
        new("rolling", new System.Text.Json.Nodes.JsonObject { ["trainDays"] = trainDays, ["testDays"] = testDays });

    /// <summary>The forward-return label with horizon <paramref name="horizon"/>.</summary>
    public static PluginChoice ForwardReturn(int horizon) =>
        new("forward_return", new System.Text.Json.Nodes.JsonObject { ["horizon"] = horizon });

    public static ISampler Sampler(PluginChoice choice) => Registry.Create<ISampler>(choice);
}

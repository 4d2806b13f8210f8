using System.CommandLine;
using System.Text.Json.Nodes;
using AlphaHost.Host.Plugins;

namespace AlphaHost.Host.Cli;

/// <summary>Options several commands share, spelled and described once.</summary>
public static class CliOptions
{
    /// <summary>--device cpu|cuda|cuda:N for the commands that train or score models.</summary>
    public static Option<string?> Device() => new("--device")
    {
        Description = "where models train and score: cpu, cuda or cuda:N (default: the config's \"device\", else cpu)",
    };

    /// <summary>--plugins DIR: the plugins folder to load (and, for run, to watch).</summary>
    public static Option<string?> Plugins() => new("--plugins")
    {
        Description = "plugins folder: plugin folders and .cs files (default: the built-in plugins/bin)",
    };

    /// <summary>The sampler with its trainDays/testDays replaced by the CLI's --train-days/--test-days where given.</summary>
    public static PluginChoice WithWindow(PluginChoice sampler, int? trainDays, int? testDays)
    {
        if (trainDays is null && testDays is null) return sampler;
        var config = sampler.Config is null ? new JsonObject() : (JsonObject)sampler.Config.DeepClone();
        if (trainDays is { } train) config["trainDays"] = train;
        if (testDays is { } test) config["testDays"] = test;
        return sampler with { Config = config, Source = "--train-days/--test-days", ConfigSource = "--train-days/--test-days (sampler config)" };
    }
}

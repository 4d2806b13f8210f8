using System.CommandLine;

namespace AlphaHost.Host.Cli;

/// <summary>Options several commands share, spelled and described once.</summary>
public static class CliOptions
{
    /// <summary>--device cpu|cuda|cuda:N for the commands that train or score models.</summary>
    public static Option<string?> Device() => new("--device")
    {
        Description = "where models train and score: cpu, cuda or cuda:N (default: the config's \"device\", else cpu)",
    };
}

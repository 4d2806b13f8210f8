using System.CommandLine;
using System.Reflection;

namespace AlphaHost.Host;

public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("alphahost: deep-learning alpha research and paper trading host");
        // One line per command family; each lives in host/Cli/<Family>Commands.cs.
        root.Subcommands.Add(Cli.PluginsCommands.Build());
        root.Subcommands.Add(Cli.MarketCommands.Build());
        root.Subcommands.Add(Cli.BusCommands.BuildListen());
        root.Subcommands.Add(Cli.BusCommands.BuildKeys());
        root.Subcommands.Add(Cli.TrainCommands.Build());
        root.Subcommands.Add(Cli.RunCommands.Build());
        root.Subcommands.Add(Cli.EvaluateCommands.Build());
        root.Subcommands.Add(Cli.FeaturesCommands.Build());
        return root.Parse(args).Invoke();
    }

    public static string Version =>
        typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
}

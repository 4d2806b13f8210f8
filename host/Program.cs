using System.CommandLine;
using System.Reflection;

namespace AlphaHost.Host;

public static class Program
{
    public static int Main(string[] args)
    {
        AlphaHost.Sdk.Tensors.OneDnnCpuIsa.Cap(); // before libtorch creates its first oneDNN kernel
        Bus.BusBuffers.UsePooled();
        var root = new RootCommand("alphahost: deep-learning alpha research and paper trading host");
        // One line per command family; each lives in host/Cli/<Family>Commands.cs.
        root.Subcommands.Add(Cli.PluginsCommands.Build());
        root.Subcommands.Add(Cli.MarketCommands.Build());
        root.Subcommands.Add(Cli.BusCommands.BuildListen());
        root.Subcommands.Add(Cli.BusCommands.BuildKeys());
        root.Subcommands.Add(Cli.BusCommands.BuildControl());
        root.Subcommands.Add(Cli.TrainCommands.Build());
        root.Subcommands.Add(Cli.RunCommands.Build());
        root.Subcommands.Add(Cli.EvaluateCommands.Build());
        root.Subcommands.Add(Cli.FeaturesCommands.Build());
        root.Subcommands.Add(Cli.CompareCommands.Build());
        root.Subcommands.Add(Cli.WorkerCommands.Build());
        root.Subcommands.Add(Cli.SweepCommands.Build());
        root.Subcommands.Add(Cli.EmbedCommands.Build());
        var threads = new Option<int?>("--threads")
        {
            Description = "libtorch intra-op threads for run, train, features, compare, sweep, worker and embed (default: every core; libtorch alone picks 1 on some VMs)",
            Recursive = true,
        };
        root.Options.Add(threads);
        var parse = root.Parse(args);
        if (parse.Errors.Count == 0 && parse.CommandResult.Command.Name is "run" or "train" or "features" or "compare" or "sweep" or "worker" or "embed")
            TorchSharp.torch.set_num_threads(Math.Max(1, parse.GetValue(threads) ?? Environment.ProcessorCount));
        return parse.Invoke();
    }

    public static string Version =>
        typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
}

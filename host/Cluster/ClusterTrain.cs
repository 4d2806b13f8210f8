using AlphaHost.Host.Plugins;
using AlphaHost.Host.Research;
using AlphaHost.Host.Run;

namespace AlphaHost.Host.Cluster;

/// <summary>`train --cluster`: the walk's fits run on the workers; model_N.pt, factor and curves as a local `train` writes them.</summary>
public static class ClusterTrain
{
    public static (FactorPanel Factor, List<EpochProgress> Curves) WalkForward(RunConfig run, ClusterAddress address, ResearchPanel panel, string dbPath, string outDir,
        DateOnly? from, DateOnly? to, PluginRegistry plugins, int seed)
    {
        var runner = new FitRunner(dbPath, Path.Combine(outDir, "fits"), address, plugins, Console.Out);
        try
        {
            var walk = new DispatchedWalks(run, seed, plugins, runner, from, to).Walk(panel, run.Model);
            foreach (var fit in walk.Fits) File.WriteAllBytes(Path.Combine(outDir, $"model_{fit.Retrain}.pt"), fit.Weights);
            Console.WriteLine($"{walk.Fits.Count} fit(s): {runner.FromStore} fit(s) taken from earlier runs, "
                              + $"{string.Join(", ", walk.Fits.Where(f => f.Worker != "").GroupBy(f => f.Worker).Select(g => $"{g.Count()} on {g.Key}"))}");
            return (walk.Factor, walk.Curves);
        }
        finally { runner.DisposeAsync().AsTask().GetAwaiter().GetResult(); }
    }
}

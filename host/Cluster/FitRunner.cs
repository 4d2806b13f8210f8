using AlphaHost.Host.Plugins;
using AlphaHost.Host.Research;
using AlphaHost.Host.Run;

namespace AlphaHost.Host.Cluster;

/// <summary>
/// Where the fits of a command run: a fit already in the store is taken from it; the others go to the
/// cluster (connected on the first one, so a finished run resumes without Redis or workers) or, with
/// no cluster, run here one after another through the same <see cref="FitWork"/> a worker uses.
/// </summary>
public sealed class FitRunner : IAsyncDisposable
{
    private readonly FitStore store;
    private readonly ClusterAddress? cluster;
    private readonly PluginRegistry plugins;
    private readonly TextWriter log;
    private readonly TimeSpan wait;
    private readonly SemaphoreSlim connecting = new(1);
    private ClusterFits? fits;
    private FitWork? local;
    private int stored;

    public FitRunner(string marketPath, string storeDir, ClusterAddress? cluster, PluginRegistry plugins, TextWriter log, TimeSpan? wait = null)
    {
        MarketPath = Path.GetFullPath(marketPath);
        MarketHash = MarketCache.HashOf(MarketPath);
        store = new FitStore(storeDir);
        this.cluster = cluster;
        this.plugins = plugins;
        this.log = log;
        this.wait = wait ?? TimeSpan.FromSeconds(60);
    }

    public string MarketPath { get; }
    public string MarketHash { get; }

    /// <summary>Fits taken from the store instead of being run again.</summary>
    public int FromStore => stored;

    public async Task<FitOutcome> Run(FitJob job)
    {
        if (store.Find(job) is { } kept)
        {
            Interlocked.Increment(ref stored);
            return kept;
        }
        if (cluster is null)
        {
            local ??= new FitWork(plugins, "local");
            var outcome = local.Run(job, MarketPath, log: line => log.WriteLine(line));
            store.Save(outcome);
            return outcome;
        }
        return await (await Connected()).Submit(job);
    }

    private async Task<ClusterFits> Connected()
    {
        await connecting.WaitAsync();
        try { return fits ??= await ClusterFits.Connect(cluster!, MarketPath, MarketHash, store, log, wait); }
        finally { connecting.Release(); }
    }

    public async ValueTask DisposeAsync()
    {
        if (fits is not null) await fits.DisposeAsync();
        local?.Dispose();
    }
}

/// <summary>One model's walk-forward put together from its fits.</summary>
public sealed record WalkResult(FactorPanel Factor, List<EpochProgress> Curves, long Parameters, IReadOnlyList<FitOutcome> Fits);

/// <summary>
/// Walk-forward runs whose fits are dispatched (the seam `compare --cluster` uses): every fit of
/// every queued model is submitted at once, so they spread over the workers, then each model's
/// factor is put together in retrain order exactly as ResearchRun.WalkForward builds it.
/// </summary>
public sealed class DispatchedWalks(RunConfig config, int seed, PluginRegistry plugins, FitRunner runner, DateOnly? from = null, DateOnly? to = null)
{
    private readonly Dictionary<string, List<Task<FitOutcome>>> walks = new();
    private readonly string configJson = ClusterConfig.Write(config);

    /// <summary>The fits of <paramref name="model"/>'s walk over <paramref name="panel"/>, one per retrain day.</summary>
    public IReadOnlyList<FitJob> Jobs(ResearchPanel panel, PluginChoice model)
    {
        var training = new ModelTraining(panel, config.FitSpec(model), config.Sampler, plugins, seed);
        string F(DateOnly? d) => d?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)!;
        return training.Walk().Select((w, i) => new FitJob(configJson, ClusterConfig.WriteChoice(model), i, w.Day, seed, runner.MarketHash, F(from), F(to))).ToList();
    }

    public void Queue(ResearchPanel panel, IEnumerable<PluginChoice> models)
    {
        foreach (var model in models)
        {
            var key = ClusterConfig.WriteChoice(model);
            if (!walks.ContainsKey(key)) walks[key] = Jobs(panel, model).Select(runner.Run).ToList();
        }
    }

    /// <summary>Waits for the model's fits and puts its out-of-sample factor together.</summary>
    public WalkResult Walk(ResearchPanel panel, PluginChoice model)
    {
        Queue(panel, [model]);
        var outcomes = walks[ClusterConfig.WriteChoice(model)].Select(t => t.GetAwaiter().GetResult()).OrderBy(o => o.Retrain).ToList();
        var factor = new FactorPanel(panel.Dates, panel.Codes);
        foreach (var o in outcomes)
            for (int i = 0; i < o.ScoredDays.Length; i++) factor.Set(o.ScoredDays[i], o.Row(i), o.Retrain, o.Outputs(i));
        return new WalkResult(factor, outcomes.SelectMany(o => o.Curve.Select(p => p.ToProgress())).ToList(), outcomes.FirstOrDefault()?.Parameters ?? 0, outcomes);
    }
}

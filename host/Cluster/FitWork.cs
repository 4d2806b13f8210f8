using System.Diagnostics;
using AlphaHost.Host.Plugins;
using AlphaHost.Host.Research;
using AlphaHost.Host.Run;
using TorchSharp;
using TorchSharp.PyBridge;

namespace AlphaHost.Host.Cluster;

/// <summary>
/// Runs one <see cref="FitJob"/> in this process the way `train` runs a retrain (ResearchRun.WalkForward):
/// the fit through <see cref="ModelTraining.Fit"/> (fits take turns process-wide), then its outputs on
/// the days it owns (<see cref="ResearchRun.ScoreOwnedDays"/>). The research panel of the last market is
/// kept, since consecutive fits of a sweep share it.
/// </summary>
public sealed class FitWork(PluginRegistry plugins, string worker) : IDisposable
{
    private readonly object panelLock = new();
    private (string Key, ResearchPanel Panel)? cached;

    /// <summary>Runs <paramref name="job"/> on the market file at <paramref name="marketPath"/> (already checked against the job's hash).</summary>
    public FitOutcome Run(FitJob job, string marketPath, string? deviceOverride = null, Action<string>? log = null)
    {
        var clock = Stopwatch.StartNew();
        var config = job.RunConfig();
        if (deviceOverride is not null) config = config with { Device = deviceOverride };
        var model = job.ModelChoice();
        // A variant row may have its own picture kind and lookback: the panel is the fit's.
        var spec = config.FitSpec(model);
        var panel = Panel(job, config with { Picture = spec.Picture, Lookback = spec.Lookback }, marketPath);
        var training = new ModelTraining(panel, config.FitSpec(model), config.Sampler, plugins, job.Seed);
        var split = new WalkForward(plugins.Create<AlphaHost.Sdk.Plugins.ISampler>(config.Sampler), panel.Dates, training.Horizon + 1).SplitAt(job.Day)
                    ?? throw new InvalidOperationException($"fit {job}: no clean split at day {job.Day} of the market");
        using var fitted = training.Fit(model, job.Day, job.Retrain, p => log?.Invoke($"  {job} {p.Describe(config.EarlyStop)}"), CancellationToken.None);
        var factor = new FactorPanel(panel.Dates, panel.Codes);
        var days = ResearchRun.ScoreOwnedDays(fitted, panel, job.Day, split, job.Retrain, factor);
        var scores = days.SelectMany(d => factor[d]!).ToArray();
        var outputs = days.Select(factor.OutputsOf).ToArray();
        // Per-output values (class probabilities, one value per horizon) travel too: the classification grades read them.
        double[]? perOutput = days.Length > 0 && outputs.All(o => o?.PerOutput is not null) ? outputs.SelectMany(o => o!.PerOutput!).ToArray() : null;
        long parameters = fitted.Members[0].Network.parameters().Sum(p => p.numel());
        return new FitOutcome(job.Key, job.Retrain, days, panel.Stocks, scores, fitted.Curve.Select(CurvePoint.Of).ToArray(),
            Weights(fitted), parameters, worker, clock.Elapsed.TotalSeconds, perOutput, outputs.FirstOrDefault()?.Width ?? 1);
    }

    /// <summary>The first member's state_dict in PyTorch's format (what `train` writes as model_N.pt).</summary>
    private static byte[] Weights(FittedModel fitted)
    {
        var path = Path.Combine(Path.GetTempPath(), $"alphahost-fit-{Guid.NewGuid():N}.pt");
        try
        {
            fitted.Members[0].Network.save_py(path);
            return File.ReadAllBytes(path);
        }
        finally { File.Delete(path); }
    }

    private ResearchPanel Panel(FitJob job, RunConfig config, string marketPath)
    {
        string key = $"{job.MarketHash}|{job.From}|{job.To}|{config.Lookback}|{config.Picture}|{string.Join(",", config.Fields)}";
        lock (panelLock)
        {
            if (cached is { } c && c.Key == key) return c.Panel;
            cached?.Panel.Dispose();
            cached = null;
            var panel = ResearchPanel.Load(marketPath, job.FromDate, job.ToDate, config.Lookback, config.Fields, config.Picture);
            cached = (key, panel);
            return panel;
        }
    }

    public void Dispose()
    {
        lock (panelLock) cached?.Panel.Dispose();
    }
}

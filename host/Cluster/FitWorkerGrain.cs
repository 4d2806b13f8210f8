using Orleans.Concurrency;

namespace AlphaHost.Host.Cluster;

/// <summary>
/// The fit service of one worker silo, keyed by that silo's address (the client places it there with
/// a placement hint). Calls are not interleaved: a worker runs one fit at a time, as fits take turns
/// process-wide anyway (libtorch's random generator is global).
/// </summary>
public interface IFitWorker : IGrainWithStringKey
{
    /// <summary>True when this worker holds (or sees at <paramref name="clientPath"/>) the market of <paramref name="hash"/>.</summary>
    Task<bool> HasMarket(string hash, string clientPath);

    /// <summary>Receives the market's bytes once; refused when they do not have <paramref name="hash"/>.</summary>
    [ResponseTimeout("00:10:00")]
    Task PutMarket(string hash, byte[] content);

    /// <summary>Runs one fit (long: minutes to hours).</summary>
    [ResponseTimeout("1.00:00:00")]
    Task<FitOutcome> Fit(FitJob job, string clientPath);

    /// <summary>The silo this grain runs on, for the client's bookkeeping.</summary>
    Task<string> Where();
}

/// <summary>Runs fits on the silo it was placed on, with the worker's plugins, market cache and device.</summary>
public sealed class FitWorkerGrain(WorkerContext worker, Orleans.Runtime.ILocalSiloDetails silo) : Grain, IFitWorker
{
    public Task<bool> HasMarket(string hash, string clientPath) => Task.FromResult(worker.Markets.Find(hash, clientPath) is not null);

    public Task PutMarket(string hash, byte[] content)
    {
        var path = worker.Markets.Put(hash, content);
        worker.Log($"market {hash[..12]} received from the client ({content.Length / 1024} KiB) → {path}");
        return Task.CompletedTask;
    }

    public async Task<FitOutcome> Fit(FitJob job, string clientPath)
    {
        var path = worker.Markets.Find(job.MarketHash, clientPath)
                   ?? throw new InvalidOperationException($"worker {Where().Result}: market {job.MarketHash[..12]} is neither cached nor at {clientPath}");
        worker.Log($"fit {job.Key} start: {job}");
        // Off Orleans' scheduler: a fit is minutes of CPU work.
        var outcome = await Task.Run(() => worker.Work.Run(job, path, worker.Device)) with { Worker = silo.SiloAddress.Endpoint.ToString() };
        worker.Log($"fit {job.Key} done in {outcome.Seconds:F1} s");
        return outcome;
    }

    public Task<string> Where() => Task.FromResult(silo.SiloAddress.ToParsableString());
}

/// <summary>What the worker command gives its grains: the fit runner, the market cache, the device override and the log.</summary>
public sealed class WorkerContext(FitWork work, MarketCache markets, string? device, TextWriter log)
{
    public FitWork Work { get; } = work;
    public MarketCache Markets { get; } = markets;
    public string? Device { get; } = device;

    public void Log(string line)
    {
        lock (log) log.WriteLine(line);
    }
}

using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace AlphaHost.Host.Cluster;

/// <summary>
/// The client side of a cluster run: fits go into one queue, and every worker silo Orleans' membership
/// lists (a worker joining mid-run included) takes the next one when it is free. A worker that leaves
/// the membership (killed, crashed) has its fit queued again for the others. Finished fits go to the
/// <see cref="FitStore"/> as they come back. Orleans does the transport, serialisation, membership and
/// placement; this class only decides which free worker gets which fit.
/// </summary>
public sealed class ClusterFits : IAsyncDisposable
{
    /// <summary>How often membership is read (workers seen, lost) and progress considered.</summary>
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    private const int MaxAttempts = 5;

    private sealed class Pending(FitJob job)
    {
        public FitJob Job { get; } = job;
        public TaskCompletionSource<FitOutcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Attempts { get; set; }
    }

    private readonly IHost host;
    private readonly IClusterClient client;
    private readonly ClusterAddress address;
    private readonly string marketPath;
    private readonly string marketHash;
    private readonly FitStore store;
    private readonly TextWriter log;
    private readonly object gate = new();
    private readonly LinkedList<Pending> queue = new();
    private readonly SemaphoreSlim queued = new(0);
    private readonly Dictionary<SiloAddress, CancellationTokenSource> workers = new();
    private readonly HashSet<SiloAddress> seen = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Task supervisor;
    private int done, running;
    private string lastProgress = "";

    private ClusterFits(IHost host, ClusterAddress address, string marketPath, string marketHash, FitStore store, TextWriter log)
    {
        this.host = host;
        client = host.Services.GetRequiredService<IClusterClient>();
        this.address = address;
        this.marketPath = Path.GetFullPath(marketPath);
        this.marketHash = marketHash;
        this.store = store;
        this.log = log;
        supervisor = Task.Run(Supervise);
    }

    /// <summary>
    /// Connects to the cluster at <paramref name="address"/>: a one-line <see cref="ClusterException"/>
    /// when Redis does not answer, or when no worker joins within <paramref name="wait"/>.
    /// </summary>
    public static async Task<ClusterFits> Connect(ClusterAddress address, string marketPath, string marketHash, FitStore store, TextWriter log, TimeSpan wait)
    {
        address.RequireReachable();
        var clock = Stopwatch.StartNew();
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<IHostLifetime, CommandLifetime>(); // Ctrl-C stays the command's, not the client host's
        builder.UseOrleansClient(c =>
        {
            c.UseRedisClustering(o => o.ConfigurationOptions = address.Redis());
            c.Configure<ClusterOptions>(o => { o.ClusterId = ClusterAddress.ClusterId; o.ServiceId = ClusterAddress.ServiceId; });
            c.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(2));
            // Short calls (membership, market checks) through a gateway that just died fail fast; fits carry their own timeout.
            c.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
            c.UseConnectionRetryFilter(async (_, cancel) =>
            {
                if (clock.Elapsed > wait) return false;
                log.WriteLine($"waiting for a worker to join {address}");
                await Task.Delay(TimeSpan.FromSeconds(2), cancel);
                return true;
            });
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch (Exception e) when (e is not ClusterException)
        {
            host.Dispose();
            throw new ClusterException($"no worker joined the cluster at {address} within {wait.TotalSeconds:F0} s (start one with `alphahost worker --cluster {address}`): {e.Message.Split('\n')[0]}", e);
        }
        return new ClusterFits(host, address, marketPath, marketHash, store, log);
    }

    /// <summary>Queues a fit; the task ends with its outcome (kept in the store) or the reason it failed on every try.</summary>
    public Task<FitOutcome> Submit(FitJob job)
    {
        var pending = new Pending(job);
        lock (gate) queue.AddLast(pending);
        queued.Release();
        return pending.Done.Task;
    }

    private async Task Supervise()
    {
        bool unreadable = false;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                // A fresh reference each time: one bound to a gateway that died would keep asking it.
                var management = client.GetGrain<IManagementGrain>(0);
                var active = (await management.GetHosts(onlyActive: true)).Keys.ToHashSet();
                unreadable = false;
                lock (gate)
                {
                    foreach (var silo in active.Where(s => !workers.ContainsKey(s)))
                    {
                        var gone = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                        workers[silo] = gone;
                        if (seen.Add(silo)) Log($"worker {silo.Endpoint} joined");
                        _ = Task.Run(() => Work(silo, gone.Token));
                    }
                    foreach (var silo in workers.Keys.Where(s => !active.Contains(s)).ToList())
                    {
                        Log($"worker {silo.Endpoint} left the cluster");
                        workers[silo].Cancel();
                        workers.Remove(silo);
                    }
                }
                Progress();
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                if (!unreadable) Log($"cluster membership not readable now ({e.Message.Split('\n')[0]}); retrying every second");
                unreadable = true;
            }
            try { await Task.Delay(Tick, stop.Token); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>One free worker's loop: take the next fit, run it there, keep its outcome; stops when the worker leaves.</summary>
    private async Task Work(SiloAddress silo, CancellationToken gone)
    {
        // The grain keyed by the silo is placed on that silo; the hint flows with this loop's calls.
        RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
        var worker = client.GetGrain<IFitWorker>(silo.ToParsableString());
        bool hasMarket = false;
        while (!gone.IsCancellationRequested)
        {
            try { await queued.WaitAsync(gone); }
            catch (OperationCanceledException) { return; }
            Pending? next;
            lock (gate)
            {
                next = queue.First?.Value;
                if (next is not null) queue.RemoveFirst();
                if (next is not null) running++;
            }
            if (next is null) continue;
            try
            {
                next.Attempts++;
                if (!hasMarket)
                {
                    if (!await worker.HasMarket(marketHash, marketPath).WaitAsync(gone))
                    {
                        Log($"sending market {marketHash[..12]} to worker {silo.Endpoint}");
                        await worker.PutMarket(marketHash, await File.ReadAllBytesAsync(marketPath, gone)).WaitAsync(gone);
                    }
                    hasMarket = true;
                }
                var sent = Stopwatch.StartNew();
                var outcome = await worker.Fit(next.Job, marketPath).WaitAsync(gone);
                store.Save(outcome);
                lock (gate) { running--; done++; }
                Log($"fit {next.Job} done on {silo.Endpoint} in {outcome.Seconds:F2} s (round trip {sent.Elapsed.TotalSeconds:F2} s)");
                next.Done.TrySetResult(outcome);
            }
            catch (Exception e) when (gone.IsCancellationRequested || e is OrleansException or TimeoutException)
            {
                lock (gate) running--;
                if (stop.IsCancellationRequested) return; // the client is closing: nothing to rerun
                if (next.Attempts >= MaxAttempts)
                {
                    next.Done.TrySetException(new ClusterException($"fit {next.Job} lost its worker {MaxAttempts} times; last: {e.Message.Split('\n')[0]}", e));
                    continue;
                }
                Log($"worker {silo.Endpoint} lost during fit {next.Job}: queued again");
                lock (gate) queue.AddFirst(next);
                queued.Release();
                if (!gone.IsCancellationRequested) await Task.Delay(Tick, CancellationToken.None);
            }
            catch (Exception e)
            {
                // The fit itself failed (bad config, plugin error): the same on every worker, so not retried.
                lock (gate) running--;
                next.Done.TrySetException(new ClusterException($"fit {next.Job} failed on worker {silo.Endpoint}: {e.Message.Split('\n')[0]}", e));
            }
        }
    }

    private void Progress()
    {
        string line;
        lock (gate)
            line = $"fits: {done} done, {running} running, {queue.Count} queued; workers {workers.Count}: {string.Join(", ", workers.Keys.Select(s => s.Endpoint.ToString()).Order())}";
        if (line == lastProgress) return;
        lastProgress = line;
        Log(line);
    }

    private void Log(string line)
    {
        lock (log) log.WriteLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        Progress(); // the last count, which the supervisor's next tick would have printed
        stop.Cancel();
        try { await supervisor; } catch (OperationCanceledException) { }
        lock (gate)
        {
            foreach (var p in queue) p.Done.TrySetCanceled();
            queue.Clear();
        }
        try { await host.StopAsync(TimeSpan.FromSeconds(5)); } catch (Exception) { /* the cluster may be gone already */ }
        host.Dispose();
    }

    public override string ToString() => address.ToString();
}

/// <summary>The client host lives inside a command: it neither hooks Ctrl-C nor waits for a signal to start.</summary>
internal sealed class CommandLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

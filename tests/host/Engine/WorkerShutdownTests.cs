using System.Diagnostics;
using AlphaHost.Host.Engine;

namespace AlphaHost.Host.Tests.Engine;

/// <summary>
/// Dispose cancels the workers' token and joins every worker still running, so what the owner disposes
/// afterwards (the research panel, tensors) is never read by a worker.
/// </summary>
public class WorkerShutdownTests
{
    private sealed record Job(WorkerJob<int>? Pending);

    /// <summary>Starts <paramref name="work"/> on a worker at tick 1 and never adopts it.</summary>
    private sealed class StartsWork(Func<CancellationToken, int> work) : GameSystem<Job>
    {
        public override SystemStage Stage => SystemStage.Training;
        protected override Job Initial => new(null);
        protected override Job Update(TickContext tick, Job mine) =>
            tick.Tick == 1 ? new Job(tick.StartWork(work, adoptAfterTicks: 1_000)) : mine;
    }

    [Fact]
    public void AWorkerThatLoopsUntilCancelledHasFinishedWhenDisposeReturns()
    {
        using var started = new ManualResetEventSlim();
        bool sawCancellation = false, finished = false;
        var log = new TestLog();
        var engine = new TickEngine([new StartsWork(token =>
        {
            started.Set();
            while (!token.IsCancellationRequested) Thread.Sleep(1);
            sawCancellation = true;
            Thread.Sleep(300); // cleaning up after cancellation: Dispose must wait for this
            Volatile.Write(ref finished, true);
            token.ThrowIfCancellationRequested();
            return 0;
        })], new EngineOptions { LiveWorkers = true }, log);
        engine.Run(maxTicks: 3);
        Assert.True(started.Wait(TimeSpan.FromSeconds(10)), "the worker never started");

        engine.Dispose();

        Assert.True(sawCancellation, "the worker's token was cancelled");
        Assert.True(Volatile.Read(ref finished), "Dispose returned while the worker was still running");
        Assert.Empty(log.Errors); // cancellation is how a worker is meant to end: no error
    }

    [Fact]
    public void DisposeWaitsForARunningWorkerAndLogsItsFailure()
    {
        using var started = new ManualResetEventSlim();
        bool finished = false;
        var log = new TestLog();
        var engine = new TickEngine([new StartsWork(_ =>
        {
            started.Set();
            Thread.Sleep(500); // a batch in flight that does not look at its token
            Volatile.Write(ref finished, true);
            throw new InvalidOperationException("read after cancel");
        })], new EngineOptions(), log);
        engine.Run(maxTicks: 2);
        Assert.True(started.Wait(TimeSpan.FromSeconds(10)), "the worker never started");

        var clock = Stopwatch.StartNew();
        engine.Dispose();

        Assert.True(Volatile.Read(ref finished), "Dispose returned while the worker was still running");
        Assert.True(clock.ElapsedMilliseconds >= 300, $"Dispose took {clock.ElapsedMilliseconds} ms");
        Assert.Contains(log.Errors, e => e.Contains("a worker failed while the engine stopped") && e.Contains("read after cancel"));
    }
}

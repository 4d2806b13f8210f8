using AlphaHost.Host.Engine;

namespace AlphaHost.Host.Tests.Engine;

public class LoopControlTests
{
    private sealed record Count(long Value);

    private sealed class Counter : GameSystem<Count>
    {
        public override SystemStage Stage => SystemStage.Market;
        protected override Count Initial => new(0);
        protected override Count Update(TickContext tick, Count mine) => new(mine.Value + 1);
    }

    private static void WaitUntil(Func<bool> condition, string what)
    {
        // A liveness deadline, not a speed check: generous so a loaded machine still passes.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"never saw: {what}");
            Thread.Sleep(1);
        }
    }

    [Fact]
    public async Task StepRunsExactlyTheAskedTicksWhilePaused()
    {
        using var engine = new TickEngine([new Counter()], new EngineOptions { StartPaused = true });
        engine.Start();
        engine.Control.Step(3);
        WaitUntil(() => engine.Latest.Tick == 3, "3 stepped ticks");
        engine.Control.AtBoundary(() => { }); // a round trip through the loop: nothing else may have run
        var probe = new ManualResetEventSlim();
        engine.Control.AtBoundary(probe.Set);
        Assert.True(probe.Wait(TimeSpan.FromSeconds(20)));
        Assert.Equal(3, engine.Latest.Tick);
        Assert.Equal(RunMode.Paused, engine.Control.Mode);

        engine.Control.Step();
        WaitUntil(() => engine.Latest.Tick == 4, "one more step");
        engine.Control.Stop();
        Assert.Equal(4, await engine.WaitAsync());
        Assert.Equal(4, engine.Latest.Get<Count>().Value);
    }

    [Fact]
    public async Task PauseHoldsAndResumeContinues()
    {
        using var engine = new TickEngine([new Counter()], new EngineOptions());
        engine.Start();
        WaitUntil(() => engine.Latest.Tick > 100, "running");
        engine.Control.Pause();
        WaitUntil(() => engine.Control.Mode == RunMode.Paused, "paused");
        var held = engine.Latest.Tick;
        var probe = new ManualResetEventSlim();
        engine.Control.AtBoundary(probe.Set); // proves the loop drained commands while paused
        Assert.True(probe.Wait(TimeSpan.FromSeconds(20)));
        Assert.Equal(held, engine.Latest.Tick);

        engine.Control.Resume();
        WaitUntil(() => engine.Latest.Tick > held + 100, "resumed");
        engine.Control.Stop();
        var ran = await engine.WaitAsync();
        Assert.Equal(engine.Latest.Tick, ran);
        Assert.Equal(ran, engine.Latest.Get<Count>().Value); // no tick lost or run twice across pause
    }

    [Fact]
    public void SpeedCanBeSetAndClearedAndRejectsNonsense()
    {
        using var engine = new TickEngine([new Counter()], new EngineOptions { TicksPerSecond = 1000 });
        Assert.Equal(1000, engine.Control.TicksPerSecond);
        engine.Control.SetSpeed(null);
        engine.Run(maxTicks: 1); // commands apply at the boundary
        Assert.Null(engine.Control.TicksPerSecond);
        Assert.Throws<ArgumentOutOfRangeException>(() => engine.Control.SetSpeed(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => engine.Control.SetSpeed(double.NaN));
    }

    private sealed record Job(WorkerJob<int>? Pending, int Result, long AdoptedAt);

    private sealed class LiveTraining(ManualResetEventSlim release) : GameSystem<Job>
    {
        public override SystemStage Stage => SystemStage.Training;
        protected override Job Initial => new(null, 0, 0);
        protected override Job Update(TickContext tick, Job mine)
        {
            if (tick.Tick == 1)
                return mine with { Pending = tick.StartWork(_ => { release.Wait(); return 42; }, adoptAfterTicks: 1) };
            if (mine.Pending is { } job && job.TryAdopt(tick, out var r))
                return new Job(null, r, tick.Tick);
            return mine;
        }
    }

    [Fact]
    public async Task LiveWorkersLetTheLoopTickUntilTheResultIsReady()
    {
        using var release = new ManualResetEventSlim();
        using var engine = new TickEngine([new LiveTraining(release)], new EngineOptions { LiveWorkers = true });
        engine.Run(maxTicks: 50); // the job is blocked: the loop must still run all 50 ticks
        Assert.Equal(50, engine.Latest.Tick);
        Assert.Equal(0, engine.Latest.Get<Job>().Result);
        release.Set();
        engine.Start();
        WaitUntil(() => engine.Latest.Get<Job>().Result == 42, "adoption");
        engine.Control.Stop();
        await engine.WaitAsync();
        Assert.True(engine.Latest.Get<Job>().AdoptedAt > 50);
    }
}

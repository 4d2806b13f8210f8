using AlphaHost.Host.Engine;

namespace AlphaHost.Host.Tests.Engine;

/// <summary>
/// Each part carries the tick that made it: a failing system's old part stands in, and consumers can
/// see it is stale instead of taking yesterday's value for today's.
/// </summary>
public class FreshnessTests
{
    private sealed record Bar(long Day);
    private sealed record Seen(bool Fresh, long MadeAt, long Day);

    private sealed class Market(long badTick) : GameSystem<Bar>
    {
        public override SystemStage Stage => SystemStage.Market;
        protected override Bar Initial => new(0);
        protected override Bar Update(TickContext tick, Bar mine) =>
            tick.Tick == badTick ? throw new IOException("feed down") : new(tick.Tick);
    }

    private sealed class Consumer : GameSystem<Seen>
    {
        public override SystemStage Stage => SystemStage.Portfolio;
        protected override Seen Initial => new(false, -1, -1);
        protected override Seen Update(TickContext tick, Seen mine) =>
            new(tick.IsFresh<Bar>(), tick.TickOf<Bar>(), tick.Now<Bar>().Day);
    }

    [Fact]
    public void APartKeptByAFailingSystemIsReportedStaleWithTheTickThatMadeIt()
    {
        using var engine = new TickEngine([new Consumer(), new Market(badTick: 2)], new EngineOptions(), new TestLog());
        Assert.Equal(0, engine.Latest.TickOf<Bar>()); // the initial part: never made by a tick
        Assert.True(engine.Latest.IsFresh<Bar>()); // snapshot 0 holds the initial parts as they are

        engine.Tick();
        Assert.True(engine.Latest.IsFresh<Bar>());
        Assert.Equal(new Seen(true, 1, 1), engine.Latest.Get<Seen>());

        engine.Tick(); // the market fails: tick 1's bar stands in, and says so
        Assert.Equal(2, engine.Latest.Tick);
        Assert.Equal(new Bar(1), engine.Latest.Get<Bar>());
        Assert.Equal(1, engine.Latest.TickOf<Bar>());
        Assert.False(engine.Latest.IsFresh<Bar>());
        Assert.Equal(new Seen(false, 1, 1), engine.Latest.Get<Seen>());
        Assert.True(engine.Latest.IsFresh<Seen>());
        Assert.Equal(2, engine.Latest.TickOf<Seen>());

        engine.Tick();
        Assert.Equal(new Seen(true, 3, 3), engine.Latest.Get<Seen>());
        Assert.True(engine.Latest.IsFresh<Bar>());
    }

    [Fact]
    public void AFailingSystemStaysStampedWithItsLastSuccessAcrossTicks()
    {
        var log = new TestLog();
        using var engine = new TickEngine([new Market(badTick: 1)], new EngineOptions(), log);
        engine.Run(maxTicks: 1);
        Assert.Equal(0, engine.Latest.TickOf<Bar>()); // failed at its first tick: still the initial part
        Assert.False(engine.Latest.IsFresh<Bar>());
        Assert.Contains(log.Errors, e => e.Contains("tick 1: system Market failed; its part stays as of tick 0"));
    }
}

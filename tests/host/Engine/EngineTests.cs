using AlphaHost.Host.Engine;

namespace AlphaHost.Host.Tests.Engine;

public class EngineTests
{
    private sealed record Count(long Value);
    private sealed record Seen(long PreviousCount, long NowCount);

    private sealed class Counter : GameSystem<Count>
    {
        public override SystemStage Stage => SystemStage.Market;
        protected override Count Initial => new(0);
        protected override Count Update(TickContext tick, Count mine) => new(mine.Value + 1);
    }

    /// <summary>Reads the counter both ways: as of last tick and as written this tick.</summary>
    private sealed class Reader : GameSystem<Seen>
    {
        public override SystemStage Stage => SystemStage.Scoring;
        protected override Seen Initial => new(-1, -1);
        protected override Seen Update(TickContext tick, Seen mine) =>
            new(tick.Previous.Get<Count>().Value, tick.Now<Count>().Value);
    }

    [Fact]
    public void SystemsRunInStageOrderAndReadThePreviousSnapshot()
    {
        // Registered reader first: stage order, not registration order, decides.
        using var engine = new TickEngine([new Reader(), new Counter()], new EngineOptions());
        Assert.Equal(["Counter", "Reader"], engine.Systems.Select(s => s.Name));

        Assert.Equal(5, engine.Run(maxTicks: 5));

        Assert.Equal(5, engine.Latest.Tick);
        Assert.Equal(5, engine.Latest.Get<Count>().Value);
        Assert.Equal(new Seen(4, 5), engine.Latest.Get<Seen>());
    }

    private sealed record Late(long Value);

    private sealed class ReadsALaterPart : GameSystem<Late>
    {
        public override SystemStage Stage => SystemStage.Market;
        protected override Late Initial => new(0);
        protected override Late Update(TickContext tick, Late mine) => new(tick.Now<Seen>().NowCount);
    }

    [Fact]
    public void ReadingAPartNotYetWrittenThisTickIsAnErrorThatKeepsThePreviousPart()
    {
        var log = new TestLog();
        using var engine = new TickEngine([new Counter(), new Reader(), new ReadsALaterPart()], new EngineOptions(), log);
        engine.Run(maxTicks: 3);

        Assert.Equal(new Late(0), engine.Latest.Get<Late>());
        Assert.Equal(3, engine.Latest.Get<Count>().Value);
        Assert.Contains(log.Errors, e => e.Contains("system ReadsALaterPart failed") && e.Contains("part Seen is written after this system"));
    }

    private sealed class ThrowsOnTick(long badTick) : GameSystem<Count>
    {
        public override SystemStage Stage => SystemStage.Market;
        protected override Count Initial => new(0);
        protected override Count Update(TickContext tick, Count mine) =>
            tick.Tick == badTick ? throw new InvalidOperationException("boom") : new(tick.Tick * 10);
    }

    [Fact]
    public void AFailingSystemKeepsItsLastPartAndTheLoopGoesOn()
    {
        var log = new TestLog();
        using var engine = new TickEngine([new ThrowsOnTick(3)], new EngineOptions(), log);
        engine.Run(maxTicks: 3);
        Assert.Equal(20, engine.Latest.Get<Count>().Value); // tick 3 failed: tick 2's part stays
        engine.Run(maxTicks: 1);
        Assert.Equal(40, engine.Latest.Get<Count>().Value);
        Assert.Contains(log.Errors, e => e.Contains("tick 3: system ThrowsOnTick failed") && e.Contains("boom"));
    }

    [Fact]
    public void TwoEnginesOfOneSeedDoNotShareState()
    {
        using var a = new TickEngine([new Counter()], new EngineOptions());
        using var b = new TickEngine([new Counter()], new EngineOptions());
        a.Run(maxTicks: 4);
        b.Run(maxTicks: 1);
        Assert.Equal(4, a.Latest.Get<Count>().Value);
        Assert.Equal(1, b.Latest.Get<Count>().Value);
    }

    [Fact]
    public void TwoSystemsCannotWriteOnePart()
    {
        var e = Assert.Throws<ArgumentException>(() => new TickEngine([new Counter(), new ThrowsOnTick(1)], new EngineOptions()));
        Assert.Contains("both write part Count", e.Message);
    }

    [Fact]
    public void DerivedSeedsDependOnSeedAndNameOnly()
    {
        Assert.Equal(Seeds.Derive(7, "market"), Seeds.Derive(7, "market"));
        Assert.NotEqual(Seeds.Derive(7, "market"), Seeds.Derive(8, "market"));
        Assert.NotEqual(Seeds.Derive(7, "market"), Seeds.Derive(7, "training"));
    }
}

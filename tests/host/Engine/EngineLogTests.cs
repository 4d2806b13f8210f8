using AlphaHost.Host.Engine;
using AlphaHost.Host.Panel;

namespace AlphaHost.Host.Tests.Engine;

/// <summary>
/// The main job gives the engine its RecentLog as the logger: a failing system reaches the cockpit's
/// error box (RecentLog.Problems, the status topic's recent_errors) and, echoed, the run log.
/// </summary>
public class EngineLogTests
{
    private sealed record Count(long Value);

    private sealed class FailsAtTick3 : GameSystem<Count>
    {
        public override SystemStage Stage => SystemStage.Scoring;
        protected override Count Initial => new(0);
        protected override Count Update(TickContext tick, Count mine) =>
            tick.Tick == 3 ? throw new InvalidOperationException("model shape mismatch") : new(tick.Tick);
    }

    [Fact]
    public void AFailingSystemLandsInRecentLogProblemsAndTheRunLog()
    {
        var runLog = new StringWriter();
        var recent = new RecentLog(echo: runLog); // as MainJob builds it in plain mode
        using (var engine = new TickEngine([new FailsAtTick3()], new EngineOptions(), recent))
            engine.Run(maxTicks: 5);

        var problem = Assert.Single(recent.Problems());
        Assert.Equal("error: tick 3: system FailsAtTick3 failed; its part stays as of tick 2 (model shape mismatch)", problem);
        Assert.Contains(problem, recent.Lines());
        Assert.Contains(problem, runLog.ToString());
    }
}

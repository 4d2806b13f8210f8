using AlphaHost.Host.Panel;
using AlphaHost.Host.Bus;
using AlphaHost.Host.Engine;
using AlphaHost.Host.Research;
using AlphaHost.Host.Run;
using AlphaHost.Host.Market.Replay;
using static AlphaHost.Host.Tests.Bus.BusTestKit;

namespace AlphaHost.Host.Tests.Bus;

/// <summary>Ticks on the bus are the engine's, 1-based: the first signal of a run carries tick 1.</summary>
[Collection("torch")]
public class TickNumberingTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("alphahost-ticks-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    /// <summary>Scores every stock of today's bar (stands in for a fitted model).</summary>
    private sealed class EveryStockScored(ResearchPanel panel) : GameSystem<ScoresPart>
    {
        public override SystemStage Stage => SystemStage.Scoring;
        protected override ScoresPart Initial => new(-1, []);
        protected override ScoresPart Update(TickContext tick, ScoresPart mine) =>
            new(tick.Now<MarketPart>().Day, [new ModelScores("stub", 1, ModelRole.Champion, Enumerable.Range(0, panel.Stocks).Select(s => (double)s).ToArray())]);
    }

    [Fact]
    public void TheFirstPublishedSignalHasTickOne()
    {
        var path = TestMarkets.Equities(Path.Combine(dir, "market.db"), stocks: 10, days: 35, seed: 4);
        using var panel = ResearchPanel.Load(path);
        using var source = new SqliteMarketSource(path);
        using var publisher = new SignalPublisher(new PublisherOptions { Endpoint = Loopback });
        using var sub = Subscribe(publisher.Endpoint, "signal.");
        WaitUntil(() => publisher.Stats.Subscriptions == 1, "the subscription");
        using var engine = new TickEngine([new MarketSystem(source, panel), new EveryStockScored(panel), new PublishingSystem(publisher, panel)],
            new EngineOptions(), new TestLog());
        Assert.Equal(0, engine.Latest.Tick); // before the first tick

        engine.Run(maxTicks: 2);

        var first = NextAs<Signal>(sub).Message;
        var second = NextAs<Signal>(sub).Message;
        Assert.Equal((1L, $"{panel.Dates[0]:yyyy-MM-dd}"), (first.Tick, first.TradingDate));
        Assert.Equal(2L, second.Tick);
        Assert.Equal(2, engine.Latest.Tick);
    }
}

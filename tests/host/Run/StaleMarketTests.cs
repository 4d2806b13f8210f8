using AlphaHost.Host.Engine;
using AlphaHost.Host.Research;
using AlphaHost.Host.Run;
using AlphaHost.Host.Trading;
using AlphaHost.Host.Market.Replay;
using AlphaHost.Plugins.Portfolio;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Host.Tests.Run;

/// <summary>A failed market read is "no bar today" for the main job's systems, never yesterday's bar again.</summary>
[Collection("torch")]
public class StaleMarketTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("alphahost-stale-market-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    /// <summary>The replayed market, except that one read fails (before it consumes a bar).</summary>
    private sealed class FailsOnce(IMarketSource inner, int failingCall) : IMarketSource
    {
        private int calls;
        public PluginInfo Info => inner.Info;
        public IReadOnlyList<DateOnly> Calendar => inner.Calendar;
        public MarketBar? Next() => ++calls == failingCall ? throw new IOException("market feed down") : inner.Next();
    }

    [Fact]
    public void ThePortfolioDoesNotTradeYesterdaysBarAgainWhenTheMarketFails()
    {
        var path = TestMarkets.Equities(Path.Combine(dir, "market.db"), stocks: 20, days: 40, seed: 2);
        using var panel = ResearchPanel.Load(path);
        using var replay = new SqliteMarketSource(path);
        using var models = new LiveModels(5, panel.Dates, panel.Codes);
        using var session = PaperTradingSession.Open(Path.Combine(dir, "paper"), new TradingConfig { BenchmarkIndex = "benchmark" }, new BufferedTopN(5, 10));
        var log = new TestLog();
        using var engine = new TickEngine(
        [
            new MarketSystem(new FailsOnce(replay, failingCall: 4), panel),
            new ScoringSystem(panel, models, TimeSpan.FromSeconds(10), log),
            new PortfolioSystem(session, panel, 10_000_000m),
        ], new EngineOptions(), log);

        engine.Run(maxTicks: 10);

        Assert.Contains(log.Errors, e => e.Contains("tick 4: system MarketSystem failed") && e.Contains("market feed down"));
        // Ten ticks, one without a bar: nine traded days, each date once, in calendar order.
        Assert.Equal(9, session.Tick);
        var traded = engine.Latest.Get<PortfolioPart>().Series.Select(m => m.Date).ToList();
        Assert.Equal(panel.Dates.Take(9), traded);
        Assert.DoesNotContain(log.Errors, e => !e.Contains("tick 4: system MarketSystem failed"));
    }
}

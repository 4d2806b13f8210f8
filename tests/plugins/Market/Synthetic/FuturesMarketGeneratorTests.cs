using AlphaHost.Sdk.Statistics;
using AlphaHost.Host.Market;
using AlphaHost.Host.Market.Store;
using AlphaHost.Plugins.Market.Synthetic;
using AlphaHost.Host.Tests.Market.Support;
using AlphaHost.Plugins.Market.Tests.Support;

namespace AlphaHost.Plugins.Market.Tests.Synthetic;

public class FuturesMarketGeneratorTests
{
    [Fact]
    public void SectorsMoveTogetherMoreThanAcrossSectors()
    {
        using var dir = new TempDirectory();
        using var db = MarketDatabase.Create(dir.File("futures.db"));
        var report = MarketGeneration.Generate(new FuturesMarketGenerator(new FuturesMarketConfig { Days = 400, Seed = 5 }), db);
        Assert.Equal(45, report.Instruments);
        Assert.Equal(6, Rows.Query(db, "SELECT DISTINCT board FROM instruments").Count);

        var sector = Rows.Query(db, "SELECT id, industry FROM instruments").ToDictionary(r => r.L("id"), r => r.L("industry"));
        var closes = Rows.Query(db, "SELECT instrument, close FROM bars ORDER BY instrument, date")
            .GroupBy(r => r.L("instrument")).ToDictionary(g => g.Key, g => g.Select(r => r.D("close")).ToArray());
        var returns = closes.ToDictionary(kv => kv.Key, kv => kv.Value.Skip(1).Select((c, k) => Math.Log(c / kv.Value[k])).ToArray());
        var within = new List<double>();
        var across = new List<double>();
        var ids = returns.Keys.Order().ToArray();
        for (int a = 0; a < ids.Length; a++)
            for (int b = a + 1; b < ids.Length; b++)
                (sector[ids[a]] == sector[ids[b]] ? within : across).Add(RankCorrelation.Pearson(returns[ids[a]], returns[ids[b]]));
        Assert.True(within.Average() > 0.5, $"within-sector correlation {within.Average():F2}");
        Assert.True(within.Average() > across.Average() + 0.3, $"within {within.Average():F2} vs across {across.Average():F2}");
    }

    [Fact]
    public void BarsHaveOpenInterestAndLieOnEachContractsTick()
    {
        using var dir = new TempDirectory();
        using var db = MarketDatabase.Create(dir.File("futures.db"));
        MarketGeneration.Generate(new FuturesMarketGenerator(new FuturesMarketConfig { Days = 50, Seed = 2 }), db);
        var tick = FuturesContracts.All.ToDictionary(c => c.Code, c => c.Tick);
        var rows = Rows.Query(db, "SELECT i.code, b.* FROM bars b JOIN instruments i ON i.id = b.instrument");
        Assert.Equal(45 * 50, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.True(r.D("open_interest") > 0);
            Assert.True(r.D("volume") > 0);
            Assert.InRange(r.D("close"), r.D("low"), r.D("high"));
            Assert.InRange(r.D("close"), r.D("down_limit"), r.D("up_limit"));
            double t = tick[(string)r["code"]!];
            foreach (var c in new[] { "open", "high", "low", "close" })
                Assert.Equal(Math.Round(r.D(c) / t), r.D(c) / t, 6);
        });
    }
}

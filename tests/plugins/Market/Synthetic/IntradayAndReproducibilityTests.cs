using AlphaHost.Host.Market;
using AlphaHost.Host.Market.Store;
using AlphaHost.Plugins.Market.Synthetic;
using AlphaHost.Host.Tests.Market.Support;
using AlphaHost.Plugins.Market.Tests.Support;

namespace AlphaHost.Plugins.Market.Tests.Synthetic;

public class IntradayAndReproducibilityTests(IntradayEquityMarket market) : IClassFixture<IntradayEquityMarket>
{
    [Fact]
    public void IntradayBarsAgreeWithTheDailyBar()
    {
        var days = Rows.Query(market.Db, "SELECT date, instrument, open, high, low, close, volume, amount, vwap FROM bars WHERE tradable = 1");
        var bars = Rows.Query(market.Db, "SELECT * FROM intraday_bars ORDER BY date, instrument, bar")
            .GroupBy(r => (r.L("date"), r.L("instrument"))).ToDictionary(g => g.Key, g => g.ToList());
        Assert.NotEmpty(days);
        foreach (var d in days)
        {
            var day = bars[(d.L("date"), d.L("instrument"))];
            Assert.Equal(Enumerable.Range(0, 8).Select(k => (long)k), day.Select(b => b.L("bar")));
            Assert.Equal(d.D("open"), day[0].D("open"));
            Assert.Equal(d.D("close"), day[^1].D("close"));
            Assert.Equal(d.D("high"), day.Max(b => b.D("high")));
            Assert.Equal(d.D("low"), day.Min(b => b.D("low")));
            Assert.Equal(d.D("volume"), day.Sum(b => b.D("volume")));
            Assert.Equal(d.D("amount"), day.Sum(b => b.D("amount")), 6);
            Assert.Equal(d.D("amount") / d.D("volume"), d.D("vwap"), 9);
            for (int k = 0; k < day.Count; k++)
            {
                var b = day[k];
                Assert.InRange(b.D("open"), b.D("low"), b.D("high"));
                Assert.InRange(b.D("close"), b.D("low"), b.D("high"));
                Assert.InRange(b.D("vwap"), b.D("low"), b.D("high"));
                if (k > 0) Assert.Equal(day[k - 1].D("close"), b.D("open")); // bars chain
            }
        }
        // Suspended days have no intraday bars.
        Assert.Equal(0L, market.Db.Scalar("SELECT COUNT(*) FROM intraday_bars i JOIN bars b USING(date, instrument) WHERE b.tradable = 0"));
    }

    [Fact]
    public void SameSeedGivesIdenticalContentAndAnotherSeedDoesNot()
    {
        using var dir = new TempDirectory();
        string Generate(string name, long seed)
        {
            using var db = MarketDatabase.Create(dir.File(name));
            MarketGeneration.Generate(new EquityMarketGenerator(market.Config with { Seed = seed }), db);
            return DbDigest.Of(db);
        }
        Assert.Equal(DbDigest.Of(market.Db), Generate("again.db", market.Config.Seed));
        Assert.NotEqual(DbDigest.Of(market.Db), Generate("other.db", market.Config.Seed + 1));
    }

    [Fact]
    public void SameSeedGivesAByteIdenticalFile()
    {
        using var dir = new TempDirectory();
        byte[] Generate(string name)
        {
            var path = dir.File(name);
            using (var db = MarketDatabase.Create(path))
            {
                MarketGeneration.Generate(new EquityMarketGenerator(market.Config with { Stocks = 20, Days = 40 }), db);
                db.Checkpoint();
            }
            return File.ReadAllBytes(path);
        }
        Assert.Equal(Generate("a.db"), Generate("b.db"));
    }

    [Fact]
    public void RefusesToOverwriteAnExistingMarket()
    {
        using var dir = new TempDirectory();
        var path = dir.File("exists.db");
        File.WriteAllText(path, "keep me");
        var e = Assert.Throws<IOException>(() => MarketDatabase.Create(path));
        Assert.Contains(path, e.Message);
        Assert.Equal("keep me", File.ReadAllText(path));
    }

    [Theory]
    [InlineData(1, 100, "stocks")]
    [InlineData(10, 0, "days")]
    public void BadConfigNamesTheKey(int stocks, int days, string key)
    {
        var e = Assert.Throws<ArgumentException>(() => new EquityMarketGenerator(new EquityMarketConfig { Stocks = stocks, Days = days }));
        Assert.StartsWith(key + " = ", e.Message);
    }
}

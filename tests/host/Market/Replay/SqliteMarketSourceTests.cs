using AlphaHost.Host.Market.Replay;
using AlphaHost.Host.Tests.Market.Support;

namespace AlphaHost.Host.Tests.Market.Replay;

public class SqliteMarketSourceTests(IntradayEquityMarket market) : IClassFixture<IntradayEquityMarket>
{
    [Fact]
    public void ReplaysEveryDailyBarInOrder()
    {
        using var source = new SqliteMarketSource(market.Db);
        var rows = Rows.Query(market.Db, "SELECT b.date, i.code, b.close, b.tradable FROM bars b JOIN instruments i ON i.id = b.instrument")
            .ToDictionary(r => (r.L("date"), (string)r["code"]!));
        int days = 0;
        for (var bar = source.Next(); bar is not null; bar = source.Next(), days++)
        {
            long key = bar.Date.Year * 10000 + bar.Date.Month * 100 + bar.Date.Day;
            Assert.Equal(source.Calendar[days], bar.Date);
            Assert.Equal(0, bar.BarOfDay);
            Assert.Equal(rows.Keys.Count(k => k.Item1 == key), bar.Count);
            for (int k = 0; k < bar.Count; k++)
            {
                var row = rows[(key, bar.Codes[k])];
                Assert.Equal(row.D("close"), bar.Close[k]);
                Assert.Equal(row.L("tradable") == 1, bar.Tradable[k]);
            }
            Assert.True(bar.IndexClose.ContainsKey("benchmark"));
        }
        Assert.Equal(market.Days, days);
        Assert.Null(source.Next());
    }

    [Fact]
    public void IntradayReplayEndsEachDayOnTheDailyClose()
    {
        using var source = new SqliteMarketSource(market.Db, intraday: true);
        var daily = Rows.Query(market.Db, "SELECT b.date, i.code, b.close, b.volume FROM bars b JOIN instruments i ON i.id = b.instrument")
            .ToDictionary(r => (r.L("date"), (string)r["code"]!));
        int ticks = 0;
        var volumeSoFar = new Dictionary<string, double>();
        for (var bar = source.Next(); bar is not null; bar = source.Next(), ticks++)
        {
            Assert.Equal(ticks % 8, bar.BarOfDay);
            if (bar.BarOfDay == 0) volumeSoFar.Clear();
            long key = bar.Date.Year * 10000 + bar.Date.Month * 100 + bar.Date.Day;
            for (int k = 0; k < bar.Count; k++)
            {
                volumeSoFar[bar.Codes[k]] = volumeSoFar.GetValueOrDefault(bar.Codes[k]) + bar.Volume[k];
                if (bar.BarOfDay != 7) continue;
                Assert.Equal(daily[(key, bar.Codes[k])].D("close"), bar.Close[k]);
                Assert.Equal(daily[(key, bar.Codes[k])].D("volume"), volumeSoFar[bar.Codes[k]]);
            }
        }
        Assert.Equal(market.Days * 8, ticks);
    }
}

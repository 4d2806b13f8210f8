using AlphaHost.Host.Market;
using AlphaHost.Host.Market.Store;
using AlphaHost.Sdk.Data;
using AlphaHost.Plugins.Market.Synthetic;
using AlphaHost.Host.Tests.Market.Support;
using AlphaHost.Plugins.Market.Tests.Support;

namespace AlphaHost.Plugins.Market.Tests.Synthetic;

/// <summary>The note's futures universe in a generated market (the rule itself: tests/sdk/Data/FuturesUniverseRuleTests.cs).</summary>
public class FuturesUniverseTests
{
    [Fact]
    public void TheGeneratorStaggersListingsAndMarksOutOfUniverseBarsUntradable()
    {
        using var dir = new TempDirectory();
        using var db = MarketDatabase.Create(dir.File("futures.db"));
        var rule = new FuturesUniverseRule { MinHistoryDays = 30, OpenInterestWindow = 20, MinOpenInterest = 150_000 };
        MarketGeneration.Generate(new FuturesMarketGenerator(new FuturesMarketConfig { Contracts = 12, Days = 120, Seed = 4, ListingSpreadDays = 60, MinHistoryDays = rule.MinHistoryDays, OpenInterestWindow = rule.OpenInterestWindow, MinOpenInterest = rule.MinOpenInterest }), db);

        var dates = Rows.Query(db, "SELECT date FROM calendar ORDER BY date").Select(r => r.L("date")).ToArray();
        var instruments = Rows.Query(db, "SELECT id, list_date FROM instruments ORDER BY id");
        Assert.Contains(instruments, r => r.L("list_date") > dates[0]);                 // some list late
        var oi = new double[dates.Length, instruments.Count];
        var tradable = new bool?[dates.Length, instruments.Count];
        for (int d = 0; d < dates.Length; d++)
            for (int a = 0; a < instruments.Count; a++) oi[d, a] = double.NaN;
        var day = dates.Select((date, i) => (date, i)).ToDictionary(x => x.date, x => x.i);
        foreach (var bar in Rows.Query(db, "SELECT date, instrument, open_interest, tradable FROM bars"))
        {
            int d = day[bar.L("date")], a = (int)bar.L("instrument") - 1;
            oi[d, a] = bar.D("open_interest");
            tradable[d, a] = bar.L("tradable") == 1;
        }
        var expected = rule.Members(oi);
        int members = 0, outside = 0;
        for (int a = 0; a < instruments.Count; a++)
        {
            int listing = day[instruments[a].L("list_date")];
            for (int d = 0; d < dates.Length; d++)
            {
                Assert.Equal(d >= listing, tradable[d, a].HasValue);                    // bars from the listing day on
                if (tradable[d, a] is not { } isTradable) continue;
                Assert.Equal(expected[d, a], isTradable);
                if (isTradable) members++; else outside++;
                if (d - listing + 1 < rule.MinHistoryDays) Assert.False(isTradable);
            }
        }
        Assert.True(members > 0 && outside > 0, $"{members} member bars, {outside} outside");
    }
}

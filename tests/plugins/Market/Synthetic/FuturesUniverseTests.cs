using AlphaHost.Host.Market;
using AlphaHost.Host.Market.Store;
using AlphaHost.Sdk.Data;
using AlphaHost.Plugins.Market.Synthetic;
using AlphaHost.Host.Tests.Market.Support;
using AlphaHost.Plugins.Market.Tests.Support;

namespace AlphaHost.Plugins.Market.Tests.Synthetic;

/// <summary>The note's futures universe: enough history and enough average open interest, known at each day's close.</summary>
public class FuturesUniverseTests
{
    [Fact]
    public void MembershipNeedsHistoryAndAverageOpenInterestOverTheWindow()
    {
        var rule = new FuturesUniverseRule { MinHistoryDays = 4, OpenInterestWindow = 3, MinOpenInterest = 10 };
        double nan = double.NaN;
        // Asset 0 lists on day 2; asset 1 trades from day 0 with a one-day gap on day 3.
        double[] oi0 = [nan, nan, 5, 20, 20, 20, 1, 1];
        double[] oi1 = [50, 50, 50, nan, 50, 50, 50, 50];
        var oi = new double[8, 2];
        for (int d = 0; d < 8; d++) { oi[d, 0] = oi0[d]; oi[d, 1] = oi1[d]; }
        var members = rule.Members(oi);
        // Asset 0: 4th bar on day 5, mean of (20, 20, 20) = 20 → in; day 6 (20, 20, 1) = 13.7 → in; day 7 (20, 1, 1) = 7.3 → out.
        Assert.Equal(new[] { false, false, false, false, false, true, true, false }, Enumerable.Range(0, 8).Select(d => members[d, 0]));
        // Asset 1: its 4th bar is on day 4 (no bar on day 3, which is never a member).
        Assert.Equal(new[] { false, false, false, false, true, true, true, true }, Enumerable.Range(0, 8).Select(d => members[d, 1]));
    }

    [Fact]
    public void MembershipOnADayIgnoresEveryLaterDay()
    {
        var rule = new FuturesUniverseRule { MinHistoryDays = 3, OpenInterestWindow = 5, MinOpenInterest = 100 };
        var rng = new Random(3);
        var oi = new double[40, 4];
        for (int d = 0; d < 40; d++)
            for (int a = 0; a < 4; a++) oi[d, a] = 50 + 100 * rng.NextDouble();
        var before = rule.Members(oi);
        for (int d = 21; d < 40; d++)
            for (int a = 0; a < 4; a++) oi[d, a] = rng.Next(2) == 0 ? double.NaN : 1e6 * rng.NextDouble();
        var after = rule.Members(oi);
        for (int d = 0; d <= 20; d++)
            for (int a = 0; a < 4; a++) Assert.Equal(before[d, a], after[d, a]);
    }

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

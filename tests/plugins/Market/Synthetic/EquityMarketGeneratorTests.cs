using AlphaHost.Sdk.Data;
using AlphaHost.Host.Market.Evaluation;
using AlphaHost.Host.Market;
using AlphaHost.Host.Market.Store;
using AlphaHost.Plugins.Market.Synthetic;
using AlphaHost.Host.Tests.Market.Support;
using AlphaHost.Plugins.Market.Tests.Support;

namespace AlphaHost.Plugins.Market.Tests.Synthetic;

public class EquityMarketGeneratorTests(DailyEquityMarket market) : IClassFixture<DailyEquityMarket>
{
    private readonly MarketDatabase _db = market.Db;

    [Fact]
    public void CalendarHasTheRequestedTradingDaysOnly()
    {
        var dates = Rows.Query(_db, "SELECT date FROM calendar ORDER BY date").Select(r => TradingCalendar.FromKey((int)r.L("date"))).ToList();
        Assert.Equal(market.Config.Days, dates.Count);
        Assert.All(dates, d =>
        {
            Assert.NotEqual(DayOfWeek.Saturday, d.DayOfWeek);
            Assert.NotEqual(DayOfWeek.Sunday, d.DayOfWeek);
            Assert.False(d is { Month: 1, Day: 1 } or { Month: 5, Day: <= 3 } or { Month: 10, Day: <= 7 }, $"{d} is a holiday");
        });
        Assert.Equal(new DateOnly(2018, 1, 2), dates[0]);
    }

    [Fact]
    public void PricesAreOnTheCentTickAndInsideTheDailyRange()
    {
        var rows = Rows.Query(_db, "SELECT open, high, low, close, vwap FROM bars WHERE tradable = 1");
        Assert.All(rows, r =>
        {
            foreach (var c in new[] { "open", "high", "low", "close" })
                Assert.Equal(Math.Round(r.D(c) * 100), r.D(c) * 100, 6);
            Assert.InRange(r.D("open"), r.D("low"), r.D("high"));
            Assert.InRange(r.D("close"), r.D("low"), r.D("high"));
            Assert.InRange(r.D("vwap"), r.D("low") - 1e-9, r.D("high") + 1e-9);
        });
    }

    [Fact]
    public void DailyLimitsFollowTheBoardRule()
    {
        // Limit = previous close moved to the ex-dividend reference (prev close × prev adj / adj), × (1 ± 10%)
        // or ±20% on the growth board, rounded half up to the cent; flags mean the close sits on a limit.
        var rows = Rows.Query(_db, """
            SELECT b.date, b.instrument, b.close, b.high, b.low, b.adj_factor, b.up_limit, b.down_limit,
                   b.limit_up, b.limit_down, b.tradable, i.board
            FROM bars b JOIN instruments i ON i.id = b.instrument ORDER BY b.instrument, b.date
            """);
        int checkedRows = 0, upHits = 0;
        for (int k = 1; k < rows.Count; k++)
        {
            var (prev, r) = (rows[k - 1], rows[k]);
            if (prev.L("instrument") != r.L("instrument")) continue;
            double limit = (string)r["board"]! == "growth" ? 0.20 : 0.10;
            decimal reference = (decimal)(prev.D("close") * prev.D("adj_factor") / r.D("adj_factor"));
            decimal up = Math.Round(reference * (1 + (decimal)limit), 2, MidpointRounding.AwayFromZero);
            decimal down = Math.Round(reference * (1 - (decimal)limit), 2, MidpointRounding.AwayFromZero);
            Assert.Equal((double)up, r.D("up_limit"));
            Assert.Equal((double)down, r.D("down_limit"));
            if (r.L("tradable") == 0) continue;
            Assert.InRange(r.D("high"), 0, r.D("up_limit"));
            Assert.InRange(r.D("low"), r.D("down_limit"), double.MaxValue);
            Assert.Equal(r.D("close") == r.D("up_limit"), r.L("limit_up") == 1);
            Assert.Equal(r.D("close") == r.D("down_limit"), r.L("limit_down") == 1);
            upHits += (int)r.L("limit_up");
            checkedRows++;
        }
        Assert.True(checkedRows > 100_000);
        Assert.True(upHits > 0, "a realistic market hits the upper limit sometimes");
    }

    [Fact]
    public void NoStockTradesWhileSuspended()
    {
        var rows = Rows.Query(_db, "SELECT instrument, tradable, open, high, low, close, volume, amount, turnover FROM bars ORDER BY instrument, date");
        int suspended = 0;
        for (int k = 1; k < rows.Count; k++)
        {
            var (prev, r) = (rows[k - 1], rows[k]);
            if (r.L("tradable") == 1 || prev.L("instrument") != r.L("instrument")) continue;
            suspended++;
            Assert.Equal(0, r.D("volume"));
            Assert.Equal(0, r.D("amount"));
            Assert.Equal(0, r.D("turnover"));
            Assert.Equal(prev.D("close"), r.D("close")); // no dividend is paid while suspended
            Assert.Equal(r.D("close"), r.D("open"));
            Assert.Equal(r.D("close"), r.D("high"));
            Assert.Equal(r.D("close"), r.D("low"));
        }
        Assert.True(suspended > 50, $"expected suspensions in the market, found {suspended}");
        Assert.Equal(0L, _db.Scalar("SELECT COUNT(*) FROM planted_alpha a JOIN bars b USING(date, instrument) WHERE b.tradable = 0"));
    }

    [Fact]
    public void StocksListAndDelistMidHistory()
    {
        var first = _db.Scalar("SELECT MIN(date) FROM calendar");
        var instruments = Rows.Query(_db, "SELECT id, list_date, delist_date FROM instruments");
        Assert.Contains(instruments, r => r.L("list_date") > (long)first!);
        Assert.Contains(instruments, r => r["delist_date"] is not null);
        var outside = _db.Scalar("""
            SELECT COUNT(*) FROM bars b JOIN instruments i ON i.id = b.instrument
            WHERE b.date < i.list_date OR (i.delist_date IS NOT NULL AND b.date >= i.delist_date)
            """);
        Assert.Equal(0L, outside);
        // Every listed day has exactly one row per instrument: rows = Σ listed days.
        var expected = _db.Scalar("""
            SELECT SUM((SELECT COUNT(*) FROM calendar c WHERE c.date >= i.list_date AND (i.delist_date IS NULL OR c.date < i.delist_date)))
            FROM instruments i
            """);
        Assert.Equal(expected, _db.Scalar("SELECT COUNT(*) FROM bars"));
    }

    [Fact]
    public void BenchmarkIndexIsTheCapWeightedTotalReturn()
    {
        var levels = Rows.Query(_db, "SELECT date, close FROM index_bars WHERE name = 'benchmark' ORDER BY date");
        var bars = Rows.Query(_db, "SELECT date, instrument, close, adj_factor, market_cap FROM bars ORDER BY date, instrument");
        var byDay = bars.GroupBy(r => r.L("date")).ToDictionary(g => g.Key, g => g.ToDictionary(r => r.L("instrument")));
        for (int k = 1; k < 40; k++)
        {
            var yesterday = byDay[levels[k - 1].L("date")];
            var today = byDay[levels[k].L("date")];
            double weight = 0, weighted = 0;
            foreach (var (id, y) in yesterday)
            {
                if (!today.TryGetValue(id, out var t)) continue;
                double ret = t.D("close") * t.D("adj_factor") / (y.D("close") * y.D("adj_factor")) - 1;
                weight += y.D("market_cap");
                weighted += y.D("market_cap") * ret;
            }
            Assert.Equal(levels[k - 1].D("close") * (1 + weighted / weight), levels[k].D("close"), 9);
        }
        Assert.Equal(2, Rows.Query(_db, "SELECT DISTINCT name FROM index_bars").Count);
    }

    [Fact]
    public void IndexWeightsSumToOneEachDay()
    {
        var sums = Rows.Query(_db, "SELECT SUM(index_weight) AS s FROM bars GROUP BY date");
        Assert.All(sums, r => Assert.Equal(1.0, r.D("s"), 9));
    }

    [Fact]
    public void OracleRankIcMeasuredOnTheStoredMarketMatchesTheGeneratorsReport()
    {
        var measured = OracleRankIc.Measure(_db, market.Config.AlphaHorizon);
        Assert.Equal(market.Report.OracleRankIc, measured.Mean, 12);
        Assert.Equal(market.Report.OracleRankIc, double.Parse(_db.GetMeta("oracle_rank_ic")!), 15);
        Assert.Equal(NaiveOracleRankIc(_db, market.Config.AlphaHorizon), measured.Mean, 10);
    }

    [Fact]
    public void DefaultStrengthGivesAnOracleRankIcNearTenPercent() =>
        Assert.InRange(market.Report.OracleRankIc, 0.07, 0.13);

    [Fact]
    public void WithoutPlantedAlphaTheScoreHasNoPower()
    {
        using var dir = new TempDirectory();
        using var db = MarketDatabase.Create(dir.File("none.db"));
        var report = MarketGeneration.Generate(new EquityMarketGenerator(market.Config with { Stocks = 200, Days = 300, AlphaStrength = 0 }), db);
        Assert.InRange(report.OracleRankIc, -0.03, 0.03);
    }

    /// <summary>
    /// The oracle written out from its definition, independent of the plugin's code: per day, pair
    /// each scored stock with its adjusted close H trading days later, rank both sides with
    /// average ranks by counting, correlate, and average over days.
    /// </summary>
    private static double NaiveOracleRankIc(MarketDatabase db, int horizon)
    {
        var dates = Rows.Query(db, "SELECT date FROM calendar ORDER BY date").Select(r => r.L("date")).ToList();
        var close = Rows.Query(db, "SELECT date, instrument, close * adj_factor AS c FROM bars")
            .ToDictionary(r => (r.L("date"), r.L("instrument")), r => r.D("c"));
        var scores = Rows.Query(db, "SELECT date, instrument, score FROM planted_alpha").GroupBy(r => r.L("date"));
        var daily = new List<double>();
        foreach (var day in scores.OrderBy(g => g.Key))
        {
            int t = dates.IndexOf(day.Key);
            if (t + horizon >= dates.Count) continue;
            var pairs = day.Where(r => close.ContainsKey((dates[t + horizon], r.L("instrument"))))
                .Select(r => (s: r.D("score"), f: close[(dates[t + horizon], r.L("instrument"))] / close[(day.Key, r.L("instrument"))] - 1))
                .ToList();
            if (pairs.Count < 2) continue;
            var rs = NaiveRanks(pairs.Select(p => p.s).ToList());
            var rf = NaiveRanks(pairs.Select(p => p.f).ToList());
            double ms = rs.Average(), mf = rf.Average();
            double sxy = rs.Zip(rf, (a, b) => (a - ms) * (b - mf)).Sum();
            double sxx = rs.Sum(a => (a - ms) * (a - ms)), syy = rf.Sum(b => (b - mf) * (b - mf));
            if (sxx == 0 || syy == 0) continue;
            daily.Add(sxy / Math.Sqrt(sxx * syy));
        }
        return daily.Average();
    }

    private static List<double> NaiveRanks(List<double> v) =>
        v.Select(x => v.Count(y => y < x) + (v.Count(y => y == x) + 1) / 2.0).ToList();
}

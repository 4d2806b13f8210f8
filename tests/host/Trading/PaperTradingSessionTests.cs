using AlphaHost.Sdk.Plugins;
using AlphaHost.Host.Trading;
using Microsoft.Data.Sqlite;
using static AlphaHost.Host.Tests.Trading.Scenario;

namespace AlphaHost.Host.Tests.Trading;

public class PaperTradingSessionTests
{
    // Day 0 decides; A fills at day 1's open (not day 0's); day 2 marks; day 3 A is delisted.
    private static readonly MarketBar[] Market =
    [
        Bar(0, new Row("A", 9.0, 10.0), new Row("B", 20, 20)),
        Bar(1, new Row("A", 10.5, 11.0), new Row("B", 20, 21)),
        Bar(2, new Row("A", 11.0, 8.5), new Row("B", 21, 22)),
        Bar(3, new Row("B", 22, 22)),
    ];

    private static ScoreVector ScoresFor(MarketBar bar) => Scores(bar, ("A", 1.0), ("B", 0.0));

    [Fact]
    public void OrdersDecidedAtTFillAtTheNextOpenAndDelistingSettlesAtTheLastClose()
    {
        var dir = TempDir();
        var config = Frictionless() with { CommissionRate = 0.00025m, MinCommission = 5m };
        var builder = new FixedWeights(new() { ["A"] = 0.5 });
        using var s = PaperTradingSession.Open(dir, config, builder);
        s.Step(Market[0], ScoresFor(Market[0]));
        Assert.Equal(1_000_000m, s.Book.Cash); // nothing fills on the deciding bar
        // target 0.5 × 1,000,000 / close 10 = 50,000 shares
        Assert.Equal(50_000, Assert.Single(s.Book.OpenOrders).Quantity);

        s.Step(Market[1], null); // no scores: hold
        // 50,000 × 10.5 = 525,000; commission 131.25
        Assert.Equal(1_000_000m - 525_000m - 131.25m, s.Book.Cash);
        s.Step(Market[2], null);
        s.Step(Market[3], null); // A gone: paid 50,000 × 8.5
        Assert.Equal(1_000_000m - 525_000m - 131.25m + 425_000m, s.Book.Cash);
        Assert.Empty(s.Book.Positions);

        var r = s.Finish();
        Assert.Equal([1_000_000m, 1_000_000m - 131.25m + 25_000m, 1_000_000m - 131.25m - 100_000m, 1_000_000m - 131.25m - 100_000m],
            r.Series.Select(p => p.Nav));
        Assert.Equal(1, r.Fills); // the delisting payout is not a trade
        Assert.Equal(131.25m, r.CostsPaid);
        // One-way turnover on day 1: 525,000 / (2 × NAV 1,024,868.75)
        Assert.Equal(525_000 / (2 * 1_024_868.75), r.Series[1].Turnover, 12);
        Assert.Equal(r.Series[2].NavIndex / r.Series[1].NavIndex - 1, r.MaxDrawdown, 12);
    }

    [Fact]
    public void BenchmarkAndExcessNavFollowTheIndex()
    {
        var dir = TempDir();
        var bars = new[]
        {
            BarAt(Day0, 0, [new Row("A", 10, 10)], indexLevel: 1000),
            BarAt(Day0.AddDays(1), 0, [new Row("A", 10, 10)], indexLevel: 1100),
            BarAt(Day0.AddDays(2), 0, [new Row("A", 10, 10)], indexLevel: 990),
        };
        var r = PaperTradingSession.Run(dir, Frictionless() with { BenchmarkIndex = "IDX" }, new FixedWeights(new()),
            bars.Select(b => (b, (Func<ScoreVector?>)(() => null))));
        Assert.Equal([1.0, 1.1, 0.99], r.Series.Select(p => Math.Round(p.Benchmark, 12)));
        Assert.Equal(1 / 0.99, r.Series[2].ExcessNav, 12);
        Assert.Equal(-0.01, r.BenchmarkReturn, 12);
    }

    [Fact]
    public void WithoutAnIndexTheBenchmarkIsTheIndexWeightedReturn()
    {
        var dir = TempDir();
        var bars = new[]
        {
            Bar(0, new Row("A", 10, 10, IndexWeight: 0.75), new Row("B", 10, 10, IndexWeight: 0.25)),
            Bar(1, new Row("A", 10, 11, IndexWeight: 0.5), new Row("B", 10, 8, IndexWeight: 0.5)),
            Bar(2, new Row("A", 10, 11, IndexWeight: 0.5), new Row("B", 10, 9, IndexWeight: 0.5)),
        };
        var r = PaperTradingSession.Run(dir, Frictionless(), new FixedWeights(new()),
            bars.Select(b => (b, (Func<ScoreVector?>)(() => null))));
        // day 1: 0.75 × 10% + 0.25 × (−20%) = 2.5%; day 2: 0.5 × 0 + 0.5 × 12.5% = 6.25%
        Assert.Equal(1.025, r.Series[1].Benchmark, 12);
        Assert.Equal(1.025 * 1.0625, r.Series[2].Benchmark, 12);
    }

    [Fact]
    public void CashAndPositionsReconcileWithFillsAfterEveryTick()
    {
        var dir = TempDir();
        var market = RandomMarket.Build(seed: 7, stocks: 12, ticks: 25);
        var builder = new FixedWeights(new() { ["S00"] = 0.2, ["S03"] = 0.2, ["S05"] = 0.2, ["S08"] = 0.2 });
        using var s = PaperTradingSession.Open(dir, new TradingConfig { InitialCash = 1_000_000m, Unfilled = UnfilledPolicy.Carry }, builder);
        using var check = new SqliteConnection($"Data Source={Path.Combine(dir, Ledger.FileName)};Pooling=False;Mode=ReadOnly");
        foreach (var (bar, scores) in market)
        {
            s.Step(bar, scores);
            using var ledger = Ledger.OpenExisting(s.LedgerPath)!;
            LedgerAudit.Verify(ledger);
            Assert.Equal(s.Tick, ledger.CommittedTicks);
            var cash = Money.Parse((string)ledger.Scalar($"SELECT cash FROM ticks WHERE tick = {s.Tick - 1}")!);
            Assert.Equal(s.Book.Cash, cash);
        }
        Assert.True(s.Results().Fills > 0);
    }

    [Fact]
    public void TamperedLedgerIsRefusedAtStartNamingTheTick()
    {
        var dir = TempDir();
        var market = RandomMarket.Build(seed: 3, stocks: 8, ticks: 6);
        var builder = new FixedWeights(new() { ["S01"] = 0.5 });
        using (var s = PaperTradingSession.Open(dir, Frictionless(), builder))
            foreach (var (bar, scores) in market) s.Step(bar, scores);
        using (var db = new SqliteConnection($"Data Source={Path.Combine(dir, Ledger.FileName)};Pooling=False"))
        {
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = "UPDATE fills SET quantity = quantity + 100 WHERE id = (SELECT min(id) FROM fills)";
            Assert.Equal(1, cmd.ExecuteNonQuery());
        }
        var ex = Assert.Throws<LedgerInconsistentException>(() => PaperTradingSession.Open(dir, Frictionless(), builder));
        Assert.Contains("tick 1", ex.Message);
        Assert.Contains(Ledger.FileName, ex.Message);
    }

    [Fact]
    public void ReopenedSessionResumesToTheSameLedgerAsAnUninterruptedRun()
    {
        var market = RandomMarket.Build(seed: 11, stocks: 15, ticks: 20);
        var config = new TradingConfig { InitialCash = 2_000_000m, Unfilled = UnfilledPolicy.Carry };
        var builder = new FixedWeights(new() { ["S02"] = 0.3, ["S07"] = 0.3, ["S11"] = 0.3 });

        var whole = TempDir();
        var expected = PaperTradingSession.Run(whole, config, builder, market.Select(m => (m.Bar, (Func<ScoreVector?>)(() => m.Scores))));

        var split = TempDir();
        using (var s = PaperTradingSession.Open(split, config, builder))
            foreach (var (bar, scores) in market.Take(9)) s.Step(bar, scores);
        int scored = 0;
        var resumed = PaperTradingSession.Run(split, config, builder,
            market.Select(m => (m.Bar, (Func<ScoreVector?>)(() => { scored++; return m.Scores; }))));

        Assert.Equal(11, scored); // committed ticks are replayed without asking for scores
        Assert.Equal(expected.FinalNav, resumed.FinalNav);
        Assert.Equal(LedgerDump.Of(whole), LedgerDump.Of(split));
    }

    [Fact]
    public void AFinishedRunIsLeftAloneUnlessFresh()
    {
        var market = RandomMarket.Build(seed: 5, stocks: 6, ticks: 5);
        var builder = new FixedWeights(new() { ["S01"] = 0.5 });
        var dir = TempDir();
        var ticks = market.Select(m => (m.Bar, (Func<ScoreVector?>)(() => m.Scores))).ToList();
        var first = PaperTradingSession.Run(dir, Frictionless(), builder, ticks);
        var before = LedgerDump.Of(dir);
        var again = PaperTradingSession.Run(dir, Frictionless(), builder, ticks.Take(2));
        Assert.Equal(before, LedgerDump.Of(dir));
        Assert.Equal(first.Series.Count, again.Series.Count);
        var fresh = PaperTradingSession.Run(dir, Frictionless(), builder, ticks.Take(2), fresh: true);
        Assert.Equal(2, fresh.Series.Count);
    }

    [Fact]
    public void ResumingUnderAnotherConfigOrMarketIsRefused()
    {
        var market = RandomMarket.Build(seed: 5, stocks: 6, ticks: 4);
        var builder = new FixedWeights(new() { ["S01"] = 0.5 });
        var dir = TempDir();
        using (var s = PaperTradingSession.Open(dir, Frictionless(), builder))
            s.Step(market[0].Bar, market[0].Scores);
        var ex = Assert.Throws<InvalidOperationException>(() => PaperTradingSession.Open(dir, Frictionless() with { LotSize = 10 }, builder));
        Assert.Contains("--fresh", ex.Message);

        using var resumed = PaperTradingSession.Open(dir, Frictionless(), builder);
        var wrongDay = Assert.Throws<InvalidDataException>(() => resumed.Step(market[1].Bar, null));
        Assert.Contains("tick 0", wrongDay.Message);
    }

    [Fact]
    public void ScoresFromAfterTheBarAreRejectedAsLookAhead()
    {
        using var s = PaperTradingSession.Open(TempDir(), Frictionless(), new FixedWeights(new()));
        var bar = Bar(0, new Row("A", 10, 10));
        var ex = Assert.Throws<InvalidDataException>(() => s.Step(bar, new ScoreVector(bar.Date.AddDays(1), ["A"], [1.0])));
        Assert.Contains("look-ahead", ex.Message);
    }

    [Fact]
    public void BuilderSeesLiquidityAsTheMeanTradedValueOfTheLast20Bars()
    {
        var builder = new FixedWeights(new());
        using var s = PaperTradingSession.Open(TempDir(), Frictionless(), builder);
        for (int d = 0; d < 25; d++)
        {
            var bar = Bar(d, new Row("A", 10, 10, Volume: 1000 * (d + 1)));
            s.Step(bar, Scores(bar, ("A", 1)));
        }
        // Last 20 bars: days 5..24, amount = 10 × 1000 × (d + 1) → 10,000 × mean(6..25) = 155,000.
        Assert.Equal(155_000, builder.Seen[^1].AvgTradedValue20[0], 9);
        Assert.Equal(10_000 * 1.0, builder.Seen[0].AvgTradedValue20[0], 9);
    }
}

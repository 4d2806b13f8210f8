using AlphaHost.Host.Trading;
using AlphaHost.Plugins.Portfolio;
using AlphaHost.Sdk.Plugins;
using static AlphaHost.Host.Tests.Trading.Scenario;

namespace AlphaHost.Host.Tests.Trading;

/// <summary>The run's default builder (top n with a rank buffer) through the paper broker, fills and costs by hand.</summary>
public class BufferedPortfolioTests
{
    private static MarketBar Flat(int day, double open) =>
        Bar(day, new Row("A", open, 10), new Row("B", open, 10), new Row("C", open, 10), new Row("D", open, 10));

    [Fact]
    public void KeptNamesDoNotTradeAndTheSoldNameFundsTheEntrant()
    {
        var dir = TempDir();
        // A-share costs without impact: commission 0.025% (min 5), stamp duty 0.05% on sells.
        var config = Frictionless() with { CommissionRate = 0.00025m, MinCommission = 5m, StampDutyRate = 0.0005m };
        using var s = PaperTradingSession.Open(dir, config, new BufferedTopN(n: 2, keep: 3));
        var bars = new[] { Flat(0, 10), Flat(1, 9.9), Flat(2, 10), Flat(3, 10) };

        // Day 0: A, B best → 0.5 each of 1,000,000 at close 10 = 50,000 shares each.
        s.Step(bars[0], Scores(bars[0], ("A", 4), ("B", 3), ("C", 2), ("D", 1)));
        Assert.Equal([50_000L, 50_000L], s.Book.OpenOrders.Select(o => o.Quantity));
        // Day 1: both fill at the open 9.9: 495,000 each, commission 123.75 each. B falls to rank 3 of
        // 4 (0-based 2 < keep 3): kept, and nothing is re-weighted, so no orders.
        s.Step(bars[1], Scores(bars[1], ("A", 4), ("C", 3), ("B", 2), ("D", 1)));
        Assert.Equal(1_000_000m - 990_000m - 247.5m, s.Book.Cash);
        Assert.Empty(s.Book.OpenOrders);
        // Day 2: B ranks last (3 ≥ keep): sold. A kept at 500,000 / 1,009,752.5; C enters with the
        // rest: 509,752.5 / close 10 = 50,975.25 → 50,900 shares in whole lots.
        s.Step(bars[2], Scores(bars[2], ("A", 4), ("C", 3), ("D", 2), ("B", 1)));
        Assert.Equal([("B", -50_000L), ("C", 50_900L)], s.Book.OpenOrders.Select(o => (o.Code, o.Quantity)));
        // Day 3: sell B 500,000 (commission 125, stamp 250), buy C 509,000 (commission 127.25).
        s.Step(bars[3], null);
        Assert.Equal(9_752.5m + 500_000m - 375m - 509_000m - 127.25m, s.Book.Cash);

        var r = s.Finish();
        Assert.Equal(4, r.Fills);
        Assert.Equal(247.5m + 125m + 127.25m, r.Commission);
        Assert.Equal(250m, r.StampDuty);
        Assert.Equal(749.75m, r.CostsPaid); // 499.75 commission + 250 stamp duty
        Assert.Equal([1_000_000m, 1_009_752.5m, 1_009_752.5m, 1_009_250.25m], r.Series.Select(p => p.Nav));
        // One-way turnover: traded value / (2 × NAV), on the fill days only.
        Assert.Equal(0, r.Series[0].Turnover);
        Assert.Equal(990_000 / (2 * 1_009_752.5), r.Series[1].Turnover, 12);
        Assert.Equal(0, r.Series[2].Turnover);
        Assert.Equal(1_009_000 / (2 * 1_009_250.25), r.Series[3].Turnover, 12);
    }
}

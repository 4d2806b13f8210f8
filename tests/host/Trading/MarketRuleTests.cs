using AlphaHost.Sdk.Plugins;
using AlphaHost.Host.Trading;
using static AlphaHost.Host.Tests.Trading.Scenario;

namespace AlphaHost.Host.Tests.Trading;

public class LimitUpBuyRuleTests
{
    [Fact]
    public void NoBuyOnALimitUpBarAndTheOrderIsCancelled()
    {
        var h = new BrokerHarness(Frictionless());
        var order = h.Submit("A", 1000);
        var ex = h.Trade(Bar(1, new Row("A", 11, 11, LimitUp: true)));
        Assert.Empty(ex.Fills);
        var rej = Assert.Single(ex.Rejections);
        Assert.Equal(("limit_up_buy", 1000L), (rej.Rule, rej.Quantity));
        Assert.Equal(OrderStatus.Cancelled, order.Status);
        Assert.Equal(1_000_000m, h.Book.Cash);
    }

    [Fact]
    public void CarriedOrderFillsOnTheNextBarThatIsNotLimitUp()
    {
        var h = new BrokerHarness(Frictionless() with { Unfilled = UnfilledPolicy.Carry });
        var order = h.Submit("A", 1000);
        h.Trade(Bar(1, new Row("A", 11, 11, LimitUp: true)));
        Assert.Equal(OrderStatus.Open, order.Status);
        var ex = h.Trade(Bar(2, new Row("A", 11.5, 11.2)), tick: 2);
        var fill = Assert.Single(ex.Fills);
        Assert.Equal((1000L, 11.5m), (fill.Quantity, fill.Price));
        Assert.Equal(OrderStatus.Filled, order.Status);
        Assert.Equal(1_000_000m - 11_500m, h.Book.Cash);
    }

    [Fact]
    public void SellingIntoALimitUpIsAllowed()
    {
        var h = new BrokerHarness(Frictionless());
        h.Hold("A", 1000, 10m);
        h.Submit("A", -1000);
        var ex = h.Trade(Bar(1, new Row("A", 11, 11, LimitUp: true)));
        Assert.Equal(-1000, Assert.Single(ex.Fills).Quantity);
    }
}

public class LimitDownSellRuleTests
{
    [Fact]
    public void NoSellOnALimitDownBarButBuysGoThrough()
    {
        var h = new BrokerHarness(Frictionless());
        h.Hold("A", 1000, 10m);
        h.Submit("A", -1000);
        h.Submit("B", 500);
        var ex = h.Trade(Bar(1, new Row("A", 9, 9, LimitDown: true), new Row("B", 9, 9, LimitDown: true)));
        var fill = Assert.Single(ex.Fills);
        Assert.Equal(("B", 500L), (fill.Code, fill.Quantity));
        var rej = Assert.Single(ex.Rejections);
        Assert.Equal(("A", "limit_down_sell", -1000L), (rej.Code, rej.Rule, rej.Quantity));
        Assert.Equal(1000, h.Book.Held("A"));
    }
}

public class SuspensionRuleTests
{
    [Fact]
    public void NothingTradesWhileSuspendedOrWithoutVolume()
    {
        var h = new BrokerHarness(Frictionless());
        h.Hold("A", 1000, 10m);
        h.Submit("A", -1000);
        h.Submit("B", 1000);
        h.Submit("C", 1000);
        var ex = h.Trade(Bar(1, new Row("A", 10, 10, Tradable: false), new Row("B", 10, 10, Tradable: false),
            new Row("C", 10, 10, Volume: 0)));
        Assert.Empty(ex.Fills);
        Assert.Equal(["suspension", "suspension", "suspension"], ex.Rejections.Select(r => r.Rule));
        Assert.Equal(1000, h.Book.Held("A"));
    }
}

public class TPlusOneRuleTests
{
    [Fact]
    public void SharesBoughtTodayCannotBeSoldTheSameDay()
    {
        var h = new BrokerHarness(Frictionless() with { Unfilled = UnfilledPolicy.Carry });
        h.Hold("A", 500, 10m); // held from before today
        h.Submit("A", 1000);
        var day = Day0.AddDays(1);
        h.Trade(BarAt(day, 0, [new Row("A", 10, 10)]));
        Assert.Equal(1500, h.Book.Held("A"));

        var sell = h.Submit("A", -1500);
        var ex = h.Trade(BarAt(day, 1, [new Row("A", 10.2, 10.2)]), tick: 2);
        Assert.Equal(-500, Assert.Single(ex.Fills).Quantity);
        var rej = Assert.Single(ex.Rejections);
        Assert.Equal(("t_plus_one", -1000L), (rej.Rule, rej.Quantity));
        Assert.Equal(1000, h.Book.Held("A"));

        // Next day the carried remainder is sellable.
        var next = h.Trade(BarAt(day.AddDays(1), 0, [new Row("A", 10.4, 10.4)]), tick: 3);
        Assert.Equal(-1000, Assert.Single(next.Fills).Quantity);
        Assert.Equal(OrderStatus.Filled, sell.Status);
        Assert.Equal(0, h.Book.Held("A"));
    }

    [Fact]
    public void FuturesWithoutTPlusOneTradeBothWaysInADay()
    {
        var h = new BrokerHarness(Frictionless() with { TPlusOne = false, LotSize = 1 });
        var day = Day0.AddDays(1);
        h.Submit("IF", 2);
        h.Trade(BarAt(day, 0, [new Row("IF", 3500, 3500)]));
        h.Submit("IF", -2);
        var ex = h.Trade(BarAt(day, 1, [new Row("IF", 3510, 3510)]), tick: 2);
        Assert.Equal(-2, Assert.Single(ex.Fills).Quantity);
        Assert.Empty(ex.Rejections);
    }
}

public class BoardLotRuleTests
{
    [Fact]
    public void OddLotsOfABuyAreDroppedEvenUnderCarry()
    {
        var h = new BrokerHarness(Frictionless() with { Unfilled = UnfilledPolicy.Carry });
        var order = h.Submit("A", 250);
        var ex = h.Trade(Bar(1, new Row("A", 10, 10)));
        Assert.Equal(200, Assert.Single(ex.Fills).Quantity);
        Assert.Equal(("board_lot", 50L), (ex.Rejections[0].Rule, ex.Rejections[0].Quantity));
        Assert.Equal(OrderStatus.Cancelled, order.Status);
    }

    [Fact]
    public void AnOddLotMayBeSoldWhenItClosesThePosition()
    {
        var h = new BrokerHarness(Frictionless());
        h.Hold("A", 250, 10m);
        h.Submit("A", -250);
        var ex = h.Trade(Bar(1, new Row("A", 10, 10)));
        Assert.Equal(-250, Assert.Single(ex.Fills).Quantity);
        Assert.Empty(ex.Rejections);
    }

    [Fact]
    public void TargetsAreSizedInWholeLotsTowardZero()
    {
        var lot = new AlphaHost.Host.Trading.Rules.BoardLotRule(100);
        Assert.Equal(1200, lot.RoundTarget(1299.7));
        Assert.Equal(200, lot.RoundTarget(199.99999999999997)); // float noise of 200, not 199.99
        Assert.Equal(-300, lot.RoundTarget(-350));
    }

    [Fact]
    public void ContractMultiplierScalesCashForFutures()
    {
        var h = new BrokerHarness(Frictionless() with { LotSize = 1, ContractMultiplier = 300m, TPlusOne = false, AllowShort = true });
        h.Submit("IF", -2); // short two contracts at 3500 → receives 2 × 3500 × 300
        var ex = h.Trade(Bar(1, new Row("IF", 3500, 3490)));
        Assert.Equal(-2, Assert.Single(ex.Fills).Quantity);
        Assert.Equal(1_000_000m + 2_100_000m, h.Book.Cash);
        Assert.Equal(-2, h.Book.Held("IF"));
    }
}

public class NoShortSellingRuleTests
{
    [Fact]
    public void ASellStopsAtTheHolding()
    {
        var h = new BrokerHarness(Frictionless());
        h.Hold("A", 300, 10m);
        h.Submit("A", -500);
        var ex = h.Trade(Bar(1, new Row("A", 10, 10)));
        Assert.Equal(-300, Assert.Single(ex.Fills).Quantity);
        Assert.Equal(("no_short", -200L), (ex.Rejections[0].Rule, ex.Rejections[0].Quantity));
    }
}

public class CommissionRuleTests
{
    private static readonly TradingConfig Config = Frictionless() with { CommissionRate = 0.00025m, MinCommission = 5m };

    [Fact]
    public void SmallTradesPayTheMinimum()
    {
        var h = new BrokerHarness(Config);
        h.Submit("A", 100);
        var fill = Assert.Single(h.Trade(Bar(1, new Row("A", 10, 10))).Fills);
        // 100 × 10 × 0.00025 = 0.25 < 5
        Assert.Equal(5m, fill.Commission);
        Assert.Equal(1_000_000m - 1000m - 5m, h.Book.Cash);
    }

    [Fact]
    public void LargeTradesPayTheRate()
    {
        var h = new BrokerHarness(Config);
        h.Submit("A", 10_000);
        var fill = Assert.Single(h.Trade(Bar(1, new Row("A", 12.34, 12.34))).Fills);
        // 10,000 × 12.34 = 123,400 × 0.00025 = 30.85
        Assert.Equal(30.85m, fill.Commission);
        Assert.Equal(0m, fill.StampDuty);
    }
}

public class StampDutyRuleTests
{
    [Fact]
    public void OnlySellsPayStampDuty()
    {
        var h = new BrokerHarness(Frictionless() with { CommissionRate = 0.00025m, MinCommission = 5m, StampDutyRate = 0.0005m });
        h.Hold("A", 10_000, 10m);
        h.Submit("A", -10_000);
        var fill = Assert.Single(h.Trade(Bar(1, new Row("A", 10, 10))).Fills);
        // value 100,000: stamp 50, commission 25; cash +100,000 − 75
        Assert.Equal((50m, 25m), (fill.StampDuty, fill.Commission));
        Assert.Equal(1_000_000m + 100_000m - 75m, h.Book.Cash);
    }
}

public class ParticipationSlippageRuleTests
{
    [Fact]
    public void ImpactIsProportionalToShareOfBarVolume()
    {
        var h = new BrokerHarness(Frictionless() with { SlippagePerParticipation = 0.1m });
        h.Hold("B", 5_000, 20m);
        h.Submit("B", -5_000);
        h.Submit("A", 10_000);
        var fills = h.Trade(Bar(1, new Row("A", 10, 10, Volume: 100_000), new Row("B", 20, 20, Volume: 200_000))).Fills;
        // A: 10% of volume → +1% → 10.10, cost 0.10 × 10,000 = 1,000.
        var a = fills.Single(f => f.Code == "A");
        Assert.Equal((10.1m, 1000m), (a.Price, a.Slippage));
        // B: 2.5% of volume → −0.25% → 19.95, cost 0.05 × 5,000 = 250.
        var b = fills.Single(f => f.Code == "B");
        Assert.Equal((19.95m, 250m), (b.Price, b.Slippage));
        Assert.Equal(1_000_000m - 101_000m + 99_750m, h.Book.Cash);
    }
}

public class CashRuleTests
{
    [Fact]
    public void ABuyShrinksByLotsToWhatCashPays()
    {
        var h = new BrokerHarness(Frictionless(cash: 10_000m) with { CommissionRate = 0.00025m, MinCommission = 5m });
        h.Submit("A", 1000);
        var ex = h.Trade(Bar(1, new Row("A", 10, 10)));
        // 1000 × 10 + 5 > 10,000; 900 × 10 + 5 = 9,005 fits.
        Assert.Equal(900, Assert.Single(ex.Fills).Quantity);
        Assert.Equal(("insufficient_cash", 100L), (ex.Rejections[0].Rule, ex.Rejections[0].Quantity));
        Assert.Equal(995m, h.Book.Cash);
    }

    [Fact]
    public void SellsGoFirstSoTheirCashFundsBuys()
    {
        var h = new BrokerHarness(Frictionless(cash: 0m + 1m));
        h.Submit("B", 1000);   // submitted first, but needs A's proceeds
        h.Hold("A", 1000, 10m);
        h.Submit("A", -1000);
        var ex = h.Trade(Bar(1, new Row("A", 10, 10), new Row("B", 10, 10)));
        Assert.Equal(["A", "B"], ex.Fills.Select(f => f.Code));
        Assert.Equal(1m, h.Book.Cash);
    }
}

public class FillPriceTests
{
    [Fact]
    public void VwapConfigFillsAtTheBarsVwap()
    {
        var h = new BrokerHarness(Frictionless() with { FillAt = FillPrice.Vwap });
        h.Submit("A", 100);
        var fill = Assert.Single(h.Trade(Bar(1, new Row("A", 10, 11, Vwap: 10.567))).Fills);
        Assert.Equal(10.567m, fill.Price);
    }
}

public class DelistingSettlementRuleTests
{
    [Fact]
    public void AHoldingThatLeavesTheMarketIsPaidAtItsLastPrice()
    {
        var h = new BrokerHarness(Frictionless() with { CommissionRate = 0.001m, MinCommission = 5m, StampDutyRate = 0.001m });
        h.Hold("X", 1000, 8.5m);
        h.Submit("X", 500); // a working order on the delisted stock is cancelled
        var ex = h.Trade(Bar(1, new Row("A", 10, 10)));
        var fill = Assert.Single(ex.Fills);
        Assert.Equal((FillKind.Delisting, -1000L, 8.5m, 0m), (fill.Kind, fill.Quantity, fill.Price, fill.Costs));
        Assert.Equal(1_000_000m + 8_500m, h.Book.Cash);
        Assert.Equal(0, h.Book.Held("X"));
        Assert.Equal(("delisting", 500L), (ex.Rejections[0].Rule, ex.Rejections[0].Quantity));
        Assert.Empty(h.Book.OpenOrders);
    }
}

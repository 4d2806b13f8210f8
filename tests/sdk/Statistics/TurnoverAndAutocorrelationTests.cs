using AlphaHost.Sdk.Statistics;
namespace AlphaHost.Sdk.Tests.Statistics;

public class TurnoverAndAutocorrelationTests
{
    [Fact]
    public void TradedIsBuysPlusSellsOfEqualWeights()
    {
        var turnover = new PortfolioTurnover();
        Assert.False(turnover.HasPrevious);
        Assert.Equal(1.0, turnover.Rebalance(["A", "B"]), 12);      // built from cash
        Assert.True(turnover.HasPrevious);
        Assert.Equal(1.0, turnover.Rebalance(["B", "C"]), 12);      // sell A .5, buy C .5
        Assert.Equal(1.0, turnover.Rebalance(["B", "C", "D", "E"]), 12); // B, C .5 → .25; D, E +.25
        Assert.Equal(0.0, turnover.Rebalance(["E", "D", "C", "B"]), 12);
    }

    [Fact]
    public void RankAutocorrelationUsesCodesScoredOnBothDays()
    {
        var ranks = new RankAutocorrelation();
        Assert.True(double.IsNaN(ranks.Next(["A", "B", "C"], [1, 2, 3])));
        Assert.Equal(-1.0, ranks.Next(["A", "B", "C", "D"], [3, 2, 1, 5]), 12);
        Assert.True(double.IsNaN(ranks.Next(["A", "B"], [1, double.NaN]))); // one common scored code
    }
}

using AlphaHost.Plugins.Market.Synthetic;

namespace AlphaHost.Plugins.Market.Tests.Synthetic;

public class PriceRulesTests
{
    [Fact]
    public void LimitPricesRoundHalfUpToTheCent()
    {
        // 10.45 × 1.1 = 11.495 → 11.50; 10.45 × 0.9 = 9.405 → 9.41 (exchange rounding, half up).
        var (up, down) = PriceRules.Limits(10.45, 0.10, 0.01);
        Assert.Equal(11.50, up);
        Assert.Equal(9.41, down);
        // Growth board: 10.45 × 1.2 = 12.54, × 0.8 = 8.36.
        Assert.Equal((12.54, 8.36), PriceRules.Limits(10.45, 0.20, 0.01));
    }

    [Theory]
    [InlineData(11.494, 0.01, 11.49)]
    [InlineData(11.495, 0.01, 11.50)]
    [InlineData(19002.5, 5, 19005)]
    [InlineData(451.23, 0.02, 451.24)]
    [InlineData(3.25, 0.5, 3.5)]
    public void RoundsToTheNearestTick(double price, double tick, double expected) =>
        Assert.Equal(expected, PriceRules.RoundToTick(price, tick));

    [Fact]
    public void FloorAndCeilingStayOnTheGrid()
    {
        Assert.Equal(10.01, PriceRules.CeilingToTick(10.001, 0.01));
        Assert.Equal(10.00, PriceRules.FloorToTick(10.009, 0.01));
        Assert.Equal(10.00, PriceRules.FloorToTick(10.00, 0.01));
    }
}

using AlphaHost.Sdk.Statistics;
namespace AlphaHost.Sdk.Tests.Statistics;

public class QuantilesTests
{
    [Fact]
    public void TenStocksInFiveGroupsTwoEachWithTiesKeptTogether()
    {
        // average ranks 1, 2.5, 2.5, 4, 5..10 → floor((r − 0.5) · 5 / 10)
        var group = Quantiles.Assign([10, 20, 20, 30, 40, 50, 60, 70, 80, 90], 5);
        Assert.Equal(new[] { 0, 1, 1, 1, 2, 2, 3, 3, 4, 4 }, group);
    }

    [Fact]
    public void UnevenCountsSpreadAsEvenlyAsRanksAllow()
    {
        // n = 7, 5 groups: (r − 0.5) · 5 / 7 = .36, 1.07, 1.79, 2.5, 3.21, 3.93, 4.64
        Assert.Equal(new[] { 0, 1, 1, 2, 3, 3, 4 }, Quantiles.Assign([1, 2, 3, 4, 5, 6, 7.0], 5));
    }

    [Fact]
    public void GroupMeansAreNaNForAnEmptyGroup()
    {
        var means = Quantiles.Means([0, 0, 2], [0.01, 0.03, -0.02], 3);
        Assert.Equal(0.02, means[0], 12);
        Assert.True(double.IsNaN(means[1]));
        Assert.Equal(-0.02, means[2], 12);
    }
}

using AlphaHost.Sdk.Statistics;
namespace AlphaHost.Sdk.Tests.Statistics;

public class RankCorrelationTests
{
    [Fact]
    public void TiesShareTheAverageRank() =>
        Assert.Equal(new[] { 1, 2.5, 2.5, 4 }, RankCorrelation.AverageRanks([10, 20, 20, 30]));

    [Fact]
    public void PearsonMatchesAHandComputation() =>
        // dx = dy-permuted (−1.5, −.5, .5, 1.5): Σdxdy = 3, Σdx² = Σdy² = 5 → 0.6.
        Assert.Equal(0.6, RankCorrelation.Pearson([1, 2, 3, 4], [2, 1, 4, 3]), 12);

    [Fact]
    public void SpearmanMatchesAHandComputation()
    {
        // ranks y = 1, 2, 3.5, 5, 3.5; dx·dy sums to 8, Σdx² = 10, Σdy² = 9.5 → 8 / sqrt(95).
        double rho = RankCorrelation.Spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]);
        Assert.Equal(8 / Math.Sqrt(95), rho, 12);
    }

    [Fact]
    public void SpearmanIsOneForAnyIncreasingMap() =>
        Assert.Equal(1.0, RankCorrelation.Spearman([1, 2, 3, 4], [1, 8, 27, 64]), 12);

    [Fact]
    public void PearsonOfAConstantIsUndefined() =>
        Assert.True(double.IsNaN(RankCorrelation.Pearson([1, 1, 1], [1, 2, 3])));

    [Fact]
    public void RankStandardiseHasZeroMeanAndUnitVariance()
    {
        var z = RankCorrelation.RankStandardise([3.0, -1, 7, 2, 10]);
        // ranks 3, 1, 4, 2, 5 → (r − 3) / sqrt(2)
        Assert.Equal(new[] { 0, -2, 1, -1, 2 }.Select(v => v / Math.Sqrt(2)), z);
    }
}

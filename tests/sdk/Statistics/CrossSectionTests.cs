using AlphaHost.Sdk.Plugins;
using AlphaHost.Sdk.Statistics;
namespace AlphaHost.Sdk.Tests.Statistics;

public class CrossSectionTests
{
    // F has no score, G no return: A..E are evaluable. Score ranks 1, 2.5, 2.5, 4, 5.
    private static readonly ScoredDay Day = new(new DateOnly(2021, 3, 1), ["A", "B", "C", "D", "E", "F", "G"],
        [1, 2, 2, 4, 5, double.NaN, 3], [0.01, 0.03, -0.01, 0.02, 0.05, 0.10, double.NaN]);

    [Fact]
    public void KeepsStocksWithBothAScoreAndAReturn()
    {
        var section = CrossSection.Of(Day, groups: 2, minStocks: 5);
        Assert.Equal(["A", "B", "C", "D", "E"], section.Codes);
        Assert.Equal([1.0, 2, 2, 4, 5], section.Scores);
        Assert.Equal(5, section.Count);
        // Σdxdy = .1, Σdx² = 10.8, Σdy² = .002; ranks: Σdxdy = 6.5, Σdx² = 9.5, Σdy² = 10.
        Assert.Equal(0.1 / Math.Sqrt(10.8 * 0.002), section.Ic, 12);
        Assert.Equal(6.5 / Math.Sqrt(95), section.RankIc, 12);
    }

    [Fact]
    public void TiedScoresShareAQuantileAndTheTopIsTheHighestGroup()
    {
        var section = CrossSection.Of(Day, groups: 2, minStocks: 5);
        // floor((r − .5) · 2 / 5): ranks 1, 2.5, 2.5 → 0; 4, 5 → 1.
        Assert.Equal([0, 0, 0, 1, 1], section.Group);
        Assert.Equal([0.01, 0.035], section.QuantileMeans().Select(v => Math.Round(v, 12)));
        Assert.Equal(["D", "E"], section.TopCodes());
        Assert.True(section.CanLayer);
        Assert.False(CrossSection.Of(Day, groups: 6, minStocks: 5).CanLayer);   // five stocks, six groups
    }

    [Fact]
    public void BelowTheMinimumThereIsNoIcAndTheDefaultMinimumIsTwenty()
    {
        Assert.Equal(20, CrossSection.DefaultMinStocks);
        Assert.True(double.IsNaN(CrossSection.Of(Day, groups: 2).Ic));           // five stocks < 20
        Assert.True(double.IsNaN(CrossSection.Of(Day, groups: 2, minStocks: 6).RankIc));
        // A minimum under two still needs two stocks for a correlation.
        var pair = new ScoredDay(Day.Date, ["A", "B"], [1, 2], [0.1, 0.3]);
        Assert.Equal(1.0, CrossSection.Of(pair, groups: 2, minStocks: 1).Ic, 12);
        var single = new ScoredDay(Day.Date, ["A"], [1], [0.1]);
        Assert.True(double.IsNaN(CrossSection.Of(single, groups: 2, minStocks: 1).Ic));
    }

    [Fact]
    public void MisalignedArraysAreRefusedNamingTheDay()
    {
        var bad = new ScoredDay(Day.Date, ["A", "B"], [1], [0.1, 0.2]);
        var e = Assert.Throws<ArgumentException>(() => CrossSection.Of(bad, 2));
        Assert.Contains("2021-03-01: 2 codes but 1 scores", e.Message);
    }
}

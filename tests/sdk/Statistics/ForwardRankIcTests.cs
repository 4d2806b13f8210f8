using AlphaHost.Sdk.Statistics;

namespace AlphaHost.Sdk.Tests.Statistics;

public class ForwardRankIcTests
{
    [Fact]
    public void ForwardRankIcPairsScoresWithTheCloseHDaysLater()
    {
        var ic = new ForwardRankIc(horizon: 2);
        ic.AddDay([1, 2, 3], [10, 10, 10]);
        ic.AddDay([double.NaN, double.NaN, double.NaN], [11, 9, 10]);
        ic.AddDay([double.NaN, double.NaN, double.NaN], [12, 11, 13]); // returns +20%, +10%, +30% vs day 0
        // scores 1,2,3 vs returns .2,.1,.3: ranks 1,2,3 vs 2,1,3 → Spearman 0.5.
        Assert.Single(ic.Daily);
        Assert.Equal(0.5, ic.Mean, 12);
    }
}

using AlphaHost.Sdk.Data;

namespace AlphaHost.Sdk.Tests.Data;

/// <summary>The note's futures universe: enough history and enough average open interest, known at each day's close.</summary>
public class FuturesUniverseRuleTests
{
    [Fact]
    public void MembershipNeedsHistoryAndAverageOpenInterestOverTheWindow()
    {
        var rule = new FuturesUniverseRule { MinHistoryDays = 4, OpenInterestWindow = 3, MinOpenInterest = 10 };
        double nan = double.NaN;
        // Asset 0 lists on day 2; asset 1 trades from day 0 with a one-day gap on day 3.
        double[] oi0 = [nan, nan, 5, 20, 20, 20, 1, 1];
        double[] oi1 = [50, 50, 50, nan, 50, 50, 50, 50];
        var oi = new double[8, 2];
        for (int d = 0; d < 8; d++) { oi[d, 0] = oi0[d]; oi[d, 1] = oi1[d]; }
        var members = rule.Members(oi);
        // Asset 0: 4th bar on day 5, mean of (20, 20, 20) = 20 → in; day 6 (20, 20, 1) = 13.7 → in; day 7 (20, 1, 1) = 7.3 → out.
        Assert.Equal(new[] { false, false, false, false, false, true, true, false }, Enumerable.Range(0, 8).Select(d => members[d, 0]));
        // Asset 1: its 4th bar is on day 4 (no bar on day 3, which is never a member).
        Assert.Equal(new[] { false, false, false, false, true, true, true, true }, Enumerable.Range(0, 8).Select(d => members[d, 1]));
    }

    [Fact]
    public void MembershipOnADayIgnoresEveryLaterDay()
    {
        var rule = new FuturesUniverseRule { MinHistoryDays = 3, OpenInterestWindow = 5, MinOpenInterest = 100 };
        var rng = new Random(3);
        var oi = new double[40, 4];
        for (int d = 0; d < 40; d++)
            for (int a = 0; a < 4; a++) oi[d, a] = 50 + 100 * rng.NextDouble();
        var before = rule.Members(oi);
        for (int d = 21; d < 40; d++)
            for (int a = 0; a < 4; a++) oi[d, a] = rng.Next(2) == 0 ? double.NaN : 1e6 * rng.NextDouble();
        var after = rule.Members(oi);
        for (int d = 0; d <= 20; d++)
            for (int a = 0; a < 4; a++) Assert.Equal(before[d, a], after[d, a]);
    }
}

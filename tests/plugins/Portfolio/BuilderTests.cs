using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Plugins.Portfolio.Tests;

public class TopNEqualWeightTests
{
    [Fact]
    public void PicksTheBestScoresEqually()
    {
        var w = new TopNEqualWeight(2).Build(Inputs.Make([0.1, 0.9, double.NaN, 0.5]))!;
        Assert.Equal([0, 0.5, 0, 0.5], w);
    }

    [Fact]
    public void SkipsSuspendedStocksAndKeepsSuspendedHoldings()
    {
        // S0 is held at 20% but suspended: it stays, the other 80% goes to the two best tradable names.
        var input = Inputs.Make([0.9, 0.8, 0.7, 0.1], current: [0.2, 0, 0, 0], tradable: [false, true, true, true]);
        var w = new TopNEqualWeight(2).Build(input)!;
        Assert.Equal([0.2, 0.4, 0.4, 0], w);
    }

    [Fact]
    public void TiesAreBrokenByCodeSoRunsAreDeterministic()
    {
        var w = new TopNEqualWeight(1).Build(Inputs.Make([0.5, 0.5, 0.5]))!;
        Assert.Equal([1.0, 0, 0], w);
    }
}

public class TopNScoreWeightedTests
{
    [Fact]
    public void WeightsAreScoreAboveTheFirstLeftOut()
    {
        // top 2 of [4, 1, 3, 2]: S0 (4) and S2 (3); reference = 2 → excess 2 and 1 → 2/3 and 1/3.
        var w = new TopNScoreWeighted(2).Build(Inputs.Make([4, 1, 3, 2]))!;
        Assert.Equal(2.0 / 3, w[0], 12);
        Assert.Equal(1.0 / 3, w[2], 12);
        Assert.Equal(0, w[1]);
        Assert.Equal(0, w[3]);
    }

    [Fact]
    public void AllTiedFallsBackToEqual()
    {
        var w = new TopNScoreWeighted(2).Build(Inputs.Make([1, 1, 1]))!;
        Assert.Equal([0.5, 0.5, 0], w);
    }
}

public class LongShortQuantilesTests
{
    [Fact]
    public void LongsTopQuantileShortsBottom()
    {
        // 10 names, 5 quantiles → 2 per leg, each ±0.25 with gross 1.
        double[] scores = [5, 1, 9, 3, 7, 2, 8, 4, 6, 0];
        var w = new LongShortQuantiles(5).Build(Inputs.Make(scores))!;
        Assert.Equal(0.25, w[2]);  // 9
        Assert.Equal(0.25, w[6]);  // 8
        Assert.Equal(-0.25, w[9]); // 0
        Assert.Equal(-0.25, w[1]); // 1
        Assert.Equal(0, w.Sum(), 12);
        Assert.Equal(1, w.Sum(Math.Abs), 12);
        Assert.Equal(4, w.Count(x => x != 0));
    }

    [Fact]
    public void TooFewNamesGivesNoPositions()
    {
        var w = new LongShortQuantiles(5).Build(Inputs.Make([1, 2, 3]))!;
        Assert.All(w, x => Assert.Equal(0, x));
    }
}

public class LiquidityCappedTests
{
    [Fact]
    public void CapsAndRedistributesLeftoverToUncappedNames()
    {
        // Equal 1/3 each; capital 1000, share 0.1 → caps = 0.1·adv/1000: S0 0.1, S1 0.5, S2 1.0.
        // S0 cut by 1/3−0.1 = 0.2333…, shared equally by S1, S2 → 0.45 each, under their caps.
        var input = Inputs.Make([3, 2, 1], adv: [1000, 5000, 10000]);
        var w = new LiquidityCapped(new TopNEqualWeight(3), capital: 1000, share: 0.1).Build(input)!;
        Assert.Equal(0.1, w[0], 12);
        Assert.Equal(0.45, w[1], 12);
        Assert.Equal(0.45, w[2], 12);
    }

    [Fact]
    public void RedistributionThatOverflowsIsCappedAgain()
    {
        // Caps 0.1, 0.4, 1.0; first pass: S0 gives 0.2333 → S1, S2 0.45; S1 over 0.4 → gives 0.05 to S2 → 0.5.
        var input = Inputs.Make([3, 2, 1], adv: [1000, 4000, 10000]);
        var w = new LiquidityCapped(new TopNEqualWeight(3), capital: 1000, share: 0.1).Build(input)!;
        Assert.Equal([0.1, 0.4, 0.5], w.Select(x => Math.Round(x, 12)).ToArray());
    }

    [Fact]
    public void AsAPluginItIsConfiguredByTopNCapitalAndShare()
    {
        // Top 2 of three (S0, S1) at 1/2 each; capital 1000, share 0.1 → caps 0.1 (S0), 0.5 (S1):
        // S0 is cut by 0.4; S1 already sits at its cap, so the 0.4 stays in cash; S2 is not held.
        var plugin = new LiquidityCappedTopN();
        plugin.Configure(ConfigSchema.Bind<LiquidityCappedConfig>(new ConfigLayer("run.json portfolio",
            (System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse("""{"topN": 2, "capital": 1000, "liquidityShare": 0.1}""")!)));
        Assert.Equal("liquidity_capped_top_n", plugin.Info.Name);
        var w = plugin.Build(Inputs.Make([3, 2, 1], adv: [1000, 5000, 10000]))!;
        Assert.Equal([0.1, 0.5, 0.0], w.Select(x => Math.Round(x, 12)).ToArray());
        Assert.Equal(150_000_000, new LiquidityCappedConfig().Capital);
    }

    [Fact]
    public void WhenEverythingIsCappedTheRestStaysInCash()
    {
        var input = Inputs.Make([2, 1], adv: [1000, 2000]);
        var w = new LiquidityCapped(new TopNEqualWeight(2), capital: 1000, share: 0.1).Build(input)!;
        Assert.Equal(0.1, w[0], 12);
        Assert.Equal(0.2, w[1], 12);
    }
}

public class TurnoverLimitedTests
{
    [Fact]
    public void ScalesTradesToTheLimit()
    {
        // Current all in S0; target all in S1 → one-way turnover 1. Limit 0.25 → move a quarter.
        var input = Inputs.Make([0, 1], current: [1, 0]);
        var w = new TurnoverLimited(new TopNEqualWeight(1), 0.25).Build(input)!;
        Assert.Equal(0.75, w[0], 12);
        Assert.Equal(0.25, w[1], 12);
    }

    [Fact]
    public void TradesUnderTheLimitPassUnchanged()
    {
        var input = Inputs.Make([0, 1], current: [0.1, 0.9]);
        var w = new TurnoverLimited(new TopNEqualWeight(1), 0.5).Build(input)!;
        Assert.Equal([0, 1.0], w);
    }
}

public class RebalanceEveryTests
{
    [Fact]
    public void RebalancesOnlyEveryKTicks()
    {
        var builder = new RebalanceEvery(new TopNEqualWeight(1), 3);
        var decided = Enumerable.Range(0, 7).Select(t => builder.Build(Inputs.Make([1, 2], tick: t)) is not null).ToArray();
        Assert.Equal([true, false, false, true, false, false, true], decided);
    }

    [Fact]
    public void BadParametersAreRejectedByName()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new RebalanceEvery(new TopNEqualWeight(1), 0));
        Assert.Contains("rebalance_every", ex.Message);
    }
}

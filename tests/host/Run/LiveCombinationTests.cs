using AlphaHost.Host.Research;
using AlphaHost.Host.Run;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Host.Tests.Run;

/// <summary>
/// A live combination's weights at a tick: the combiner sees only days whose forward return is
/// realised by the tick's close, each member's RankIC of such a day is the Spearman of its scores
/// with that return, and nothing after the tick (prices or member scores) moves the weights.
/// </summary>
[Collection("torch")]
public class LiveCombinationTests
{
    private const int Stocks = 12, Days = 50, Horizon = 3, Today = 30, FirstScored = 10;

    /// <summary>Adjusted closes [day, stock] of a random walk.</summary>
    private static double[] Closes(int seed)
    {
        var random = new Random(seed);
        var closes = new double[Days * Stocks];
        for (int s = 0; s < Stocks; s++) closes[s] = 10 + s;
        for (int d = 1; d < Days; d++)
            for (int s = 0; s < Stocks; s++)
                closes[d * Stocks + s] = closes[(d - 1) * Stocks + s] * (1 + 0.03 * (random.NextDouble() - 0.5));
        return closes;
    }

    /// <summary>Two members that see the H-day forward return through different amounts of noise, scoring every day from <see cref="FirstScored"/>.</summary>
    private static FactorPanel[] Members(double[] closes, int seed)
    {
        var random = new Random(seed);
        var dates = Enumerable.Range(0, Days).Select(d => new DateOnly(2024, 1, 1).AddDays(d)).ToArray();
        var codes = Enumerable.Range(0, Stocks).Select(s => $"S{s}").ToArray();
        var members = new[] { new FactorPanel(dates, codes), new FactorPanel(dates, codes) };
        double[] noise = [0.01, 0.03];
        for (int d = FirstScored; d < Days; d++)
            for (int m = 0; m < 2; m++)
            {
                var scores = new double[Stocks];
                for (int s = 0; s < Stocks; s++)
                {
                    double forward = d + Horizon < Days ? closes[(d + Horizon) * Stocks + s] / closes[d * Stocks + s] - 1 : 0;
                    scores[s] = forward + noise[m] * (random.NextDouble() - 0.5);
                }
                members[m].Set(d, scores, 0);
            }
        return members;
    }

    /// <summary>Spearman by its definition: Pearson correlation of the ranks (no ties in random data).</summary>
    private static double Spearman(double[] x, double[] y)
    {
        double[] Ranks(double[] v) => v.Select(a => (double)v.Count(b => b < a)).ToArray();
        var (rx, ry) = (Ranks(x), Ranks(y));
        double mx = rx.Average(), my = ry.Average();
        double cov = rx.Zip(ry, (a, b) => (a - mx) * (b - my)).Sum();
        return cov / Math.Sqrt(rx.Sum(a => (a - mx) * (a - mx)) * ry.Sum(b => (b - my) * (b - my)));
    }

    private sealed class Recording : ICombiner
    {
        public CombinationEvidence? Seen;
        public PluginInfo Info { get; } = new("recording", "1.0.0", PluginFamily.Combiner, "test", []);
        public double[] Weights(CombinationEvidence evidence)
        {
            Seen = evidence;
            return [0.5, 0.5];
        }
    }

    [Fact]
    public void TheCombinerSeesOnlyDaysWhoseForwardReturnIsKnownAtTheTick()
    {
        var closes = Closes(1);
        var members = Members(closes, 2);
        var recording = new Recording();
        LiveCombinations.WeightsAt(recording, ["a", "b"], members, closes, Stocks, Today, Horizon);
        var days = recording.Seen!.Days;
        // Day d's return close[d + H] / close[d] − 1 is known at the close of d + H: days 10 … Today − H.
        Assert.Equal(Enumerable.Range(FirstScored, Today - Horizon - FirstScored + 1), days.Select(d => d.Day));
        Assert.Equal(Today, recording.Seen.FitDay);
        foreach (var day in days)
        {
            var forward = Enumerable.Range(0, Stocks).Select(s => closes[(day.Day + Horizon) * Stocks + s] / closes[day.Day * Stocks + s] - 1).ToArray();
            for (int m = 0; m < 2; m++) Assert.Equal(Spearman(members[m][day.Day]!, forward), day.RankIc[m], 12);
            Assert.Equal(Spearman(members[0][day.Day]!, members[1][day.Day]!), day.ScoreCorrelation[0, 1], 12);
        }
    }

    [Fact]
    public void IcWeightsAtATickAreUnchangedWhenTheMarketAfterTheTickChanges()
    {
        double[] Weights(double[] closes, FactorPanel[] members)
        {
            var combiner = TestPlugins.Registry.Create<ICombiner>("ic_weighted");
            return LiveCombinations.WeightsAt(combiner, ["a", "b"], members, closes, Stocks, Today, Horizon);
        }
        var closes = Closes(1);
        var members = Members(closes, 2);
        var weights = Weights(closes, members);
        // The less noisy member earns more weight: the weights read the evidence, they are not the default.
        Assert.True(weights[0] > weights[1] && weights[1] > 0, $"weights [{string.Join(", ", weights)}]");

        // Another future: every close after the tick and every member score from the tick on differ.
        var other = Closes(99);
        var future = (double[])closes.Clone();
        Array.Copy(other, (Today + 1) * Stocks, future, (Today + 1) * Stocks, (Days - Today - 1) * Stocks);
        var otherMembers = Members(future, 3);
        for (int d = FirstScored; d < Today; d++)
            for (int m = 0; m < 2; m++) otherMembers[m].Set(d, members[m][d]!, 0);
        Assert.NotEqual(members[0][Today]![0], otherMembers[0][Today]![0]);
        Assert.Equal(weights, Weights(future, otherMembers));

        // The tick's own close is known at the tick: changing it moves day Today − H's return and the weights.
        var moved = (double[])closes.Clone();
        for (int s = 0; s < Stocks; s++) moved[Today * Stocks + s] = other[Today * Stocks + s];
        Assert.NotEqual(weights, Weights(moved, members));
    }
}

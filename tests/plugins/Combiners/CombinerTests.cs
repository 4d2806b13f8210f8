using AlphaHost.Plugins.Combiners;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Plugins.Combiners.Tests;

public class CombinerTests
{
    /// <summary>Evidence with the given daily ICs per member ([day][member]) and one constant score correlation matrix.</summary>
    private static CombinationEvidence Evidence(double[][] ics, double[,]? correlation = null)
    {
        int m = ics[0].Length;
        var corr = correlation ?? Identity(m);
        var days = ics.Select((row, d) => new MemberDay(d, row, corr)).ToArray();
        return new CombinationEvidence(Enumerable.Range(0, m).Select(i => $"m{i}").ToArray(), ics.Length + 5, days);
    }

    private static double[,] Identity(int m)
    {
        var c = new double[m, m];
        for (int i = 0; i < m; i++) c[i, i] = 1;
        return c;
    }

    [Fact]
    public void Equal_weight_gives_one_over_members()
    {
        var w = new EqualWeightCombiner().Weights(Evidence([[0.1, 0.0, -0.2]]));
        Assert.Equal([1 / 3.0, 1 / 3.0, 1 / 3.0], w);
    }

    [Fact]
    public void Ic_weighted_is_proportional_to_the_positive_mean_ic()
    {
        // Member means: (0.02 + 0.04) / 2 = 0.03, (0.01 + 0.01) / 2 = 0.01, (-0.05 + 0.01) / 2 = -0.02 → counts 0.
        var combiner = new IcWeightedCombiner();
        combiner.Configure(new IcWeightedConfig { MinDays = 2, WindowDays = 0 });
        var w = combiner.Weights(Evidence([[0.02, 0.01, -0.05], [0.04, 0.01, 0.01]]));
        Assert.Equal(0.75, w[0], 12);
        Assert.Equal(0.25, w[1], 12);
        Assert.Equal(0.0, w[2], 12);
    }

    [Fact]
    public void Ic_weighted_reads_only_the_window()
    {
        // Window 2 keeps the last two days: means 0.03 and 0.06 → 1/3, 2/3; the old day would favour member 0.
        var combiner = new IcWeightedCombiner();
        combiner.Configure(new IcWeightedConfig { MinDays = 2, WindowDays = 2 });
        var w = combiner.Weights(Evidence([[0.9, -0.9], [0.02, 0.05], [0.04, 0.07]]));
        Assert.Equal(1 / 3.0, w[0], 12);
        Assert.Equal(2 / 3.0, w[1], 12);
    }

    [Fact]
    public void Icir_weighting_divides_by_the_sample_deviation()
    {
        // m0: ICs 0.01, 0.03 → mean 0.02, sd √((0.01² + 0.01²)/1) = 0.014142 → ICIR 1.41421;
        // m1: ICs 0.02, 0.06 → mean 0.04, sd 0.028284 → ICIR 1.41421: equal ICIR, equal weights though m1's IC is twice m0's.
        var combiner = new IcWeightedCombiner();
        combiner.Configure(new IcWeightedConfig { MinDays = 2, WindowDays = 0, Statistic = IcStatistic.Icir });
        var w = combiner.Weights(Evidence([[0.01, 0.02], [0.03, 0.06]]));
        Assert.Equal(0.5, w[0], 9);
        Assert.Equal(0.5, w[1], 9);
    }

    [Fact]
    public void Ic_weighted_falls_back_to_equal_without_enough_history_or_positive_ic()
    {
        var combiner = new IcWeightedCombiner();
        combiner.Configure(new IcWeightedConfig { MinDays = 3 });
        Assert.Equal([0.5, 0.5], combiner.Weights(Evidence([[0.2, 0.0], [0.2, 0.0]])));          // 2 days < 3
        Assert.Equal([0.5, 0.5], combiner.Weights(new CombinationEvidence(["a", "b"], 0, [])));    // nothing known yet
        Assert.Equal([0.5, 0.5], combiner.Weights(Evidence([[-0.1, -0.2], [-0.1, -0.2], [-0.1, -0.2]])));
        // A member that did not score (NaN) counts as having no evidence.
        Assert.Equal([0.5, 0.5], combiner.Weights(Evidence([[0.1, double.NaN], [0.1, double.NaN], [0.1, 0.2]])));
    }

    [Fact]
    public void Correlation_pruning_drops_the_member_correlated_with_a_better_one()
    {
        // Mean ICs: m0 0.01, m1 0.03, m2 0.02. corr(m1, m2) = 0.95 > 0.8 → m2 (worse than m1) is dropped;
        // corr(m0, m1) = 0.5, corr(m0, m2) = 0.9 but m2 is not kept, so m0 stays. Kept {m1, m0}: 1/2 each.
        var corr = new double[,] { { 1, 0.5, 0.9 }, { 0.5, 1, 0.95 }, { 0.9, 0.95, 1 } };
        var combiner = new CorrelationPrunedCombiner();
        combiner.Configure(new CorrelationPrunedConfig { MinDays = 2, Threshold = 0.8 });
        var w = combiner.Weights(Evidence([[0.01, 0.03, 0.02], [0.01, 0.03, 0.02]], corr));
        Assert.Equal([0.5, 0.5, 0.0], w);
    }

    [Fact]
    public void Correlation_pruning_uses_the_mean_correlation_over_days()
    {
        // corr(m0, m1) is 0.9 then 0.5: mean 0.7 ≤ 0.8, so both stay.
        var high = new double[,] { { 1, 0.9 }, { 0.9, 1 } };
        var low = new double[,] { { 1, 0.5 }, { 0.5, 1 } };
        var evidence = new CombinationEvidence(["a", "b"], 9, [new MemberDay(0, [0.02, 0.01], high), new MemberDay(1, [0.02, 0.01], low)]);
        var combiner = new CorrelationPrunedCombiner();
        combiner.Configure(new CorrelationPrunedConfig { MinDays = 2, Threshold = 0.8 });
        Assert.Equal([0.5, 0.5], combiner.Weights(evidence));
        combiner.Configure(new CorrelationPrunedConfig { MinDays = 2, Threshold = 0.6 });
        Assert.Equal([1.0, 0.0], combiner.Weights(evidence)); // a has the better IC
    }

    [Fact]
    public void Configs_refuse_bad_values_by_key()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigSchema.Bind<CorrelationPrunedConfig>(
            new ConfigLayer("run.json", new System.Text.Json.Nodes.JsonObject { ["threshold"] = 1.5, ["minDays"] = 1 })));
        Assert.Contains("key 'threshold'", e.Message);
        Assert.Contains("key 'minDays'", e.Message);
    }

    [Fact]
    public void Every_combiner_passes_its_self_test()
    {
        foreach (IPlugin p in new IPlugin[] { new EqualWeightCombiner(), new IcWeightedCombiner(), new CorrelationPrunedCombiner() }) p.SelfTest();
    }
}

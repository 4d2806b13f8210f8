using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Plugins.Combiners;

public enum IcStatistic
{
    /// <summary>Mean daily RankIC.</summary>
    Ic,
    /// <summary>Mean / standard deviation of the daily RankIC (ICIR).</summary>
    Icir,
}

/// <summary>How much history an evidence-based combiner reads, and when it has too little.</summary>
public record EvidenceWindow : PluginConfig
{
    /// <summary>Most recent evidence days read (0 = every day known).</summary>
    public int WindowDays { get; init; } = 120;
    /// <summary>Fewer known daily ICs than this for any member: equal weights (no evidence yet).</summary>
    public int MinDays { get; init; } = 10;

    public override IEnumerable<ConfigError> Validate()
    {
        if (WindowDays < 0) yield return new(nameof(WindowDays), "an integer >= 0 (0 = all known days)", WindowDays);
        if (MinDays < 2) yield return new(nameof(MinDays), "an integer >= 2", MinDays);
    }
}

public sealed record IcWeightedConfig : EvidenceWindow
{
    /// <summary>What a member is weighted by: its mean RankIC or its ICIR (negative values count 0).</summary>
    public IcStatistic Statistic { get; init; } = IcStatistic.Ic;
}

public sealed record CorrelationPrunedConfig : EvidenceWindow
{
    /// <summary>A member whose mean score correlation with a better kept member exceeds this is dropped.</summary>
    public double Threshold { get; init; } = 0.8;

    public override IEnumerable<ConfigError> Validate()
    {
        foreach (var e in base.Validate()) yield return e;
        if (!(Threshold is > -1 and <= 1)) yield return new(nameof(Threshold), "a correlation in (-1, 1]", Threshold);
    }
}

/// <summary>Shared arithmetic of the combiners.</summary>
internal static class Weighting
{
    public static double[] Equal(int members) => Enumerable.Repeat(1.0 / members, members).ToArray();

    /// <summary>The mean daily IC or the ICIR (sample standard deviation) of a series.</summary>
    public static double Of(double[] ics, IcStatistic statistic)
    {
        double mean = ics.Average();
        if (statistic == IcStatistic.Ic) return mean;
        double sd = Math.Sqrt(ics.Sum(x => (x - mean) * (x - mean)) / (ics.Length - 1));
        return sd > 0 ? mean / sd : double.NaN;
    }

    /// <summary>True when every member has at least <paramref name="window"/>.MinDays known ICs.</summary>
    public static bool Enough(CombinationEvidence evidence, EvidenceWindow window) =>
        Enumerable.Range(0, evidence.Members.Count).All(m => evidence.Ics(m, window.WindowDays).Length >= window.MinDays);

    /// <summary>Weights proportional to the non-negative part of <paramref name="strength"/>; equal when none is positive.</summary>
    public static double[] Proportional(double[] strength)
    {
        var positive = strength.Select(s => double.IsFinite(s) && s > 0 ? s : 0).ToArray();
        double sum = positive.Sum();
        return sum > 0 ? positive.Select(s => s / sum).ToArray() : Equal(strength.Length);
    }
}

/// <summary>Every member the same weight.</summary>
public sealed class EqualWeightCombiner : ICombiner
{
    public PluginInfo Info { get; } = new("equal_weight", "1.0.0", PluginFamily.Combiner, "every member the same weight", []);
    public double[] Weights(CombinationEvidence evidence) => Weighting.Equal(evidence.Members.Count);
}

/// <summary>
/// Weights ∝ max(0, mean daily RankIC) (or ICIR) over the recent known days; equal weights until
/// every member has MinDays of evidence, or when no member has a positive IC.
/// </summary>
public sealed class IcWeightedCombiner : ICombiner, IConfigurable<IcWeightedConfig>
{
    private IcWeightedConfig config = new();
    public PluginInfo Info { get; } = new("ic_weighted", "1.0.0", PluginFamily.Combiner,
        "weights proportional to each member's positive past RankIC (or ICIR)", ConfigSchema.KeysOf<IcWeightedConfig>());
    public void Configure(IcWeightedConfig c) => config = c;

    public double[] Weights(CombinationEvidence evidence)
    {
        int m = evidence.Members.Count;
        if (!Weighting.Enough(evidence, config)) return Weighting.Equal(m);
        return Weighting.Proportional(Enumerable.Range(0, m).Select(i => Weighting.Of(evidence.Ics(i, config.WindowDays), config.Statistic)).ToArray());
    }
}

/// <summary>
/// Members ranked by mean past RankIC, best first; each is kept unless its mean score correlation
/// with an already kept (better) member exceeds Threshold; the kept members share equal weights.
/// Until every member has MinDays of evidence nothing is pruned.
/// </summary>
public sealed class CorrelationPrunedCombiner : ICombiner, IConfigurable<CorrelationPrunedConfig>
{
    private CorrelationPrunedConfig config = new();
    public PluginInfo Info { get; } = new("correlation_pruned", "1.0.0", PluginFamily.Combiner,
        "drops members whose scores correlate above a threshold with a better member; equal weights on the rest", ConfigSchema.KeysOf<CorrelationPrunedConfig>());
    public void Configure(CorrelationPrunedConfig c) => config = c;

    public double[] Weights(CombinationEvidence evidence)
    {
        int m = evidence.Members.Count;
        if (!Weighting.Enough(evidence, config)) return Weighting.Equal(m);
        var ic = Enumerable.Range(0, m).Select(i => evidence.Ics(i, config.WindowDays).Average()).ToArray();
        var kept = new List<int>();
        foreach (int i in Enumerable.Range(0, m).OrderByDescending(i => ic[i])) // stable: ties keep the listed order
            if (kept.All(k => !(evidence.MeanCorrelation(i, k, config.WindowDays) > config.Threshold)))
                kept.Add(i);
        var weights = new double[m];
        foreach (int k in kept) weights[k] = 1.0 / kept.Count;
        return weights;
    }
}

namespace AlphaHost.Sdk.Statistics;

/// <summary>Cross-sectional quantile groups ("layers"): group 0 holds the lowest scores.</summary>
public static class Quantiles
{
    /// <summary>
    /// Group of each value among <paramref name="groups"/> equal-count groups by average rank r (1..n):
    /// floor((r − 0.5) · groups / n). Tied values share a rank, hence a group.
    /// With n = 10 and 5 groups: two stocks per group.
    /// </summary>
    public static int[] Assign(ReadOnlySpan<double> values, int groups)
    {
        if (groups < 1) throw new ArgumentOutOfRangeException(nameof(groups), groups, "expected at least 1 group");
        var ranks = RankCorrelation.AverageRanks(values);
        int n = ranks.Length;
        var group = new int[n];
        for (int i = 0; i < n; i++) group[i] = Math.Min(groups - 1, (int)Math.Floor((ranks[i] - 0.5) * groups / n));
        return group;
    }

    /// <summary>Mean of <paramref name="values"/> within each group; NaN for an empty group.</summary>
    public static double[] Means(ReadOnlySpan<int> group, ReadOnlySpan<double> values, int groups)
    {
        if (group.Length != values.Length) throw new ArgumentException($"lengths differ: {group.Length} groups vs {values.Length} values");
        var sum = new double[groups];
        var count = new int[groups];
        for (int i = 0; i < group.Length; i++)
        {
            sum[group[i]] += values[i];
            count[group[i]]++;
        }
        for (int g = 0; g < groups; g++) sum[g] = count[g] > 0 ? sum[g] / count[g] : double.NaN;
        return sum;
    }
}

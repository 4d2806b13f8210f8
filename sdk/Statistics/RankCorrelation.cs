namespace AlphaHost.Sdk.Statistics;

/// <summary>Cross-sectional statistics: average ranks (ties share the mean rank), Pearson, Spearman.</summary>
public static class RankCorrelation
{
    /// <summary>1-based ranks; tied values get the average of the ranks they span.</summary>
    public static double[] AverageRanks(ReadOnlySpan<double> values)
    {
        int n = values.Length;
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        var keys = values.ToArray();
        Array.Sort(keys, order);
        var ranks = new double[n];
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j + 1 < n && keys[j + 1] == keys[i]) j++;
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) ranks[order[k]] = rank;
            i = j + 1;
        }
        return ranks;
    }

    /// <summary>Pearson correlation; NaN when fewer than 2 points or either side has zero variance.</summary>
    public static double Pearson(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length) throw new ArgumentException($"lengths differ: {x.Length} vs {y.Length}");
        int n = x.Length;
        if (n < 2) return double.NaN;
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) { mx += x[i]; my += y[i]; }
        mx /= n;
        my /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++)
        {
            double dx = x[i] - mx, dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        return sxx == 0 || syy == 0 ? double.NaN : sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>Spearman correlation = Pearson of the average ranks.</summary>
    public static double Spearman(ReadOnlySpan<double> x, ReadOnlySpan<double> y) =>
        Pearson(AverageRanks(x), AverageRanks(y));

    /// <summary>
    /// Cross-sectional rank standardisation: average ranks mapped linearly to mean 0 and unit
    /// (population) variance. With no ties, (rank − (n+1)/2) / sqrt((n²−1)/12).
    /// </summary>
    public static double[] RankStandardise(ReadOnlySpan<double> values)
    {
        var ranks = AverageRanks(values);
        int n = ranks.Length;
        if (n < 2) return new double[n];
        double mean = (n + 1) / 2.0, sd = Math.Sqrt((n * (double)n - 1) / 12.0);
        for (int i = 0; i < n; i++) ranks[i] = (ranks[i] - mean) / sd;
        return ranks;
    }
}

namespace AlphaHost.Host.Panel;

/// <summary>The few numbers the cockpit derives from a snapshot.</summary>
public static class CockpitMath
{
    /// <summary>Mean of the last <paramref name="window"/> values at each point (fewer at the start).</summary>
    public static double[] RollingMean(IReadOnlyList<double> values, int window)
    {
        if (window < 1) throw new ArgumentOutOfRangeException(nameof(window), window, "window must be at least 1");
        var means = new double[values.Count];
        var sum = 0.0;
        for (var i = 0; i < values.Count; i++)
        {
            sum += values[i];
            if (i >= window) sum -= values[i - window];
            means[i] = sum / Math.Min(i + 1, window);
        }
        return means;
    }

    /// <summary>Mean of the last <paramref name="count"/> finite values (all of them when null); null when there are none.</summary>
    public static double? TailMean(IReadOnlyList<double> values, int? count = null)
    {
        var tail = values.Skip(count is int n ? Math.Max(0, values.Count - n) : 0).Where(double.IsFinite).ToList();
        return tail.Count == 0 ? null : tail.Average();
    }

    /// <summary>Running sum, NaN counted as 0 (a day without a RankIC adds nothing).</summary>
    public static double[] Cumulative(IReadOnlyList<double> values)
    {
        var sums = new double[values.Count];
        var sum = 0.0;
        for (var i = 0; i < values.Count; i++) sums[i] = sum += double.IsFinite(values[i]) ? values[i] : 0;
        return sums;
    }

    /// <summary>NAV over benchmark minus one; null without a benchmark.</summary>
    public static decimal? Excess(decimal nav, decimal benchmark) => benchmark == 0 ? null : nav / benchmark - 1;
}

namespace AlphaHost.Host.Panel;

/// <summary>The few numbers the panel derives from a snapshot.</summary>
public static class PanelMath
{
    private const string Blocks = "▁▂▃▄▅▆▇█";

    /// <summary>
    /// One block character per value, scaled from the series' minimum (▁) to maximum (█); a flat
    /// series is all ▄, NaN is a space.
    /// </summary>
    public static string Sparkline(IReadOnlyList<double> values)
    {
        var finite = values.Where(double.IsFinite).ToList();
        if (finite.Count == 0) return new string(' ', values.Count);
        double min = finite.Min(), max = finite.Max();
        return string.Concat(values.Select(v =>
            !double.IsFinite(v) ? ' '
            : max == min ? Blocks[3]
            : Blocks[(int)Math.Round((v - min) / (max - min) * (Blocks.Length - 1), MidpointRounding.AwayFromZero)]));
    }

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

    /// <summary>NAV over benchmark minus one; null without a benchmark.</summary>
    public static decimal? Excess(decimal nav, decimal benchmark) => benchmark == 0 ? null : nav / benchmark - 1;
}

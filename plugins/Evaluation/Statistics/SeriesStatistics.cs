namespace AlphaHost.Plugins.Evaluation;

/// <summary>Statistics of a time series of daily values (IC, excess returns). NaN when undefined.</summary>
public static class SeriesStatistics
{
    public const int TradingDaysPerYear = 252;

    public static double Mean(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return double.NaN;
        double sum = 0;
        foreach (var v in values) sum += v;
        return sum / values.Count;
    }

    /// <summary>Sample standard deviation (n − 1); NaN with fewer than 2 values.</summary>
    public static double SampleStd(IReadOnlyList<double> values)
    {
        if (values.Count < 2) return double.NaN;
        double mean = Mean(values), sum = 0;
        foreach (var v in values) sum += (v - mean) * (v - mean);
        return Math.Sqrt(sum / (values.Count - 1));
    }

    /// <summary>Mean / sample std, not annualised (the usual ICIR); NaN when the std is 0 or undefined.</summary>
    public static double InformationRatio(IReadOnlyList<double> values)
    {
        double sd = SampleStd(values);
        return sd > 0 ? Mean(values) / sd : double.NaN;
    }

    /// <summary>Sharpe of daily returns: mean / sample std × sqrt(252).</summary>
    public static double AnnualisedSharpe(IReadOnlyList<double> dailyReturns) =>
        InformationRatio(dailyReturns) * Math.Sqrt(TradingDaysPerYear);

    /// <summary>
    /// Largest peak-to-trough fall of the NAV compounded from <paramref name="dailyReturns"/>
    /// (starting at 1, which counts as a peak), as a positive fraction: max_t 1 − NAV_t / max_{s≤t} NAV_s.
    /// </summary>
    public static double MaxDrawdown(IReadOnlyList<double> dailyReturns)
    {
        double nav = 1, peak = 1, worst = 0;
        foreach (var r in dailyReturns)
        {
            nav *= 1 + r;
            peak = Math.Max(peak, nav);
            worst = Math.Max(worst, 1 - nav / peak);
        }
        return worst;
    }
}

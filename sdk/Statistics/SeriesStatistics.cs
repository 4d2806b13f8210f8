namespace AlphaHost.Sdk.Statistics;

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

    /// <summary>Standard error of the mean treating the values as independent: sample std / √n.</summary>
    public static double StandardError(IReadOnlyList<double> values) => SampleStd(values) / Math.Sqrt(values.Count);

    /// <summary>
    /// Newey–West (Bartlett-kernel HAC) standard error of the mean with <paramref name="lags"/> lags:
    /// √((γ₀ + 2 Σ_{l=1..L} (1 − l/(L+1)) γ_l) / n), γ_l = (1/n) Σ_t (x_t − x̄)(x_{t−l} − x̄).
    /// Daily ICs of H-day forward returns overlap by H − 1 days, so neighbours are correlated and
    /// the plain √n error is too small; L = H covers the overlap. NaN with fewer than 2 values.
    /// </summary>
    public static double NeweyWestStandardError(IReadOnlyList<double> values, int lags)
    {
        int n = values.Count;
        if (n < 2) return double.NaN;
        double mean = Mean(values);
        double Autocovariance(int lag)
        {
            double sum = 0;
            for (int t = lag; t < n; t++) sum += (values[t] - mean) * (values[t - lag] - mean);
            return sum / n;
        }
        double variance = Autocovariance(0);
        for (int lag = 1; lag <= Math.Min(lags, n - 1); lag++) variance += 2 * (1 - lag / (lags + 1.0)) * Autocovariance(lag);
        return Math.Sqrt(Math.Max(variance, 0) / n);
    }

    /// <summary>
    /// Standard error of the mean of values that come in clusters sharing a common effect (the days
    /// one fitted model scored share its weights): the cluster means are the independent draws, and the
    /// error of the overall mean is the sample std of the cluster means / √(clusters) — the between-cluster
    /// error of a balanced design. NaN with fewer than 2 clusters.
    /// </summary>
    public static double ClusterStandardError(IEnumerable<IReadOnlyList<double>> clusters)
    {
        var means = clusters.Where(c => c.Count > 0).Select(Mean).ToList();
        return means.Count < 2 ? double.NaN : StandardError(means);
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

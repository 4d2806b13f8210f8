using AlphaHost.Sdk.Statistics;
using AlphaHost.Host.Trading;
using AlphaHost.Host.Grading;

namespace AlphaHost.Host.Reports;

/// <summary>Annualised figures of one daily value series (NAV or benchmark) over a window.</summary>
public sealed record SeriesFigures(double TotalReturn, double AnnualReturn, double AnnualVol, double Sharpe, double MaxDrawdown)
{
    /// <summary>
    /// From levels v_0..v_n (v_0 = the base): total = v_n/v_0 − 1; annual = (1 + total)^(252/n) − 1;
    /// vol = sample std of the daily simple returns × √252; Sharpe = mean / std × √252 (no risk-free
    /// rate); max drawdown = the worst v_t / max(v_0..v_t) − 1 (≤ 0).
    /// </summary>
    public static SeriesFigures Of(IReadOnlyList<double> levels)
    {
        int n = levels.Count - 1;
        if (n < 1) return new(0, double.NaN, double.NaN, double.NaN, 0);
        var daily = new double[n];
        double peak = levels[0], dd = 0;
        for (int t = 1; t <= n; t++)
        {
            daily[t - 1] = levels[t] / levels[t - 1] - 1;
            peak = Math.Max(peak, levels[t]);
            dd = Math.Min(dd, levels[t] / peak - 1);
        }
        double year = SeriesStatistics.TradingDaysPerYear;
        double total = levels[n] / levels[0] - 1;
        double mean = SeriesStatistics.Mean(daily);
        double sd = n > 1 ? Math.Sqrt(daily.Sum(r => (r - mean) * (r - mean)) / (n - 1)) : double.NaN;
        return new(total, Math.Pow(1 + total, year / n) - 1, sd * Math.Sqrt(year), sd > 0 ? mean / sd * Math.Sqrt(year) : double.NaN, dd);
    }
}

/// <summary>
/// The paper portfolio against the benchmark from the day trading starts: the first tick with a
/// fill is day 1 and the close before it (the close the first orders were decided at, still all
/// cash) is the base both series are rebased to. The ticks before the first fill are the warm-up
/// (WarmupDays; no model yet, all cash); only the base's close of them enters a figure, as the origin. Costs per year as a share of average NAV =
/// (costs paid in the window / mean NAV over the window) × 252 / days.
/// </summary>
public sealed record PaperPerformance(
    int WarmupDays, DateOnly? Start, int Days,
    SeriesFigures Portfolio, SeriesFigures Benchmark,
    decimal Costs, double CostsPerYearOfAverageNav, double MeanTurnover,
    IReadOnlyList<NavPoint> Nav)
{
    /// <summary>Annual return of the portfolio minus that of the benchmark (simple difference).</summary>
    public double ExcessAnnualReturn => Portfolio.AnnualReturn - Benchmark.AnnualReturn;

    public static PaperPerformance From(IReadOnlyList<TradingPoint> series)
    {
        int first = -1;
        for (int t = 0; t < series.Count; t++)
            if (series[t].Turnover > 0) { first = t; break; }
        if (first < 0) return new(series.Count, null, 0, SeriesFigures.Of([]), SeriesFigures.Of([]), 0, 0, 0, []);
        int b = Math.Max(0, first - 1);
        var window = series.Skip(b).ToList();
        var nav = window.Select(p => p.NavIndex).ToList();
        var bench = window.Select(p => p.Benchmark).ToList();
        int days = window.Count - 1;
        var traded = window.Skip(1).ToList();
        decimal costs = traded.Sum(p => p.Costs);
        double meanNav = traded.Count == 0 ? double.NaN : traded.Average(p => (double)p.Nav);
        double costShare = days == 0 ? 0 : (double)costs / meanNav * SeriesStatistics.TradingDaysPerYear / days;
        var rebased = window.Select(p => new NavPoint(p.Date, p.NavIndex / nav[0], p.Benchmark / bench[0])).ToArray();
        return new(first, window[0].Date, days, SeriesFigures.Of(nav), SeriesFigures.Of(bench), costs, costShare,
            traded.Count == 0 ? 0 : traded.Average(p => p.Turnover), rebased);
    }

    /// <summary>The paper keys of metrics.json (fractions; money in the account currency).</summary>
    public Dictionary<string, object> ToMetrics() => new()
    {
        ["paper_warmup_days"] = WarmupDays,
        ["paper_days"] = Days,
        ["paper_annual_return"] = Portfolio.AnnualReturn,
        ["paper_annual_vol"] = Portfolio.AnnualVol,
        ["paper_sharpe"] = Portfolio.Sharpe,
        ["paper_max_drawdown"] = Portfolio.MaxDrawdown,
        ["benchmark_annual_return"] = Benchmark.AnnualReturn,
        ["benchmark_annual_vol"] = Benchmark.AnnualVol,
        ["benchmark_sharpe"] = Benchmark.Sharpe,
        ["benchmark_max_drawdown"] = Benchmark.MaxDrawdown,
        ["paper_excess_annual_return"] = ExcessAnnualReturn,
        ["paper_costs"] = Costs,
        ["paper_costs_per_year_of_avg_nav"] = CostsPerYearOfAverageNav,
        ["paper_turnover"] = MeanTurnover,
    };
}

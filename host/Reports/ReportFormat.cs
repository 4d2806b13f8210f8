using System.Collections;
using System.Globalization;
using AlphaHost.Host.Grading;

namespace AlphaHost.Host.Reports;

/// <summary>How numbers read in both reports: returns as percentages, ratios with 2 decimals, ICs with 4; "n/a" when not measurable.</summary>
public static class ReportFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Percent(double x, int decimals = 2) => double.IsFinite(x) ? (x * 100).ToString("F" + decimals, Invariant) + "%" : "n/a";
    public static string Number(double x, int decimals) => double.IsFinite(x) ? x.ToString("F" + decimals, Invariant) : "n/a";

    /// <summary>Money in whole currency units with thousands separators: 4,428,580.</summary>
    public static string Money(double x) => double.IsFinite(x) ? x.ToString("N0", Invariant) : "n/a";

    /// <summary>A number without scientific notation: whole or large values with thousands separators, others with 4 decimals.</summary>
    public static string Plain(double x) =>
        !double.IsFinite(x) ? "n/a" : Math.Abs(x) >= 1000 || x == Math.Round(x) ? x.ToString("N0", Invariant) : x.ToString("F4", Invariant);

    /// <summary>A signed percentage: +12.34% / −5.00%.</summary>
    public static string SignedPercent(double x, int decimals = 2) => double.IsFinite(x) ? (x >= 0 ? "+" : "") + Percent(x, decimals) : "n/a";

    /// <summary>Label and formatting of the known scalar metrics, in the order a reader wants them.</summary>
    private static readonly (string Key, string Label, Func<double, string> Format)[] Known =
    [
        ("rank_ic_mean", "RankIC mean", x => Number(x, 4)),
        ("rank_icir", "RankICIR", x => Number(x, 3)),
        ("oracle_rank_ic", "oracle RankIC (the planted alpha's own)", x => Number(x, 4)),
        ("ic_mean", "IC mean", x => Number(x, 4)),
        ("icir", "ICIR", x => Number(x, 3)),
        ("long_short_return", "long-short return (per horizon)", x => Percent(x, 3)),
        ("alpha_return", "alpha return, annual, after costs", x => Percent(x)),
        ("alpha_return_nc", "alpha return, annual, no costs", x => Percent(x)),
        ("alpha_sharpe", "alpha Sharpe, after costs", x => Number(x, 2)),
        ("alpha_sharpe_nc", "alpha Sharpe, no costs", x => Number(x, 2)),
        ("alpha_drawdown", "alpha max drawdown", x => Percent(x)),
        ("alpha_drawdown_nc", "alpha max drawdown, no costs", x => Percent(x)),
        ("turnover", "top-quantile turnover (one-way, per day)", x => Percent(x, 1)),
        ("rank_autocorrelation", "factor rank autocorrelation (lag 1)", x => Number(x, 3)),
        ("ic_days", "days with an IC", Plain),
        ("paper_annual_return", "paper portfolio: annual return", x => Percent(x)),
        ("benchmark_annual_return", "benchmark: annual return", x => Percent(x)),
        ("paper_excess_annual_return", "paper portfolio: excess annual return over the benchmark", x => Percent(x)),
        ("paper_annual_vol", "paper portfolio: annual volatility", x => Percent(x)),
        ("benchmark_annual_vol", "benchmark: annual volatility", x => Percent(x)),
        ("paper_sharpe", "paper portfolio: Sharpe", x => Number(x, 2)),
        ("benchmark_sharpe", "benchmark: Sharpe", x => Number(x, 2)),
        ("paper_max_drawdown", "paper portfolio: max drawdown", x => Percent(x)),
        ("benchmark_max_drawdown", "benchmark: max drawdown", x => Percent(x)),
        ("paper_costs_per_year_of_avg_nav", "paper portfolio: costs per year, % of average NAV", x => Percent(x)),
        ("paper_costs", "paper portfolio: costs paid since trading started", Money),
        ("paper_turnover", "paper portfolio: turnover (one-way, per day)", x => Percent(x, 1)),
        ("paper_warmup_days", "warm-up days (no model yet, all cash)", Plain),
        ("paper_days", "days traded", Plain),
        ("final_nav", "final NAV", Money),
        ("total_return", "paper portfolio: total return, whole run", x => Percent(x)),
        ("benchmark_return", "benchmark: total return, whole run", x => Percent(x)),
        ("excess_return", "excess NAV over the benchmark, whole run", x => Percent(x)),
        ("max_drawdown", "paper portfolio: max drawdown, whole run", x => Percent(x)),
        ("costs_paid", "costs paid", Money),
        ("commission", "commission", Money),
        ("stamp_duty", "stamp duty", Money),
        ("slippage", "slippage", Money),
        ("fills", "fills", Plain),
        ("rank_ic_se", "RankIC standard error (days independent)", x => Number(x, 4)),
        ("rank_ic_se_newey_west", "RankIC standard error (Newey-West)", x => Number(x, 4)),
        ("rank_ic_se_by_fit", "RankIC standard error (clustered by fitted model)", x => Number(x, 4)),
        ("scored_days", "days scored out of sample", Plain),
    ];

    /// <summary>Settings echoed in the context lines instead of the summary.</summary>
    private static readonly HashSet<string> Settings = ["horizon", "price", "quantiles", "cost_per_side", "benchmark"];

    /// <summary>Summary rows: the known metrics first, then any other scalar or small map (e.g. rejected_by_rule).</summary>
    public static IReadOnlyList<(string Label, string Value)> SummaryRows(IReadOnlyDictionary<string, object> metrics)
    {
        var rows = new List<(string, string)>();
        foreach (var (key, label, format) in Known)
            if (metrics.TryGetValue(key, out var value) && AsDouble(value) is { } x) rows.Add((label, format(x)));
        foreach (var (key, value) in metrics)
        {
            if (Settings.Contains(key) || Known.Any(k => k.Key == key)) continue;
            if (AsDouble(value) is { } x) rows.Add((key, Plain(x)));
            else if (value is string s) rows.Add((key, s));
            else if (value is IDictionary map && key != "ic_decay")
                rows.Add((key, map.Count == 0 ? "none" : string.Join(", ", Entries(map).Select(e => $"{e.Key}: {Convert.ToString(e.Value, Invariant)}"))));
        }
        return rows;
    }

    /// <summary>A non-generic dictionary's entries (its own enumerator yields DictionaryEntry; LINQ's would not).</summary>
    private static IEnumerable<DictionaryEntry> Entries(IDictionary map)
    {
        foreach (DictionaryEntry entry in map) yield return entry;
    }

    public static double? AsDouble(object? value) => value switch
    {
        double d => d,
        float f => f,
        decimal m => (double)m,
        int or long or short => Convert.ToDouble(value, Invariant),
        _ => null,
    };

    /// <summary>Per-year table: header and one row per year, then the whole period.</summary>
    public static readonly string[] YearHeader =
        ["year", "days", "alpha return", "alpha return (no costs)", "alpha Sharpe", "alpha Sharpe (no costs)", "alpha max drawdown", "alpha max drawdown (no costs)", "turnover"];

    public static string[] YearCells(AlphaRow row) =>
    [
        row.Year?.ToString(Invariant) ?? "all",
        row.Days.ToString(Invariant),
        Percent(row.AlphaReturn), Percent(row.AlphaReturnNc),
        Number(row.AlphaSharpe, 2), Number(row.AlphaSharpeNc, 2),
        Percent(row.AlphaDrawdown), Percent(row.AlphaDrawdownNc), Percent(row.Turnover, 1),
    ];

    public static IEnumerable<AlphaRow> YearRows(ReportData data) =>
        data.Overall is null ? data.ByYear : data.ByYear.Append(data.Overall);
}

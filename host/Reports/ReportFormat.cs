using System.Collections;
using System.Globalization;
using AlphaHost.Plugins.Evaluation;

namespace AlphaHost.Host.Reports;

/// <summary>How numbers read in both reports: returns as percentages, ratios with 2 decimals, ICs with 4; "n/a" when not measurable.</summary>
public static class ReportFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Percent(double x, int decimals = 2) => double.IsFinite(x) ? (x * 100).ToString("F" + decimals, Invariant) + "%" : "n/a";
    public static string Number(double x, int decimals) => double.IsFinite(x) ? x.ToString("F" + decimals, Invariant) : "n/a";

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
        ("turnover", "top-quantile turnover (one-way, per day)", x => Percent(x, 1)),
        ("rank_autocorrelation", "factor rank autocorrelation (lag 1)", x => Number(x, 3)),
        ("ic_days", "days with an IC", x => Number(x, 0)),
        ("final_nav", "final NAV", x => Number(x, 2)),
        ("fills", "fills", x => Number(x, 0)),
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
            if (AsDouble(value) is { } x) rows.Add((key, x.ToString("G6", Invariant)));
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
        ["year", "days", "alpha return", "alpha return (no costs)", "alpha Sharpe", "alpha Sharpe (no costs)", "alpha max drawdown", "turnover"];

    public static string[] YearCells(AlphaRow row) =>
    [
        row.Year?.ToString(Invariant) ?? "all",
        row.Days.ToString(Invariant),
        Percent(row.AlphaReturn), Percent(row.AlphaReturnNc),
        Number(row.AlphaSharpe, 2), Number(row.AlphaSharpeNc, 2),
        Percent(row.AlphaDrawdown), Percent(row.Turnover, 1),
    ];

    public static IEnumerable<AlphaRow> YearRows(ReportData data) =>
        data.Overall is null ? data.ByYear : data.ByYear.Append(data.Overall);
}

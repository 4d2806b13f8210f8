using AlphaHost.Host.Grading;
using AlphaHost.Sdk.Statistics;

namespace AlphaHost.Host.Reports;

/// <summary>A table of the report (e.g. a classification's scores or confusion matrix): title, header, rows of formatted cells.</summary>
public sealed record ReportTable(string Title, IReadOnlyList<string> Header, IReadOnlyList<string[]> Rows);

/// <summary>One point of a training curve: an epoch of one retrain window.</summary>
public sealed record TrainingPoint(int Retrain, int Epoch, double TrainLoss, double ValidationMetric);

/// <summary>
/// Everything report.md, report.html and metrics.json show. <see cref="FromEvaluation"/> fills the
/// factor part; a run adds its NAV, training curves and extra metrics with <c>with</c> and
/// <see cref="WithMetrics"/>. Optional parts (null or empty) are left out of the reports.
/// </summary>
public sealed record ReportData
{
    public required string Title { get; init; }

    /// <summary>What was evaluated, as (label, value) lines: market file, factor, horizon, price, benchmark.</summary>
    public IReadOnlyList<(string Label, string Value)> Context { get; init; } = [];

    /// <summary>The lines a reader takes in first (factor quality, paper result, costs), already formatted; shown at the top.</summary>
    public IReadOnlyList<(string Label, string Value)> Headline { get; init; } = [];

    public IReadOnlyList<IcPoint> Ic { get; init; } = [];

    /// <summary>Window (days) of the rolling mean drawn over the daily IC.</summary>
    public int RollingWindow { get; init; } = 20;

    public IReadOnlyList<DecayPoint> IcDecay { get; init; } = [];
    public IReadOnlyList<QuantileCurvePoint> QuantileCurves { get; init; } = [];

    public IReadOnlyList<NavPoint>? Nav { get; init; }
    public string NavLabel { get; init; } = "strategy";
    public IReadOnlyList<TrainingPoint>? Training { get; init; }
    public string ValidationMetricName { get; init; } = "validation metric";

    public IReadOnlyList<AlphaRow> ByYear { get; init; } = [];

    /// <summary>Further tables, shown after the per-year table (classification, grades per horizon).</summary>
    public IReadOnlyList<ReportTable> Tables { get; init; } = [];
    public AlphaRow? Overall { get; init; }

    /// <summary>Exactly what metrics.json holds (numbers, strings, arrays, nested dictionaries; NaN is written as null).</summary>
    public IReadOnlyDictionary<string, object> Metrics { get; init; } = new Dictionary<string, object>();

    /// <summary>Definitions printed under the tables, so a reader knows what each number means.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    public static ReportData FromEvaluation(string title, EvaluationResult result)
    {
        var c = result.Config;
        return new ReportData
        {
            Title = title,
            Ic = result.Ic,
            IcDecay = result.IcDecay,
            QuantileCurves = result.QuantileCurves(),
            Nav = result.TopQuantileNav(),
            NavLabel = "top quantile, after costs",
            ByYear = result.ByYear,
            Overall = result.Overall,
            Metrics = result.ToMetrics(),
            Notes =
            [
                c.Price == EntryPrice.Close
                    ? $"Forward return of a factor dated t: close[t+{c.Horizon}] / close[t] - 1 (adjusted prices)."
                    : $"Forward return of a factor dated t: {c.Price.ToString().ToLowerInvariant()}[t+1+{c.Horizon}] / {c.Price.ToString().ToLowerInvariant()}[t+1] - 1 (adjusted prices; the trade enters the next day).",
                "IC = Pearson, RankIC = Spearman with average ranks for ties, per day over the stocks having both a factor value and a forward return; ICIR = mean / sample std of the daily values (not annualised).",
                $"Quantiles: {c.Quantiles} equal-count groups by the day's average rank, quantile 1 = lowest scores. Quantile returns and long-short (top - bottom) use the {c.Horizon}-day forward return; cumulative curves hold each quantile equal-weighted for one day at a time.",
                AlphaRow.Definition + $" Cost per side: {ReportFormat.Percent(c.CostPerSide, 3)}.",
            ],
        };
    }

    /// <summary>A copy whose metrics also hold <paramref name="extra"/> (later keys win), e.g. TradingResults.ToMetrics().</summary>
    public ReportData WithMetrics(IEnumerable<KeyValuePair<string, object>> extra)
    {
        var merged = new Dictionary<string, object>(Metrics, StringComparer.Ordinal);
        foreach (var (key, value) in extra) merged[key] = value;
        return this with { Metrics = merged };
    }
}

using AlphaHost.Host.Market.Evaluation;
using AlphaHost.Host.Market.Store;
using AlphaHost.Host.Grading;

namespace AlphaHost.Host.Cli;

/// <summary>
/// Grades a factor file against a stored market: prices through the store's PanelReader
/// (adjusted: price × adj_factor), the benchmark index when the market has one (else the
/// equal-weight universe), and, on a synthetic market, the planted alpha's own RankIC as the ceiling.
/// Prices of suspended days are the flat stored ones, as the oracle uses them.
/// </summary>
public sealed class MarketFactorEvaluation
{
    public const string DefaultBenchmark = "benchmark";

    public EvaluationResult Result { get; }
    public string BenchmarkLabel { get; }
    /// <summary>The planted alpha's mean RankIC at the same horizon, close to close (synthetic markets); NaN otherwise.</summary>
    public double Oracle { get; } = double.NaN;
    public int Days { get; }

    public MarketFactorEvaluation(MarketDatabase db, FactorFile factor, EvaluationConfig config, string? benchmark)
    {
        config.Validate();
        if (factor.Rows.Count == 0) throw new InvalidDataException($"{factor.Path}: no scores to evaluate");
        var reader = new PanelReader(db);
        var calendar = reader.Dates(factor.Rows[0].Date, DateOnly.MaxValue);
        var dayOf = new Dictionary<DateOnly, int>(calendar.Length);
        for (int d = 0; d < calendar.Length; d++) dayOf[calendar[d]] = d;
        foreach (var row in factor.Rows)
            if (!dayOf.ContainsKey(row.Date))
                throw new InvalidDataException($"{factor.Path} line {row.Line}: {row.Date:yyyy-MM-dd} is not a trading day of {db.Path}");

        // Enough days after the last score for its longest horizon; nothing later is read.
        int lastNeeded = Math.Min(calendar.Length - 1, dayOf[factor.Rows[^1].Date] + config.EntryLag + Math.Max(config.Horizon, config.DecayHorizons));
        var dates = calendar[..(lastNeeded + 1)];
        string[] fields = config.Price switch
        {
            EntryPrice.Close => [PanelReader.AdjustedClose],
            EntryPrice.Open => ["open", "adj_factor"],
            _ => ["vwap", "adj_factor"],
        };
        var panel = reader.Read(dates[0], dates[^1], fields);
        var column = new Dictionary<string, int>(panel.Stocks, StringComparer.Ordinal);
        for (int s = 0; s < panel.Stocks; s++) column[panel.Codes[s]] = s;

        var scores = new double[panel.Days][];
        for (int d = 0; d < panel.Days; d++) scores[d] = Enumerable.Repeat(double.NaN, panel.Stocks).ToArray();
        foreach (var row in factor.Rows)
        {
            if (!column.TryGetValue(row.Code, out int s))
                throw new InvalidDataException($"{factor.Path} line {row.Line}: code '{row.Code}' has no bars in {db.Path} between {dates[0]:yyyy-MM-dd} and {dates[^1]:yyyy-MM-dd}");
            scores[dayOf[row.Date]][s] = row.Value;
        }

        var levels = BenchmarkLevels(reader, benchmark, dates, out var label);
        BenchmarkLabel = label;
        var evaluator = new FactorEvaluator(panel.Codes, config);
        var prices = new double[panel.Stocks];
        for (int d = 0; d < panel.Days; d++)
        {
            for (int s = 0; s < panel.Stocks; s++)
            {
                double price = panel[d, s, 0];
                if (fields.Length == 2)
                {
                    double adj = panel[d, s, 1];
                    price *= double.IsNaN(adj) ? 1 : adj; // no adj_factor stored means unadjusted = adjusted
                }
                prices[s] = price;
            }
            evaluator.AddDay(panel.Dates[d], scores[d], prices, levels[d]);
        }
        Result = evaluator.Result();
        Days = panel.Days;

        if (db.Scalar("SELECT EXISTS(SELECT 1 FROM planted_alpha)") is 1L)
            Oracle = OracleRankIc.Measure(db, config.Horizon).Mean;
    }

    /// <summary>Index levels by day; NaN throughout (equal-weight universe) when no index is named and the default one is absent.</summary>
    private static double[] BenchmarkLevels(PanelReader reader, string? name, DateOnly[] dates, out string label)
    {
        var levels = Enumerable.Repeat(double.NaN, dates.Length).ToArray();
        name ??= reader.IndexNames().Contains(DefaultBenchmark) ? DefaultBenchmark : null;
        if (name is null)
        {
            label = "equal-weight universe (the market has no benchmark index)";
            return levels;
        }
        var (indexDates, closes) = reader.ReadIndex(name, dates[0], dates[^1]);
        var at = new Dictionary<DateOnly, double>(indexDates.Length);
        for (int i = 0; i < indexDates.Length; i++) at[indexDates[i]] = closes[i];
        for (int d = 0; d < dates.Length; d++) levels[d] = at.GetValueOrDefault(dates[d], double.NaN);
        label = $"index '{name}'";
        return levels;
    }
}

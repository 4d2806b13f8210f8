using System.Globalization;
using System.Text.Json;
using AlphaHost.Host.Cli;
using AlphaHost.Host.Research;
using AlphaHost.Host.Trading;

namespace AlphaHost.Host.Run;

/// <summary>What a run produced, written as metrics.json, report.md and the factor and training CSVs.</summary>
public sealed record RunSummary(RunConfig Config, string MarketPath, int ScoredDays, double RankIcMean, double? OracleRankIc,
    TradingResults Trading, IReadOnlyList<EpochProgress> Curves, FactorPanel Factor)
{
    public static RunSummary From(RunConfig config, string marketPath, ResearchPanel panel, FactorPanel factor, TradingResults trading, IReadOnlyList<EpochProgress> slotCurves)
    {
        double rankIc = factor.ForwardRankIc(panel, config.Horizon);
        double? oracle = ResearchRun.PlantedAlpha(marketPath, panel) is { } planted ? factor.ForwardRankIc(panel, config.Horizon, planted) : null;
        return new RunSummary(config, marketPath, factor.ScoredDays.Count(), rankIc, oracle, trading, slotCurves, factor);
    }

    public void Write(string dir, TextWriter log)
    {
        Factor.WriteCsv(Path.Combine(dir, "factor.csv"));
        TrainingCurves.Write(Path.Combine(dir, "training.csv"), Curves);
        var metrics = new Dictionary<string, object?>
        {
            ["rank_ic_mean"] = RankIcMean,
            ["oracle_rank_ic"] = OracleRankIc,
            ["scored_days"] = ScoredDays,
        };
        foreach (var (k, v) in Trading.ToMetrics()) metrics[k] = v;
        File.WriteAllText(Path.Combine(dir, "metrics.json"), JsonSerializer.Serialize(metrics, new JsonSerializerOptions { WriteIndented = true }));
        string F(double v) => v.ToString("F4", CultureInfo.InvariantCulture);
        log.WriteLine($"scored {ScoredDays} days out of sample with {Config.Model} ({Config.Loss} loss)");
        log.WriteLine($"rank_ic_mean ({Config.Horizon}d) {F(RankIcMean)}" + (OracleRankIc is double o ? $", oracle {F(o)} on the same days ({(RankIcMean / o).ToString("P0", CultureInfo.InvariantCulture)} of the ceiling)" : ""));
        log.WriteLine($"paper portfolio: final NAV {Trading.FinalNav:N0}, return {Trading.TotalReturn:P2} vs benchmark {Trading.BenchmarkReturn:P2}, max drawdown {Trading.MaxDrawdown:P2}, fills {Trading.Fills}");
        log.WriteLine($"wrote {dir}/metrics.json, factor.csv, training.csv");
    }
}

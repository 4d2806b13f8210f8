using System.Diagnostics;
using System.Globalization;
using AlphaHost.Host.Cli;
using AlphaHost.Host.Market;
using AlphaHost.Host.Market.Store;
using AlphaHost.Host.Grading;
using AlphaHost.Plugins.Market.Synthetic;

namespace AlphaHost.Bench;

/// <summary>
/// Evaluation speed: `evaluate [STOCKS DAYS]` (default 500 × 1500). Generates a synthetic market
/// (not timed), writes its planted alpha as a factor CSV, then times the evaluator alone on
/// in-memory prices (20 decay horizons) and the whole `alphahost evaluate` (CSV, panel read,
/// evaluation, oracle, metrics.json + report.md + report.html).
/// </summary>
public sealed class EvaluateBench : IBench
{
    public string Name => "evaluate";
    public string Description => "evaluate [stocks days]: FactorEvaluator and the whole `alphahost evaluate` on the planted alpha";

    public void Run(string[] args)
    {
        int stocks = args.Length > 0 && int.TryParse(args[0], out int s) ? s : 500;
        int days = args.Length > 1 && int.TryParse(args[1], out int d) ? d : 1500;
        var dir = Directory.CreateTempSubdirectory("alphahost-bench-evaluate-");
        try
        {
            var dbPath = Path.Combine(dir.FullName, "market.db");
            var factorPath = Path.Combine(dir.FullName, "planted.csv");
            using (var db = MarketDatabase.Create(dbPath))
            {
                MarketGeneration.Generate(new EquityMarketGenerator(new EquityMarketConfig { Stocks = stocks, Days = days }), db);
                WritePlantedAlpha(db, factorPath);
            }

            using (var db = MarketDatabase.Open(dbPath))
            {
                var reader = new PanelReader(db);
                var all = reader.Dates(DateOnly.MinValue, DateOnly.MaxValue);
                var prices = reader.Read(all[0], all[^1], [PanelReader.AdjustedClose]);
                var alpha = reader.ReadPlantedAlpha(all[0], all[^1], prices.Codes);
                var clock = Stopwatch.StartNew();
                var evaluator = new FactorEvaluator(prices.Codes, new EvaluationConfig());
                var score = new double[prices.Stocks];
                var price = new double[prices.Stocks];
                for (int t = 0; t < prices.Days; t++)
                {
                    for (int i = 0; i < prices.Stocks; i++)
                    {
                        score[i] = alpha[t, i, 0];
                        price[i] = prices[t, i, 0];
                    }
                    evaluator.AddDay(prices.Dates[t], score, price);
                }
                var result = evaluator.Result();
                double seconds = clock.Elapsed.TotalSeconds;
                Console.WriteLine(Invariant($"evaluate_stocks {stocks}"));
                Console.WriteLine(Invariant($"evaluate_days {days}"));
                Console.WriteLine(Invariant($"evaluator_seconds {seconds:F3}"));
                Console.WriteLine(Invariant($"evaluator_days_per_s {prices.Days / seconds:F0}"));
                Console.WriteLine(Invariant($"evaluator_rank_ic_mean {result.RankIcMean:F4}"));
            }

            var outDir = Path.Combine(dir.FullName, "out");
            var total = Stopwatch.StartNew();
            int exit = EvaluateCommands.Run(new EvaluateRequest(dbPath, factorPath, outDir), TextWriter.Null, Console.Error);
            Console.WriteLine(Invariant($"cli_exit {exit}"));
            Console.WriteLine(Invariant($"cli_seconds {total.Elapsed.TotalSeconds:F3}"));
            Console.WriteLine(Invariant($"cli_factor_rows {File.ReadLines(factorPath).Count() - 1}"));
            Console.WriteLine(Invariant($"report_html_mib {new FileInfo(Path.Combine(outDir, "report.html")).Length / 1048576.0:F2}"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static void WritePlantedAlpha(MarketDatabase db, string path)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine("date,code,value");
        using var cmd = db.Connection.CreateCommand();
        cmd.CommandText = "SELECT p.date, i.code, p.score FROM planted_alpha p JOIN instruments i ON i.id = p.instrument ORDER BY p.date, i.code";
        using var r = cmd.ExecuteReader();
        while (r.Read())
            writer.WriteLine(Invariant($"{r.GetInt64(0)},{r.GetString(1)},{r.GetDouble(2):R}"));
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

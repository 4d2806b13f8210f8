using System.CommandLine;
using System.Globalization;
using AlphaHost.Plugins.Market.Import;
using AlphaHost.Plugins.Market.Store;
using AlphaHost.Plugins.Market.Synthetic;

namespace AlphaHost.Host.Cli;

/// <summary>`alphahost market generate|import`: build a market database from a synthetic model or a CSV.</summary>
public static class MarketCommands
{
    public static Command Build()
    {
        var market = new Command("market", "create market databases: synthetic (generate) or from CSV (import)");
        market.Subcommands.Add(BuildGenerate());
        market.Subcommands.Add(BuildImport());
        return market;
    }

    private static Command BuildGenerate()
    {
        var kind = new Option<string>("--kind") { Description = "equities or futures", Required = true };
        var stocks = new Option<int?>("--stocks") { Description = "number of instruments (equities default 500, futures 45)" };
        var days = new Option<int?>("--days") { Description = "trading days (default 1500)" };
        var intraday = new Option<int>("--intraday-bars") { Description = "intraday bars per day, 0 for daily only", DefaultValueFactory = _ => 0 };
        var seed = new Option<long>("--seed") { Description = "random seed", DefaultValueFactory = _ => 1 };
        var alphaStrength = new Option<double?>("--alpha-strength") { Description = $"planted alpha strength (default {EquityMarketConfig.DefaultAlphaStrength.ToString(CultureInfo.InvariantCulture)})" };
        var db = new Option<string>("--db") { Description = "SQLite file to create", Required = true };
        // Futures only: staggered listings and the asset-embedding note's universe rule (tradable = in the universe).
        var listingSpread = new Option<int>("--listing-spread-days") { Description = "futures: contracts list on a random day in [0, N] (default 0: all on day 0)" };
        var minHistory = new Option<int>("--min-history-days") { Description = "futures universe: tradable only after N trading days of history (the note: 1000; default 0 = off)" };
        var minOpenInterest = new Option<double>("--min-open-interest") { Description = "futures universe: tradable only while the mean open interest over --oi-window days is at least this (the note: 50000; default 0 = off)" };
        var oiWindow = new Option<int>("--oi-window") { Description = "futures universe: days the open interest is averaged over", DefaultValueFactory = _ => 100 };
        var cmd = new Command("generate", "write a synthetic market into a new SQLite file");
        foreach (var o in new Option[] { kind, stocks, days, intraday, seed, alphaStrength, db, listingSpread, minHistory, minOpenInterest, oiWindow }) cmd.Options.Add(o);
        cmd.SetAction(parse => Run(() =>
        {
            var path = parse.GetValue(db)!;
            GenerationReport report;
            switch (parse.GetValue(kind))
            {
                case "equities":
                {
                    var defaults = new EquityMarketConfig();
                    var config = defaults with
                    {
                        Stocks = parse.GetValue(stocks) ?? defaults.Stocks,
                        Days = parse.GetValue(days) ?? defaults.Days,
                        IntradayBars = parse.GetValue(intraday),
                        Seed = parse.GetValue(seed),
                        AlphaStrength = parse.GetValue(alphaStrength) ?? defaults.AlphaStrength,
                    };
                    var generator = new EquityMarketGenerator(config); // validates before the file is created
                    using var database = MarketDatabase.Create(path);
                    report = generator.Generate(database);
                    break;
                }
                case "futures":
                {
                    var defaults = new FuturesMarketConfig();
                    var config = defaults with
                    {
                        Contracts = parse.GetValue(stocks) ?? defaults.Contracts,
                        Days = parse.GetValue(days) ?? defaults.Days,
                        IntradayBars = parse.GetValue(intraday),
                        Seed = parse.GetValue(seed),
                        ListingSpreadDays = parse.GetValue(listingSpread),
                        Universe = new FuturesUniverseRule
                        {
                            MinHistoryDays = parse.GetValue(minHistory), MinOpenInterest = parse.GetValue(minOpenInterest), OpenInterestWindow = parse.GetValue(oiWindow),
                        },
                    };
                    var generator = new FuturesMarketGenerator(config);
                    using var database = MarketDatabase.Create(path);
                    report = generator.Generate(database);
                    break;
                }
                default:
                    throw new ArgumentException($"--kind {parse.GetValue(kind)}: expected equities or futures");
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{report.Kind}: {report.Instruments} instruments x {report.Days} days -> {path}: {report.BarRows} bars, {report.IntradayRows} intraday bars, {report.AlphaRows} alpha rows in {report.Elapsed.TotalSeconds:F2} s ({report.TotalRows / report.Elapsed.TotalSeconds:F0} rows/s)"));
            if (!double.IsNaN(report.OracleRankIc))
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"oracle_rank_ic {report.OracleRankIc:F4} (horizon {report.OracleHorizon})"));
        }));
        return cmd;
    }

    private static Command BuildImport()
    {
        var csv = new Option<string>("--csv") { Description = "CSV file to import", Required = true };
        var format = new Option<string>("--format") { Description = "long (date,code,open,...) or tushare (ts_code,trade_date,...)", DefaultValueFactory = _ => "long" };
        var db = new Option<string>("--db") { Description = "SQLite file to add to (created when missing)", Required = true };
        var cmd = new Command("import", "import daily bars from a CSV; bad rows go to FILE.rejects.csv");
        foreach (var o in new Option[] { csv, format, db }) cmd.Options.Add(o);
        cmd.SetAction(parse => Run(() =>
        {
            var path = parse.GetValue(csv)!;
            var csvFormat = CsvFormat.Parse(parse.GetValue(format)!);
            if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such CSV file");
            using var database = MarketDatabase.OpenOrCreate(parse.GetValue(db)!);
            var rejectsPath = path + ".rejects.csv";
            var result = new CsvImporter(database, csvFormat).Import(path, rejectsPath);
            if (result.Rejected > 0) Console.WriteLine($"rejects written to {rejectsPath}");
            Console.WriteLine($"read {result.Read}, imported {result.Imported}, rejected {result.Rejected}");
        }));
        return cmd;
    }

    /// <summary>Bad input ends the command with a one-line reason and exit code 1, never a stack trace.</summary>
    private static int Run(Action action)
    {
        try
        {
            action();
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException or FormatException
                                       or InvalidDataException or Microsoft.Data.Sqlite.SqliteException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}

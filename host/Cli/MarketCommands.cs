using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AlphaHost.Host.Market;
using AlphaHost.Host.Market.Import;
using AlphaHost.Host.Market.Store;
using AlphaHost.Host.Plugins;
using AlphaHost.Sdk.Plugins;

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
        var source = new Option<string?>("--source") { Description = $"market generator plugin (MarketSource family), e.g. {MarketGeneration.Equities} (default) or {MarketGeneration.Futures}" };
        var kind = new Option<string?>("--kind") { Description = $"shorthand for --source: equities ({MarketGeneration.Equities}) or futures ({MarketGeneration.Futures})" };
        var config = new Option<string?>("--config") { Description = "the generator's config: a JSON object, or a file holding one (every key; the options below override it)" };
        var stocks = new Option<int?>("--stocks") { Description = "number of instruments: the generator's \"stocks\" (\"contracts\" for futures; equities default 500, futures 45)" };
        var days = new Option<int?>("--days") { Description = "trading days (default 1500)" };
        var intraday = new Option<int?>("--intraday-bars") { Description = "intraday bars per day (default 0: daily only)" };
        var seed = new Option<long?>("--seed") { Description = "random seed (default 1)" };
        var alphaStrength = new Option<double?>("--alpha-strength") { Description = "equities: planted alpha strength (default 0.065)" };
        var db = new Option<string>("--db") { Description = "SQLite file to create", Required = true };
        // Futures only: staggered listings and the asset-embedding note's universe rule (tradable = in the universe).
        var listingSpread = new Option<int?>("--listing-spread-days") { Description = "futures: contracts list on a random day in [0, N] (default 0: all on day 0)" };
        var minHistory = new Option<int?>("--min-history-days") { Description = "futures universe: tradable only after N trading days of history (the note: 1000; default 0 = off)" };
        var minOpenInterest = new Option<double?>("--min-open-interest") { Description = "futures universe: tradable only while the mean open interest over --oi-window days is at least this (the note: 50000; default 0 = off)" };
        var oiWindow = new Option<int?>("--oi-window") { Description = "futures universe: days the open interest is averaged over (default 100)" };
        var plugins = CliOptions.Plugins();
        var cmd = new Command("generate", "write a generated market (a MarketSource plugin, by name) into a new SQLite file");
        foreach (var o in new Option[] { source, kind, config, stocks, days, intraday, seed, alphaStrength, db, listingSpread, minHistory, minOpenInterest, oiWindow, plugins }) cmd.Options.Add(o);
        cmd.SetAction(parse => Run(() =>
        {
            var path = parse.GetValue(db)!;
            var name = SourceName(parse.GetValue(source), parse.GetValue(kind));
            using var host = PluginHost.Open(parse.GetValue(plugins) ?? PluginsCommands.DefaultDirectory, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, Console.Error);
            var keys = host.Registry.KeysOf(name);
            var options = new JsonObject();
            void Put<T>(Option<T?> option, string key) where T : struct
            {
                if (parse.GetValue(option) is { } value) options[key] = JsonValue.Create(value);
            }
            Put(stocks, keys.Contains("contracts") && !keys.Contains("stocks") ? "contracts" : "stocks");
            Put(days, "days");
            Put(intraday, "intradayBars");
            Put(seed, "seed");
            Put(alphaStrength, "alphaStrength");
            Put(listingSpread, "listingSpreadDays");
            Put(minHistory, "minHistoryDays");
            Put(minOpenInterest, "minOpenInterest");
            Put(oiWindow, "openInterestWindow");
            var given = ConfigObject(parse.GetValue(config));
            // --config, then the options over it.
            var choice = options.Count == 0
                ? new PluginChoice(name, given) { Source = "--source", ConfigSource = "--config" }
                : new PluginChoice(name, options) { Source = "--source", ConfigSource = "alphahost market generate options", Beneath = given is null ? null : new ConfigLayer("--config", given) };
            var report = MarketGeneration.Generate(host.Registry, choice, path);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{report.Kind}: {report.Instruments} instruments x {report.Days} days -> {path}: {report.BarRows} bars, {report.IntradayRows} intraday bars, {report.AlphaRows} alpha rows in {report.Elapsed.TotalSeconds:F2} s ({report.TotalRows / report.Elapsed.TotalSeconds:F0} rows/s)"));
            if (!double.IsNaN(report.OracleRankIc))
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"oracle_rank_ic {report.OracleRankIc:F4} (horizon {report.OracleHorizon})"));
        }));
        return cmd;
    }

    /// <summary>The generator --source names, or the one --kind stands for (equities when neither is given).</summary>
    private static string SourceName(string? source, string? kind)
    {
        string? byKind = kind switch
        {
            null => null,
            "equities" => MarketGeneration.Equities,
            "futures" => MarketGeneration.Futures,
            _ => throw new ArgumentException($"--kind {kind}: expected equities or futures"),
        };
        if (source is not null && byKind is not null && source != byKind)
            throw new ArgumentException($"--kind {kind} names {byKind}, but --source names {source}; give one of them");
        return source ?? byKind ?? MarketGeneration.Equities;
    }

    /// <summary>--config as a JSON object: the text itself, or the file it names.</summary>
    private static JsonObject? ConfigObject(string? text)
    {
        if (text is null) return null;
        var json = text.TrimStart().StartsWith('{') ? text
            : File.Exists(text) ? File.ReadAllText(text)
            : throw new ArgumentException($"--config {text}: expected a JSON object or a file holding one");
        try
        {
            return JsonNode.Parse(json) as JsonObject ?? throw new ArgumentException($"--config {text}: expected a JSON object");
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"--config {text}: not valid JSON ({e.Message})");
        }
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
                                       or InvalidDataException or Microsoft.Data.Sqlite.SqliteException or PluginLoadException or ConfigException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}

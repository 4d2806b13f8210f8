using System.Diagnostics;
using System.Globalization;
using AlphaHost.Host.Market.Import;
using AlphaHost.Host.Market;
using AlphaHost.Host.Market.Store;
using AlphaHost.Plugins.Market.Synthetic;

namespace AlphaHost.Bench;

/// <summary>
/// Market speed: `market generate [STOCKS DAYS]` (default 5000 × 2500), `market import [ROWS]`
/// (default 1,000,000, side by side with the sqlite3 shell's .import), `market panel` (500 × 1500 × 10
/// fields), or `market all`. Files go to a temporary directory that is removed afterwards.
/// </summary>
public sealed class MarketBench : IBench
{
    public string Name => "market";
    public string Description => "market generate [stocks days] | import [rows] | panel | all";

    public void Run(string[] args)
    {
        var part = args.Length > 0 ? args[0] : "all";
        var dir = Path.Combine(Path.GetTempPath(), "alphahost-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            if (part is "generate" or "all")
                Generate(dir, Arg(args, 1, 5000), Arg(args, 2, 2500));
            if (part is "import" or "all")
                Import(dir, Arg(args, 1, 1_000_000));
            if (part is "panel" or "all")
                Panel(dir);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static int Arg(string[] args, int index, int fallback) =>
        args.Length > index && int.TryParse(args[index], out int v) ? v : fallback;

    private static void Generate(string dir, int stocks, int days)
    {
        var path = Path.Combine(dir, "generate.db");
        using var db = MarketDatabase.Create(path);
        var report = MarketGeneration.Generate(new EquityMarketGenerator(new EquityMarketConfig { Stocks = stocks, Days = days }), db);
        double seconds = report.Elapsed.TotalSeconds;
        Console.WriteLine(Invariant($"generate_stocks {stocks}"));
        Console.WriteLine(Invariant($"generate_days {days}"));
        Console.WriteLine(Invariant($"generate_bar_rows {report.BarRows}"));
        Console.WriteLine(Invariant($"generate_alpha_rows {report.AlphaRows}"));
        Console.WriteLine(Invariant($"generate_seconds {seconds:F2}"));
        Console.WriteLine(Invariant($"generate_bar_rows_per_s {report.BarRows / seconds:F0}"));
        Console.WriteLine(Invariant($"generate_all_rows_per_s {report.TotalRows / seconds:F0}"));
        Console.WriteLine(Invariant($"generate_oracle_rank_ic {report.OracleRankIc:F4}"));
        Console.WriteLine(Invariant($"generate_db_mib {new FileInfo(path).Length / 1048576.0 + WalMib(path):F0}"));
    }

    private static double WalMib(string path) => File.Exists(path + "-wal") ? new FileInfo(path + "-wal").Length / 1048576.0 : 0;

    /// <summary>Our importer vs `sqlite3 .import` of the same CSV into an equivalent table (same columns, key, WAL).</summary>
    private static void Import(string dir, int rows)
    {
        var csv = Path.Combine(dir, "bars.csv");
        WriteCsv(csv, rows);

        var sqlitePath = Path.Combine(dir, "shell.db");
        var script = Path.Combine(dir, "import.sql");
        File.WriteAllText(script, $"""
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=NORMAL;
            CREATE TABLE bars(date TEXT NOT NULL, code TEXT NOT NULL, open REAL, high REAL, low REAL, close REAL,
                              volume REAL, amount REAL, PRIMARY KEY(date, code)) WITHOUT ROWID;
            .mode csv
            .import --skip 1 {csv} bars
            """);
        var shell = Stopwatch.StartNew();
        using (var p = Process.Start(new ProcessStartInfo("sqlite3", [sqlitePath, $".read {script}"]) { RedirectStandardOutput = true, RedirectStandardError = true })!)
        {
            p.StandardOutput.ReadToEnd();
            var err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0) throw new InvalidOperationException($"sqlite3 failed: {err}");
        }
        double shellSeconds = shell.Elapsed.TotalSeconds;

        var ours = Stopwatch.StartNew();
        ImportResult result;
        using (var db = MarketDatabase.Create(Path.Combine(dir, "import.db")))
            result = new CsvImporter(db, CsvFormat.Long).Import(csv, csv + ".rejects.csv");
        double ourSeconds = ours.Elapsed.TotalSeconds;

        Console.WriteLine(Invariant($"import_rows {rows}"));
        Console.WriteLine(Invariant($"import_result read {result.Read}, imported {result.Imported}, rejected {result.Rejected}"));
        Console.WriteLine(Invariant($"import_sqlite3_shell_seconds {shellSeconds:F2}"));
        Console.WriteLine(Invariant($"import_alphahost_seconds {ourSeconds:F2}"));
        Console.WriteLine(Invariant($"import_ratio_vs_sqlite3 {ourSeconds / shellSeconds:F2}"));
    }

    /// <summary>A long-format CSV of valid daily bars: 2,000 codes × as many dates as needed.</summary>
    private static void WriteCsv(string path, int rows)
    {
        var rng = new Random(42);
        const int codes = 2000;
        using var w = new StreamWriter(path);
        w.WriteLine("date,code,open,high,low,close,volume,amount");
        var date = new DateOnly(2010, 1, 4);
        for (int k = 0; k < rows; k++)
        {
            if (k > 0 && k % codes == 0)
                do date = date.AddDays(1); while (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday);
            double close = Math.Round(5 + 50 * rng.NextDouble(), 2);
            double open = Math.Round(close * (0.98 + 0.04 * rng.NextDouble()), 2);
            double high = Math.Max(open, close) + 0.05, low = Math.Min(open, close) - 0.05;
            long volume = 100L * rng.Next(1, 100_000);
            w.WriteLine(Invariant($"{date:yyyy-MM-dd},{k % codes + 1:D6}.SZ,{open},{high:F2},{low:F2},{close},{volume},{volume * close:F2}"));
        }
    }

    private static void Panel(string dir)
    {
        var path = Path.Combine(dir, "panel.db");
        using var db = MarketDatabase.Create(path);
        MarketGeneration.Generate(new EquityMarketGenerator(new EquityMarketConfig { Stocks = 500, Days = 1500 }), db);
        var reader = new PanelReader(db);
        string[] fields = ["open", "high", "low", "close", "vwap", "volume", "return1", "turnover", "free_turnover", "market_cap"];
        var times = new List<double>();
        MarketPanel? panel = null;
        for (int k = 0; k < 5; k++)
        {
            var sw = Stopwatch.StartNew();
            panel = reader.Read(DateOnly.MinValue, DateOnly.MaxValue, fields);
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        Console.WriteLine(Invariant($"panel_shape {panel!.Days}x{panel.Stocks}x{panel.FieldCount}"));
        Console.WriteLine(Invariant($"panel_read_ms_min {times[0]:F0}"));
        Console.WriteLine(Invariant($"panel_read_ms_median {times[2]:F0}"));
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

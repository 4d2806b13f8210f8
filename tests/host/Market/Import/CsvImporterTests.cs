using AlphaHost.Host.Market.Import;
using AlphaHost.Host.Market.Store;
using AlphaHost.Host.Tests.Market.Support;

namespace AlphaHost.Host.Tests.Market.Import;

public class CsvImporterTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>12 data rows: 6 good (one an exact repeat), 6 bad, one blank line that is not a row.</summary>
    public static readonly string PlantedCsv = string.Join("\n",
        "date,code,open,high,low,close,volume,amount,industry",
        "2024-01-02,000001.SZ,10,10.5,9.8,10.2,10000,102000,bank",          // 2 good
        "2024-01-02,600000.SH,8,8.2,7.9,8.1,5000,40500,bank",               // 3 good
        "2024-01-03,000001.SZ,10.2,10.6,10.1,10.4,12000,124800,bank",       // 4 good
        "2024-01-03,600000.SH,8.1,8.0,8.3,8.2,100,820,bank",                // 5 high < low
        "2024-01-04,000001.SZ,10.4,abc,10.2,10.5,100,1050,bank",            // 6 not a number
        "2024-01-04,600000.SH,8.2,8.4,8.1,8.3,-100,830,bank",               // 7 negative volume
        "2024-01-02,000001.SZ,10,10.5,9.8,10.3,10000,102000,bank",          // 8 same key as line 2, other close
        "2024-01-02,600000.SH,8,8.2,7.9,8.1,5000,40500,bank",               // 9 exact repeat of line 3: no change
        "01/05/2024,000001.SZ,10.5,10.7,10.4,10.6,100,1060,bank",           // 10 unknown date format
        "2024-01-05,000001.SZ,10.5,10.7",                                   // 11 too few fields
        "",                                                                 // 12 blank
        "2024-01-05,600000.SH,8.3,8.5,8.2,8.4,0,0,bank",                    // 13 good, nothing traded
        "\"2024-01-08\",\"000001.SZ\",10.5,10.8,10.4,10.7,9000,96300,\"bank, big\"") + "\n"; // 14 good, quoted

    private (ImportResult Result, string[] Rejects) Import(MarketDatabase db, string csv, CsvFormat format, string name = "bars.csv")
    {
        var path = _dir.File(name);
        File.WriteAllText(path, csv);
        var result = new CsvImporter(db, format).Import(path, path + ".rejects.csv");
        return (result, File.ReadAllLines(path + ".rejects.csv"));
    }

    [Fact]
    public void EveryRowIsImportedOrRejectedWithItsLineAndReason()
    {
        using var db = MarketDatabase.OpenOrCreate(_dir.File("m.db"));
        var (result, rejects) = Import(db, PlantedCsv, CsvFormat.Long);
        Assert.Equal(12, result.Read);
        Assert.Equal(6, result.Imported);
        Assert.Equal(6, result.Rejected);
        Assert.Equal(result.Read, result.Imported + result.Rejected);
        Assert.Equal(5, result.Inserted);
        Assert.Equal(5L, db.Scalar("SELECT COUNT(*) FROM bars"));

        Assert.Equal("file,line,reason,row", rejects[0]);
        var byLine = rejects.Skip(1).ToDictionary(l => int.Parse(l.Split(',')[1]), l => l);
        Assert.Equal(new[] { 5, 6, 7, 8, 10, 11 }, byLine.Keys.Order());
        Assert.All(byLine.Values, l => Assert.StartsWith(_dir.File("bars.csv") + ",", l));
        Assert.Contains("high 8 < low 8.3", byLine[5]);
        Assert.Contains("'abc' is not a number", byLine[6]);
        Assert.Contains("volume -100 is negative", byLine[7]);
        Assert.Contains("of line 2 with different values", byLine[8]);
        Assert.Contains("unknown date format", byLine[10]);
        Assert.Contains("expected 9 fields", byLine[11]);
    }

    [Fact]
    public void ImportedValuesAreTheFilesValues()
    {
        using var db = MarketDatabase.OpenOrCreate(_dir.File("m.db"));
        Import(db, PlantedCsv, CsvFormat.Long);
        var row = Rows.Query(db, "SELECT b.* FROM bars b JOIN instruments i ON i.id = b.instrument WHERE i.code = '000001.SZ' AND date = 20240102").Single();
        Assert.Equal(10.2, row.D("close"));
        Assert.Equal(102000.0 / 10000, row.D("vwap"));
        Assert.Equal(1L, row.L("tradable"));
        var idle = Rows.Query(db, "SELECT b.tradable FROM bars b JOIN instruments i ON i.id = b.instrument WHERE i.code = '600000.SH' AND date = 20240105").Single();
        Assert.Equal(0L, idle.L("tradable")); // no volume: not tradable that day
        Assert.Equal(new long[] { 20240102, 20240103, 20240105, 20240108 }, Rows.Query(db, "SELECT date FROM calendar ORDER BY date").Select(r => r.L("date")));
        Assert.Equal(new long[] { 20240102, 20240102 }, Rows.Query(db, "SELECT list_date FROM instruments ORDER BY id").Select(r => r.L("list_date")));
        Assert.Equal(new[] { "bank", "bank, big" }, Rows.Query(db, "SELECT name FROM industries ORDER BY id").Select(r => (string)r["name"]!));
    }

    [Fact]
    public void ReimportingTheSameFileChangesNothing()
    {
        using var db = MarketDatabase.OpenOrCreate(_dir.File("m.db"));
        var (first, firstRejects) = Import(db, PlantedCsv, CsvFormat.Long);
        var before = DbDigest.Of(db);
        var (second, secondRejects) = Import(db, PlantedCsv, CsvFormat.Long);
        Assert.Equal(before, DbDigest.Of(db));
        Assert.Equal((first.Read, first.Imported, first.Rejected), (second.Read, second.Imported, second.Rejected));
        Assert.Equal(0, second.Inserted);
        Assert.Equal(firstRejects.Length, secondRejects.Length);
    }

    [Fact]
    public void AChangedRowForAStoredKeyIsRejectedNotOverwritten()
    {
        using var db = MarketDatabase.OpenOrCreate(_dir.File("m.db"));
        Import(db, PlantedCsv, CsvFormat.Long);
        var (result, rejects) = Import(db, "date,code,open,high,low,close,volume,amount\n2024-01-02,000001.SZ,10,10.5,9.8,10.25,10000,102000\n", CsvFormat.Long, "fix.csv");
        Assert.Equal((1L, 0L, 1L), (result.Read, result.Imported, result.Rejected));
        Assert.Contains("differs from the row already stored", rejects[1]);
        Assert.Equal(10.2, Convert.ToDouble(db.Scalar("SELECT close FROM bars b JOIN instruments i ON i.id = b.instrument WHERE code = '000001.SZ' AND date = 20240102")));
    }

    [Fact]
    public void TushareColumnsAreConvertedToStoredUnits()
    {
        using var db = MarketDatabase.OpenOrCreate(_dir.File("t.db"));
        var csv = "ts_code,trade_date,open,high,low,close,pre_close,change,pct_chg,vol,amount,turnover_rate,turnover_rate_f,total_mv\n" +
                  "000001.SZ,20240102,10,10.5,9.8,10.2,10.0,0.2,2.0,100,102,1.5,3.0,2500\n";
        var (result, _) = Import(db, csv, CsvFormat.Tushare, "daily.csv");
        Assert.Equal((1L, 1L, 0L), (result.Read, result.Imported, result.Rejected));
        var row = Rows.Query(db, "SELECT * FROM bars").Single();
        Assert.Equal(10000, row.D("volume"));        // 100 lots
        Assert.Equal(102000, row.D("amount"));       // thousands
        Assert.Equal(10.2, row.D("vwap"), 12);
        Assert.Equal(0.015, row.D("turnover"), 12);  // percent
        Assert.Equal(0.03, row.D("free_turnover"), 12);
        Assert.Equal(2.5e7, row.D("market_cap"));    // ten-thousands
        Assert.Equal(20240102L, row.L("date"));
    }

    [Fact]
    public void AMissingRequiredColumnStopsTheImportNamingFileAndColumn()
    {
        using var db = MarketDatabase.OpenOrCreate(_dir.File("m.db"));
        var path = _dir.File("short.csv");
        File.WriteAllText(path, "date,code,open,high,low,volume,amount\n2024-01-02,000001.SZ,10,10.5,9.8,100,1000\n");
        var e = Assert.Throws<InvalidDataException>(() => new CsvImporter(db, CsvFormat.Long).Import(path, path + ".rejects.csv"));
        Assert.Contains(path + ":1", e.Message);
        Assert.Contains("close", e.Message);
        Assert.Equal(0L, db.Scalar("SELECT COUNT(*) FROM bars"));
    }
}

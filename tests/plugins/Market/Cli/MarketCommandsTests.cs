using AlphaHost.Host;
using AlphaHost.Plugins.Market.Store;
using AlphaHost.Plugins.Market.Tests.Import;
using AlphaHost.Plugins.Market.Tests.Support;

namespace AlphaHost.Plugins.Market.Tests.Cli;

[CollectionDefinition("console", DisableParallelization = true)]
public class ConsoleCollection;

/// <summary>Drives `alphahost market ...` through the real entry point, capturing what the user sees.</summary>
[Collection("console")]
public class MarketCommandsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            return (Program.Main(args), stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }

    [Fact]
    public void ImportEndsWithTheAccountingLine()
    {
        var csv = _dir.File("bars.csv");
        File.WriteAllText(csv, CsvImporterTests.PlantedCsv);
        var (exit, output, _) = Run("market", "import", "--csv", csv, "--db", _dir.File("m.db"));
        Assert.Equal(0, exit);
        Assert.Equal("read 12, imported 6, rejected 6", output.TrimEnd().Split('\n')[^1]);
        Assert.Equal(7, File.ReadAllLines(csv + ".rejects.csv").Length);
    }

    [Fact]
    public void GenerateWritesAMarketAndReportsTheOracle()
    {
        var db = _dir.File("g.db");
        var (exit, output, _) = Run("market", "generate", "--kind", "equities", "--stocks", "30", "--days", "60", "--seed", "4", "--db", db);
        Assert.Equal(0, exit);
        Assert.Contains("oracle_rank_ic", output);
        using var market = MarketDatabase.Open(db);
        Assert.Equal("4", market.GetMeta("seed"));
        Assert.Equal(60L, market.Scalar("SELECT COUNT(*) FROM calendar"));
    }

    [Fact]
    public void GenerateFuturesWithIntradayBars()
    {
        var db = _dir.File("f.db");
        var (exit, _, _) = Run("market", "generate", "--kind", "futures", "--days", "5", "--intraday-bars", "4", "--db", db);
        Assert.Equal(0, exit);
        using var market = MarketDatabase.Open(db);
        Assert.Equal(45L * 5 * 4, market.Scalar("SELECT COUNT(*) FROM intraday_bars"));
    }

    [Theory]
    [InlineData("market generate --kind bonds --db X", "--kind bonds")]
    [InlineData("market generate --kind equities --stocks 1 --db X", "stocks = 1")]
    [InlineData("market import --csv nope.csv --db X", "nope.csv")]
    [InlineData("market import --csv nope.csv --format excel --db X", "--format excel")]
    public void BadInputExitsNonZeroWithOneLine(string command, string expected)
    {
        var args = command.Replace("X", _dir.File("x.db")).Split(' ');
        var (exit, _, err) = Run(args);
        Assert.NotEqual(0, exit);
        Assert.Single(err.TrimEnd().Split('\n'));
        Assert.Contains(expected, err);
    }

    [Fact]
    public void GenerateRefusesAnExistingFile()
    {
        var db = _dir.File("exists.db");
        File.WriteAllText(db, "x");
        var (exit, _, err) = Run("market", "generate", "--kind", "equities", "--db", db);
        Assert.Equal(1, exit);
        Assert.Contains("already exists", err);
    }
}

using AlphaHost.Host;
using AlphaHost.Host.Market.Store;
using AlphaHost.Host.Tests.Market.Import;
using AlphaHost.Host.Tests.Market.Support;

namespace AlphaHost.Host.Tests.Market.Cli;

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
    [InlineData("market generate --kind equities --stocks 1 --db X", "key 'stocks': expected at least 2, got 1")]
    [InlineData("market generate --source synthetic_equites --db X", "no MarketSource plugin named 'synthetic_equites'")]
    [InlineData("market generate --kind futures --source synthetic_equities --db X", "--kind futures names synthetic_futures, but --source names synthetic_equities")]
    [InlineData("market generate --kind futures --alpha-strength 0.1 --db X", "alphahost market generate options: unknown key 'alphaStrength'")]
    [InlineData("market generate --config {\"stoks\":3} --db X", "--config: unknown key 'stoks'; did you mean 'stocks'?")]
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
    public void GenerateBySourceNameReachesEveryKeyOfTheGeneratorsConfig()
    {
        var db = _dir.File("source.db");
        var (exit, output, err) = Run("market", "generate", "--source", "synthetic_equities", "--config",
            """{"stocks": 30, "days": 60, "intradayBars": 4, "seed": 5, "suspendProbability": 0.02}""", "--db", db);
        Assert.True(exit == 0, err);
        Assert.Contains("equities: 30 instruments x 60 days", output);
        using var market = MarketDatabase.Open(db);
        Assert.Equal("3F7DEAD0BB45C2CE9E5D40261731A4B9BAB1E2AC6AA14FBA36906764D48D49D8", DbDigest.Of(market)); // MarketGenerationTests: the market before the plugin cut
    }

    [Fact]
    public void OptionsOverrideTheConfigFile()
    {
        var config = _dir.File("futures.json");
        File.WriteAllText(config, """{"contracts": 20, "days": 30, "listingSpreadDays": 5}""");
        var db = _dir.File("futures.db");
        var (exit, _, err) = Run("market", "generate", "--kind", "futures", "--config", config, "--stocks", "8", "--db", db);
        Assert.True(exit == 0, err);
        using var market = MarketDatabase.Open(db);
        Assert.Equal(8L, market.Scalar("SELECT COUNT(*) FROM instruments"));
        Assert.Equal(30L, market.Scalar("SELECT COUNT(*) FROM calendar"));
        Assert.Equal("futures", market.GetMeta("kind"));
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

using System.Globalization;
using System.Text.Json;
using AlphaHost.Host.Cli;
using AlphaHost.Host.Reports;
using AlphaHost.Host.Market.Store;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Host.Tests.Cli;

/// <summary>A tiny synthetic market (30 stocks × 80 days) and its planted alpha as a factor CSV, made once.</summary>
public sealed class TinyMarket : IDisposable
{
    public DirectoryInfo Dir { get; } = Directory.CreateTempSubdirectory("alphahost-evaluate-");
    public string Db => Path.Combine(Dir.FullName, "market.db");
    public string Factor => Path.Combine(Dir.FullName, "planted.csv");
    public GenerationReport Generated { get; }
    public List<string> FactorLines { get; } = ["date,code,value"];

    public TinyMarket()
    {
        Generated = TestMarkets.Generate(Db, AlphaHost.Host.Market.MarketGeneration.Equities, new System.Text.Json.Nodes.JsonObject { ["stocks"] = 30, ["days"] = 80, ["seed"] = 11 });
        using var db = MarketDatabase.Open(Db);
        using var cmd = db.Connection.CreateCommand();
        cmd.CommandText = "SELECT p.date, i.code, p.score FROM planted_alpha p JOIN instruments i ON i.id = p.instrument ORDER BY p.date, i.code";
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            var date = DateOnly.ParseExact(r.GetInt64(0).ToString(CultureInfo.InvariantCulture), "yyyyMMdd", CultureInfo.InvariantCulture);
            FactorLines.Add($"{date:yyyy-MM-dd},{r.GetString(1)},{r.GetDouble(2).ToString("R", CultureInfo.InvariantCulture)}");
        }
        File.WriteAllLines(Factor, FactorLines);
    }

    public void Dispose() => Dir.Delete(recursive: true);
}

public sealed class EvaluateCommandsTests(TinyMarket market) : IClassFixture<TinyMarket>
{
    private (int Exit, string Out, string Err) Run(EvaluateRequest request)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        return (EvaluateCommands.Run(request, output, error), output.ToString(), error.ToString());
    }

    private string OutDir(string name) => Path.Combine(market.Dir.FullName, name);

    [Fact]
    public void ThePlantedAlphaGradesToTheMarketsOwnOracleRankIc()
    {
        Assert.True(market.FactorLines.Count > 30 * 40, "the planted alpha should score most stocks on most days after its 30-day lookback");
        var (exit, output, error) = Run(new EvaluateRequest(market.Db, market.Factor, OutDir("planted")));
        Assert.True(exit == 0, error);

        var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(OutDir("planted"), ReportWriter.MetricsFile))).RootElement;
        // The generator measured its oracle in memory while it wrote the market; the evaluation reads it back from the file.
        Assert.Equal(market.Generated.OracleHorizon, metrics.GetProperty("horizon").GetInt32());
        Assert.Equal(market.Generated.OracleRankIc, metrics.GetProperty("rank_ic_mean").GetDouble(), 12);
        Assert.Equal(market.Generated.OracleRankIc, metrics.GetProperty("oracle_rank_ic").GetDouble(), 12);
        Assert.Equal(20, metrics.GetProperty("ic_decay").EnumerateObject().Count());
        Assert.Equal(metrics.GetProperty("rank_ic_mean").GetDouble(), metrics.GetProperty("ic_decay").GetProperty("5").GetDouble(), 12);
        Assert.Equal(5, metrics.GetProperty("quantile_returns").GetArrayLength());
        Assert.True(metrics.GetProperty("by_year").GetArrayLength() >= 1);

        Assert.Contains("rank_ic_mean", output);
        Assert.True(File.Exists(Path.Combine(OutDir("planted"), ReportWriter.MarkdownFile)));
        Assert.True(File.Exists(Path.Combine(OutDir("planted"), ReportWriter.HtmlFile)));
    }

    [Fact]
    public void BacktesterPluginsAreFedTheFactorAndNamedWhenUnknown()
    {
        var (exit, _, error) = Run(new EvaluateRequest(market.Db, market.Factor, OutDir("backtested")) { Backtesters = ["factor"] });
        Assert.True(exit == 0, error);
        var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(OutDir("backtested"), ReportWriter.MetricsFile))).RootElement;
        // The factor plugin, fed day d with the close-to-close return to d + 5, grades the planted alpha to the oracle the generator measured.
        Assert.Equal(5, market.Generated.OracleHorizon);
        Assert.Equal(market.Generated.OracleRankIc, metrics.GetProperty("backtesters").GetProperty("factor").GetProperty("rank_ic_mean").GetDouble(), 12);

        var (bad, _, reason) = Run(new EvaluateRequest(market.Db, market.Factor, OutDir("unknown")) { Backtesters = ["factr"] });
        Assert.Equal(1, bad);
        Assert.Contains("--backtester: no Backtester plugin named 'factr'; did you mean 'factor'?", reason);
    }

    [Fact]
    public void MinStocksDropsDaysWithFewerStocksFromTheIc()
    {
        int IcDays(string name, int minStocks)
        {
            var (exit, _, error) = Run(new EvaluateRequest(market.Db, market.Factor, OutDir(name)) { MinStocks = minStocks });
            Assert.True(exit == 0, error);
            return JsonDocument.Parse(File.ReadAllText(Path.Combine(OutDir(name), ReportWriter.MetricsFile))).RootElement.GetProperty("ic_days").GetInt32();
        }
        // The market has 30 stocks: every graded day has at most 30, so a minimum of 31 leaves no IC day.
        Assert.True(IcDays("min20", 20) > 30);
        Assert.Equal(0, IcDays("min31", 31));
    }

    [Fact]
    public void SameInputsGiveTheSameMetrics()
    {
        var request = new EvaluateRequest(market.Db, market.Factor, OutDir("a")) { Price = "vwap", Quantiles = 3 };
        Assert.Equal(0, Run(request).Exit);
        Assert.Equal(0, Run(request with { Out = OutDir("b") }).Exit);
        Assert.Equal(File.ReadAllText(Path.Combine(OutDir("a"), ReportWriter.MetricsFile)), File.ReadAllText(Path.Combine(OutDir("b"), ReportWriter.MetricsFile)));
    }

    [Fact]
    public void ABadRowFailsNamingTheFileAndLine()
    {
        var lines = market.FactorLines.ToList();
        var fields = lines[3].Split(',');
        lines[3] = $"{fields[0]},{fields[1]},abc";
        var csv = Path.Combine(market.Dir.FullName, "bad-value.csv");
        File.WriteAllLines(csv, lines);

        var (exit, output, error) = Run(new EvaluateRequest(market.Db, csv, OutDir("bad")));

        Assert.Equal(1, exit);
        Assert.Equal($"error: {csv} line 4: value 'abc': expected a finite number (or empty for no score)", error.TrimEnd());
        Assert.Equal("", output);
        Assert.False(Directory.Exists(OutDir("bad")));
    }

    [Theory]
    [InlineData("FIRST,XYZ,1", "line 3: code 'XYZ' has no bars")]
    [InlineData("2018-03-04,XYZ,1", "line 3: 2018-03-04 is not a trading day")] // a Sunday
    [InlineData("2018/03/05,XYZ,1", "line 3: date '2018/03/05': expected yyyy-MM-dd or yyyyMMdd")]
    [InlineData("2018-03-05,XYZ", "line 3: expected 3 fields date,code,value, got 2")]
    public void RowsThatDoNotFitTheMarketAreNamed(string row, string expected)
    {
        var csv = Path.Combine(market.Dir.FullName, $"row-{Guid.NewGuid():N}.csv");
        var lines = market.FactorLines.Take(2).ToList();
        lines.Add(row.Replace("FIRST", lines[1].Split(',')[0])); // FIRST: the factor's first date
        File.WriteAllLines(csv, lines);
        var (exit, _, error) = Run(new EvaluateRequest(market.Db, csv, OutDir("rows")));
        Assert.Equal(1, exit);
        Assert.Contains(csv + " " + expected, error);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void BadOptionsExitNonZeroWithOneLine()
    {
        Assert.Equal("error: --price last: expected close, open or vwap", Run(new EvaluateRequest(market.Db, market.Factor, OutDir("x")) { Price = "last" }).Err.TrimEnd());
        Assert.Contains("horizon = 0", Run(new EvaluateRequest(market.Db, market.Factor, OutDir("x")) { Horizon = 0 }).Err);
        Assert.Contains("no such market database", Run(new EvaluateRequest(OutDir("none.db"), market.Factor, OutDir("x"))).Err);
        Assert.Contains("index 'nasdaq'", Run(new EvaluateRequest(market.Db, market.Factor, OutDir("x")) { Benchmark = "nasdaq" }).Err);
        Assert.NotEqual(0, Program.Main(["evaluate", "--db", market.Db]));
    }
}

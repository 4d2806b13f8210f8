using System.Text.Json.Nodes;
using AlphaHost.Host.Cli;
using AlphaHost.Host.Research;
using AlphaHost.Host.Run;
using AlphaHost.Host.Market.Store;
using AlphaHost.Host.Grading;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Host.Tests.Research;

/// <summary>
/// Minute and daily rows in one `compare` table: a variant's "picture" and "lookback" choose the
/// research panel its model is fitted on, every row graded by the same evaluator on the same market.
/// </summary>
[Collection("torch")]
public sealed class MixedPictureComparisonTests : IDisposable
{
    private const int Bars = 4, DailyLookback = 6, MinuteLookback = 3;
    private readonly string dir = Directory.CreateTempSubdirectory("alphahost-mixed-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static RunConfig Protocol(string marketDb, string variants) => RunConfig.Load(null, JsonNode.Parse($$"""
        {
          "marketDb": "{{marketDb}}", "lookback": {{DailyLookback}}, "picture": "Daily",
          "sampler": {"name": "rolling", "config": {"trainDays": 30, "testDays": 20} },
          "label": {"name": "forward_return", "config": {"horizon": 2} },
          "epochs": 1, "ensembleSeeds": 1, "icMinStocks": 10,
          "variants": {{variants}}
        }
        """)!.AsObject(), "test");

    /// <summary>The parameters of the model plugin built for pictures of [features, steps].</summary>
    private static long ParametersFor(string model, int features, int steps)
    {
        using var built = TestPlugins.Registry.Create<IModel>(model);
        built.Build(new ModelShape(features, steps));
        return built.Network.parameters().Sum(p => p.numel());
    }

    [Fact]
    public void DailyAndMinuteRowsShareOneTableEachOnItsOwnPictures()
    {
        var market = TestMarkets.Equities(Path.Combine(dir, "intraday.db"), stocks: 16, days: 90, seed: 4, intradayBars: Bars);
        var protocol = Protocol(market, $$"""[{"name": "mlp_minute", "model": "mlp", "picture": "Minute", "lookback": {{MinuteLookback}}}]""");
        protocol.CheckPlugins(TestPlugins.Registry);
        var doc = Path.Combine(dir, "mixed.md");
        var outDir = Path.Combine(dir, "compare");
        var rows = new ModelComparison(protocol, 3, outDir, new StringWriter(), TestPlugins.Registry).Run(["mlp", "mlp_minute"], doc, "alphahost compare (mixed test)");

        Assert.Equal(["mlp", "mlp_minute"], rows.Select(r => r.Model));
        // Each row's MLP was built for its own input: [9 fields, 6 days] against [4 features, 3 days · 4 bars].
        long daily = ParametersFor("mlp", ResearchPanel.DefaultFields.Length, DailyLookback), minute = ParametersFor("mlp", MinutePictures.Features.Length, MinuteLookback * Bars);
        Assert.NotEqual(daily, minute);
        Assert.Equal(daily, rows[0].Parameters);
        Assert.Equal(minute, rows[1].Parameters);
        // Every row is the evaluator's grade of its own factor on the one market.
        using (var db = MarketDatabase.Open(market))
            foreach (var row in rows)
            {
                var graded = new MarketFactorEvaluation(db, FactorFile.Read(Path.Combine(outDir, row.Model, "factor.csv")), new EvaluationConfig { Horizon = 2, MinStocks = 10 }, null).Result;
                Assert.True(double.IsFinite(row.RankIc) && row.ScoredDays >= 30, $"{row.Model}: RankIC {row.RankIc}, {row.ScoredDays} days");
                Assert.Equal(graded.RankIcMean, row.RankIc, 12);
                Assert.Equal(graded.RankIcir, row.RankIcir, 12);
                Assert.True(File.Exists(Path.Combine(outDir, row.Model, ModelComparison.ByYearFile)), $"{row.Model}: per-year table");
            }
        // The minute row scores only stocks with intraday bars on each of its 3 days, the daily row the daily-eligible ones.
        using (var minutePanel = ResearchPanel.Load(market, lookback: MinuteLookback, picture: PictureKind.Minute))
        using (var dailyPanel = ResearchPanel.Load(market, lookback: DailyLookback))
        {
            Assert.Equal(Scored(outDir, "mlp_minute"), Eligible(minutePanel, Scored(outDir, "mlp_minute").Select(x => x.Date).ToHashSet()));
            Assert.Equal(Scored(outDir, "mlp"), Eligible(dailyPanel, Scored(outDir, "mlp").Select(x => x.Date).ToHashSet()));
        }
        var md = File.ReadAllLines(doc);
        Assert.Contains(md, l => l == "## Protocol (the same for every model but its input)");
        Assert.Contains(md, l => l == $"  - data pictures of 9 fields ({string.Join(", ", ResearchPanel.DefaultFields)}) × {DailyLookback} days: mlp.");
        Assert.Contains(md, l => l == $"  - minute data pictures of 4 fields (return, volume_share, volatility, imbalance) × {MinuteLookback} days of {Bars} intraday bars ({MinuteLookback * Bars} steps): mlp_minute.");
        Assert.Contains(md, l => l.StartsWith("| mlp_minute |", StringComparison.Ordinal));
        Assert.Contains(md, l => l.StartsWith("| mlp |", StringComparison.Ordinal));

        // Resumed: both rows come back from row.json without a fit.
        var again = new StringWriter();
        var resumed = new ModelComparison(protocol, 3, outDir, again, TestPlugins.Registry).Run(["mlp", "mlp_minute"], doc, "alphahost compare (mixed test)");
        Assert.Equal(rows, resumed);
        Assert.Contains("mlp_minute: done earlier", again.ToString());
    }

    private static List<(string Date, string Code)> Scored(string outDir, string model) =>
        File.ReadLines(Path.Combine(outDir, model, "factor.csv")).Skip(1).Select(l => l.Split(',')).Where(f => double.TryParse(f[2], System.Globalization.CultureInfo.InvariantCulture, out var v) && double.IsFinite(v))
            .Select(f => (f[0], f[1])).OrderBy(x => x.Item1, StringComparer.Ordinal).ThenBy(x => x.Item2, StringComparer.Ordinal).ToList();

    /// <summary>The (date, code) pairs a panel has a picture for, on the given dates.</summary>
    private static List<(string Date, string Code)> Eligible(ResearchPanel panel, HashSet<string> dates) =>
        Enumerable.Range(0, panel.Days).Where(d => dates.Contains(panel.Dates[d].ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)))
            .SelectMany(d => panel.EligibleStocks(d).Select(s => (panel.Dates[d].ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), panel.Codes[(int)s])))
            .OrderBy(x => x.Item1, StringComparer.Ordinal).ThenBy(x => x.Item2, StringComparer.Ordinal).ToList();

    [Fact]
    public void AVariantNamingAnUnknownPictureKindIsRefusedWithTheKey()
    {
        var e = Assert.Throws<ConfigException>(() => Protocol("", """[{"name": "hourly_gru", "model": "gru", "picture": "Hourly"}]"""));
        Assert.Contains("key 'variants'", e.Message);
        Assert.Contains("variant 'hourly_gru': \"picture\": one of \"Daily\", \"Minute\", not \"Hourly\"", e.Message);
        var lookback = Assert.Throws<ConfigException>(() => Protocol("", """[{"name": "short", "model": "gru", "lookback": 1}]"""));
        Assert.Contains("variant 'short': \"lookback\": an integer >= 2, not 1", lookback.Message);
    }
}

using AlphaHost.Host.Cli;
using AlphaHost.Host.Research;
using AlphaHost.Host.Run;
using AlphaHost.Sdk.Data;
using AlphaHost.Host.Market.Store;
using AlphaHost.Host.Grading;
using AlphaHost.Sdk.Plugins;
using TorchSharp;

namespace AlphaHost.Host.Tests.Research;

/// <summary>
/// Minute pictures ("picture": "Minute") through the research pipeline: no look-ahead, the
/// traded-every-day eligibility, normalisation fitted on training days, and train and compare
/// feeding [N, 4, lookback · bars] pictures to sequence models.
/// </summary>
[Collection("torch")]
public sealed class MinutePipelineTests : IDisposable
{
    private const int Bars = 4, Lookback = 5;
    private readonly string dir = Directory.CreateTempSubdirectory("alphahost-minute-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string Market(string name, int stocks = 16, int days = 60, int seed = 4) =>
        TestMarkets.Equities(Path.Combine(dir, name), stocks, days, seed, intradayBars: Bars);

    private static ResearchPanel Minute(string path) => ResearchPanel.Load(path, lookback: Lookback, picture: PictureKind.Minute);

    private static void Execute(string path, string sql)
    {
        using var db = MarketDatabase.Open(path);
        using var cmd = db.Connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static float[] Pictures(ResearchPanel panel, int day)
    {
        using var scope = torch.NewDisposeScope();
        return panel.RawPictures(day, panel.EligibleStocks(day)).data<float>().ToArray();
    }

    private static bool[] EligibleOn(ResearchPanel panel, int day)
    {
        using var scope = torch.NewDisposeScope();
        return panel.Eligible.select(0, day).data<bool>().ToArray();
    }

    [Fact]
    public void ADaysMinutePictureIsUnchangedWhenEverythingAfterItsCloseIsAltered()
    {
        var path = Market("lookahead.db");
        const int day = 30;
        using var before = Minute(path);
        Assert.Equal(Lookback * Bars, before.PictureLength);
        Assert.Equal(MinutePictures.Features, before.PictureFields);
        var picture = Pictures(before, day);
        var eligible = EligibleOn(before, day);
        var next = Pictures(before, day + 1);
        Assert.True(eligible.Count(e => e) >= 8, "too few eligible stocks to test");

        int key = TradingCalendar.ToKey(before.Dates[day]);
        Execute(path, $"UPDATE intraday_bars SET open = open * 3, high = high * 4, low = low * 2, close = close * 3, volume = volume * 7 WHERE date > {key}");
        Execute(path, $"UPDATE bars SET open = open * 3, high = high * 4, low = low * 2, close = close * 3, volume = volume * 7 WHERE date > {key}");
        Execute(path, $"DELETE FROM intraday_bars WHERE date > {key} AND instrument IN (SELECT id FROM instruments ORDER BY id LIMIT 3)");
        using var after = Minute(path);
        Assert.Equal(picture, Pictures(after, day));
        Assert.Equal(eligible, EligibleOn(after, day));
        // The alteration is real: the next day's pictures (which hold it) change.
        Assert.NotEqual(next, Pictures(after, day + 1));
    }

    [Fact]
    public void AStockIsEligibleOnlyWhenItHasIntradayBarsOnEveryDayOfTheWindow()
    {
        var path = Market("eligible.db");
        const int gap = 30;
        int stock;
        using (var panel = Minute(path))
        {
            Assert.All(Enumerable.Range(0, Lookback - 1), d => Assert.DoesNotContain(true, EligibleOn(panel, d)));
            // A stock eligible on every day around the gap.
            stock = Enumerable.Range(0, panel.Stocks).First(s => Enumerable.Range(gap - 1, Lookback + 2).All(d => EligibleOn(panel, d)[s]));
        }
        string code;
        int key;
        using (var daily = ResearchPanel.Load(path, lookback: Lookback)) (code, key) = (daily.Codes[stock], TradingCalendar.ToKey(daily.Dates[gap]));
        Execute(path, $"DELETE FROM intraday_bars WHERE date = {key} AND instrument = (SELECT id FROM instruments WHERE code = '{code}')");

        using var minute = Minute(path);
        using var dailyPanel = ResearchPanel.Load(path, lookback: Lookback);
        Assert.True(EligibleOn(minute, gap - 1)[stock]);
        // Every window of Lookback days that holds the gap day loses the stock ...
        for (int d = gap; d < gap + Lookback; d++) Assert.False(EligibleOn(minute, d)[stock], $"day {d} holds the day without bars in its window");
        // ... the first window past it has it again; the daily picture (whose bar is still there) never lost it.
        Assert.True(EligibleOn(minute, gap + Lookback)[stock]);
        Assert.True(EligibleOn(dailyPanel, gap)[stock]);
    }

    [Fact]
    public void NormalisationIsFittedOnTheTrainingDaysPicturesOnly()
    {
        var path = Market("normalise.db");
        var trainDays = Enumerable.Range(10, 15).ToList();
        float[] Normalised(string market, int day)
        {
            using var panel = Minute(market);
            var normalizer = new PictureNormalizer(Normalization.Global);
            normalizer.Fit(panel, trainDays);
            using var scope = torch.NewDisposeScope();
            return normalizer.Apply(panel.RawPictures(day, panel.EligibleStocks(day))).data<float>().ToArray();
        }

        // Global z-scoring: over the training days' pictures each row has mean 0 and standard deviation 1.
        using (var panel = Minute(path))
        {
            var normalizer = new PictureNormalizer(Normalization.Global);
            normalizer.Fit(panel, trainDays);
            using var scope = torch.NewDisposeScope();
            var all = torch.cat(trainDays.Select(d => normalizer.Apply(panel.RawPictures(d, panel.EligibleStocks(d)))).ToArray()).to(torch.ScalarType.Float64);
            var rows = all.transpose(0, 1).reshape(MinutePictures.Features.Length, -1);
            Assert.All(rows.mean([1]).data<double>().ToArray(), m => Assert.Equal(0, m, 4));
            Assert.All(rows.std(1).data<double>().ToArray(), s => Assert.Equal(1, s, 4));
        }
        // Days after the training window do not move the statistics.
        var first = Normalised(path, 20);
        int lastTrainDay;
        using (var daily = ResearchPanel.Load(path, lookback: Lookback)) lastTrainDay = TradingCalendar.ToKey(daily.Dates[trainDays[^1]]);
        Execute(path, $"UPDATE intraday_bars SET close = close * 1.5, volume = volume * 9 WHERE date > {lastTrainDay}");
        Assert.Equal(first, Normalised(path, 20));
    }

    [Fact]
    public void AMarketWithoutIntradayBarsIsRefusedNamingTheFileAndTheKey()
    {
        var path = TestMarkets.Equities(Path.Combine(dir, "daily.db"), 12, 40, 1);
        var e = Assert.Throws<ArgumentException>(() => Minute(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("\"picture\": \"Minute\"", e.Message);
        Assert.Contains("intraday_bars", e.Message);
        Assert.Contains("--intraday-bars", e.Message);
        // A generated market must then be asked for intraday bars.
        var generated = Path.Combine(dir, "generated.db");
        var refused = Assert.Throws<ArgumentException>(() => MainJob.GenerateMarket(new RunConfig { Picture = PictureKind.Minute }, TestPlugins.Registry, 1, generated, TextWriter.Null));
        Assert.Contains("key 'intradayBars'", refused.Message);
        Assert.False(File.Exists(generated));
    }

    [Fact]
    public void FieldsThatNoRowReadsAreRefusedWithAMinutePicture()
    {
        string Write(string name, string json)
        {
            var path = Path.Combine(dir, name);
            File.WriteAllText(path, json);
            return path;
        }
        var minuteOnly = Write("minute.json", """{"picture": "Minute", "intradayBars": 4, "fields": ["close", "volume"]}""");
        var e = Assert.Throws<ConfigException>(() => RunConfig.Load(minuteOnly));
        Assert.Contains(minuteOnly, e.Message);
        Assert.Contains("'fields'", e.Message);
        // A daily variant reads the fields, so the same keys are then accepted.
        var withDaily = Write("mixed.json", """{"picture": "Minute", "intradayBars": 4, "fields": ["close", "volume"], "variants": [{"name": "daily", "model": "mlp", "picture": "Daily"}]}""");
        Assert.Equal(["close", "volume"], RunConfig.Load(withDaily).Fields);
        // The default fields with a minute picture are fine.
        Assert.Equal(PictureKind.Minute, RunConfig.Load(Write("plain.json", """{"picture": "Minute", "intradayBars": 4}""")).Picture);
    }

    [Theory]
    [InlineData("gru_attention")]
    [InlineData("transformer_learned")]
    public void TheWalkForwardFeedsSequenceModelsMinutePictures(string model)
    {
        var path = Market("walk.db", stocks: 20, days: 90);
        var config = new RunConfig { MarketDb = path, Picture = PictureKind.Minute, Lookback = Lookback, Sampler = TestPlugins.Rolling(30, 20), Epochs = 1, EnsembleSeeds = 1, Label = TestPlugins.ForwardReturn(2) };
        using var panel = ResearchPanel.Load(path, lookback: Lookback, picture: PictureKind.Minute);
        int fits = 0;
        var (factor, _) = ResearchRun.WalkForward(panel, config.FitSpec(model), config.Sampler, TestPlugins.Registry, seed: 3, fitted: (_, fitted) =>
        {
            Assert.Equal(MinutePictures.Features.Length, fitted.Shape.Features);
            Assert.Equal(Lookback * Bars, fitted.Shape.Lookback);
            int day = fitted.FittedOn + 1;
            using var sample = DaySamples.Build(panel, fitted.Normalizer, day);
            Assert.Equal(new long[] { panel.EligibleStocks(day).Length, 4, Lookback * Bars }, sample.Pictures.shape);
            fits++;
        });
        Assert.True(fits >= 2, $"{fits} fits");
        var scored = factor.ScoredDays.ToList();
        Assert.True(scored.Count >= 40, $"{scored.Count} scored days");
        // Every scored stock is one with a minute picture that day, and all of those are scored.
        foreach (int d in scored)
        {
            var eligible = EligibleOn(panel, d);
            var row = factor[d]!;
            for (int s = 0; s < panel.Stocks; s++) Assert.Equal(eligible[s], double.IsFinite(row[s]));
        }
    }

    [Fact]
    public void CompareGradesMinutePictureRows()
    {
        var protocol = new RunConfig { Stocks = 20, Days = 110, IntradayBars = Bars, Picture = PictureKind.Minute, Lookback = Lookback, Sampler = TestPlugins.Rolling(40, 30), Epochs = 1, EnsembleSeeds = 1 };
        var doc = Path.Combine(dir, "minute.md");
        var rows = new ModelComparison(protocol, 5, dir, new StringWriter(), TestPlugins.Registry).Run(["gru_attention"], doc, "alphahost compare (minute test)");
        var row = Assert.Single(rows);
        EvaluationResult graded;
        using (var db = MarketDatabase.Open(Path.Combine(dir, "market.db")))
        {
            Assert.True(Convert.ToInt64(db.Scalar("SELECT COUNT(*) FROM intraday_bars")) > 0, "the generated market has intraday bars");
            graded = new MarketFactorEvaluation(db, FactorFile.Read(Path.Combine(dir, "gru_attention", "factor.csv")), new EvaluationConfig { Horizon = 5 }, null).Result;
            Assert.Equal(graded.RankIcMean, row.RankIc, 12);
            Assert.True(double.IsFinite(row.RankIc) && row.ScoredDays >= 30, $"RankIC {row.RankIc}, {row.ScoredDays} days");
            var byYear = System.Text.Json.JsonSerializer.Deserialize<AlphaRow[]>(File.ReadAllText(Path.Combine(dir, "gru_attention", ModelComparison.ByYearFile)),
                new System.Text.Json.JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals })!;
            Assert.NotEmpty(byYear);
            Assert.Equal(graded.ByYear, byYear);
        }
        var table = File.ReadAllLines(doc);
        foreach (var year in graded.ByYear) Assert.Contains(table, l => l.StartsWith($"| gru_attention | {year.Year} | {year.Days} |", StringComparison.Ordinal));
        Assert.Contains(table, l => l.Contains($"minute data pictures of 4 fields (return, volume_share, volatility, imbalance) × {Lookback} days of {Bars} intraday bars ({Lookback * Bars} steps)", StringComparison.Ordinal));
    }
}

/// <summary>`alphahost train` with "picture": "Minute" in its config.</summary>
[Collection("console")]
public sealed class MinuteTrainCommandTests : IDisposable
{
    private const int Lookback = 5;
    private readonly string dir = Directory.CreateTempSubdirectory("alphahost-minute-train-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void TrainOnAMinuteConfigWritesAGradedFactor()
    {
        var path = TestMarkets.Equities(Path.Combine(dir, "train.db"), 20, 90, 4, intradayBars: 4);
        var config = Path.Combine(dir, "minute.json");
        File.WriteAllText(config, $$"""{"picture": "Minute", "lookback": {{Lookback}}, "model": "gru_attention", "epochs": 1, "ensembleSeeds": 1, "sampler": {"name": "rolling", "config": {"trainDays": 30, "testDays": 20} } }""");
        var outDir = Path.Combine(dir, "train");
        var (output, savedOut, savedError) = (new StringWriter(), Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(output);
        int exit;
        try { exit = Program.Main(["train", "--db", path, "--config", config, "--out", outDir]); }
        finally { Console.SetOut(savedOut); Console.SetError(savedError); }
        Assert.True(exit == 0, output.ToString());
        var factorRows = File.ReadAllLines(Path.Combine(outDir, "factor.csv"));
        Assert.True(factorRows.Length > 40 * 8, $"{factorRows.Length} factor rows");
        Assert.Matches(@"rank_ic_mean\(5d\) -?\d\.\d{4}", output.ToString());
        Assert.True(File.Exists(Path.Combine(outDir, "model_0.pt")));
    }
}

using AlphaHost.Host.Plugins;
using AlphaHost.Host.Research;
using AlphaHost.Host.Run;
using AlphaHost.Sdk.Data;
using AlphaHost.Sdk.Plugins;
using Microsoft.Data.Sqlite;
using TorchSharp;

namespace AlphaHost.Host.Tests.Research;

/// <summary>
/// The samplers' splits reach the fit: hv-blocked K-fold from the run config fits one model per
/// fold on the days on both sides of its validation block; bucket selection trains only on the
/// kept stocks; neither lets a future bar change what is fitted at a day.
/// </summary>
[Collection("torch")]
public class SampleSelectionTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("alphahost-sampling-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static FitSpec Spec(int seeds = 1) => new("mlp", "ic", TestPlugins.ForwardReturn(5), Normalization.PerStock,
        new TrainerConfig { Epochs = 1, DaysPerBatch = 8 }, EnsembleSeeds: seeds, Lookback: 10);

    private PluginChoice SamplerFromRunConfig(string json)
    {
        var path = Path.Combine(dir, "run.json");
        File.WriteAllText(path, json);
        var config = RunConfig.Load(path);
        config.CheckPlugins(TestPlugins.Registry);
        return config.Sampler;
    }

    [Fact]
    public void KFoldFromTheRunConfigFitsOneModelPerFoldAndScoresEveryTestDay()
    {
        var path = TestMarkets.Equities(Path.Combine(dir, "m.db"), stocks: 30, days: 140, seed: 7);
        using var panel = ResearchPanel.Load(path, lookback: 10);
        var sampler = SamplerFromRunConfig("""
            {"sampler": {"name": "hv-blocked-kfold", "config": {"folds": 3, "embargoDays": 1, "trainDays": 60, "testDays": 30}}}
            """);
        var training = new ModelTraining(panel, Spec(seeds: 2), sampler, TestPlugins.Registry, seed: 3);
        var walk = training.Walk();
        // Lag 6: labels of days < today − 5 are known, so the first day with 60 known days is 65; each
        // test block starts a day later (embargo 1) and lasts 30 days, so retrains follow at 96 and 127.
        Assert.Equal([65, 96, 127], walk.Select(w => w.Day));
        var folds = new WalkForward(TestPlugins.Sampler(sampler), panel.Dates, 6).FoldsAt(65);
        Assert.Equal(3, folds.Count);
        // Known days 0..59, blocks of 20, gap 6 − 1 + 1 = 6: the middle fold trains on 0..13 and 46..59.
        Assert.Equal(Enumerable.Range(0, 14).Concat(Enumerable.Range(46, 14)), folds[1].TrainDays);
        Assert.Equal(new DayWindow(20, 20), folds[1].Validation);

        using var fitted = training.Fit("mlp", 65, 0, progress: null, CancellationToken.None);
        Assert.Equal(3 * 2, fitted.Members.Count);                       // folds × ensemble seeds
        var (factor, _) = ResearchRun.WalkForward(panel, Spec(), sampler, TestPlugins.Registry, seed: 3);
        Assert.Equal(Enumerable.Range(66, 139 - 65), factor.ScoredDays);   // the day after the first fit to the last day
        Assert.Equal([0, 1, 2], factor.ScoredDays.Select(factor.FitOf).Distinct());
    }

    [Fact]
    public void AFutureBarChangesNothingAKFoldFitSeesAtTheDay()
    {
        var original = TestMarkets.Equities(Path.Combine(dir, "a.db"), stocks: 30, days: 140, seed: 8);
        var changed = Path.Combine(dir, "b.db");
        File.Copy(original, changed);
        using var a = ResearchPanel.Load(original, lookback: 10);
        const int t = 100;
        using (var c = new SqliteConnection($"Data Source={changed};Pooling=false"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "UPDATE bars SET open = open * 1.5, high = high * 1.5, low = low * 1.5, close = close * 1.5, vwap = vwap * 1.5, volume = volume * 3, amount = amount * 9 WHERE date > $d";
            cmd.Parameters.AddWithValue("$d", TradingCalendar.ToKey(a.Dates[t]));
            Assert.True(cmd.ExecuteNonQuery() > 0);
        }
        using var b = ResearchPanel.Load(changed, lookback: 10);
        var sampler = new PluginChoice("hv-blocked-kfold", new System.Text.Json.Nodes.JsonObject
        {
            ["folds"] = 3, ["trainDays"] = 60, ["testDays"] = 10,
            ["bucketBy"] = "Volatility", ["buckets"] = 2, ["keepBuckets"] = new System.Text.Json.Nodes.JsonArray(2), ["bucketWindowDays"] = 5,
        });
        using var fitted = new ModelTraining(a, Spec(), sampler, TestPlugins.Registry, seed: 1).Fit("mlp", t, 0, null, CancellationToken.None);
        using var refit = new ModelTraining(b, Spec(), sampler, TestPlugins.Registry, seed: 1).Fit("mlp", t, 0, null, CancellationToken.None);
        Assert.Equal(fitted.Score(a, t), refit.Score(b, t));
        Assert.Contains(fitted.Score(a, t), double.IsFinite);
    }

    [Fact]
    public void BucketsAreMeasuredFromDataKnownAtTheDayAndKeepOnlyTheirStocks()
    {
        var path = TestMarkets.Equities(Path.Combine(dir, "m.db"), stocks: 12, days: 60, seed: 2);
        using var panel = ResearchPanel.Load(path, lookback: 10);
        const int day = 40;
        using var scope = torch.NewDisposeScope();
        // Independent recomputation from the panel's adjusted closes and traded values.
        var adj = panel.AdjustedClose.data<double>().ToArray();
        var amount = panel.Amount.data<double>().ToArray();
        int s0 = 3, n = panel.Stocks;
        var returns = Enumerable.Range(day - 4, 5).Select(d => adj[d * n + s0] / adj[(d - 1) * n + s0] - 1).ToArray();
        double mean = returns.Average();
        double std = Math.Sqrt(returns.Sum(r => (r - mean) * (r - mean)) / 4);
        Assert.Equal(std, panel.Measure(StockMeasure.Volatility, day, 5)[s0], 12);
        Assert.Equal(Enumerable.Range(day - 4, 5).Average(d => amount[d * n + s0]), panel.Measure(StockMeasure.Liquidity, day, 5)[s0], 6);
        Assert.Equal(panel.MarketCap.data<double>()[day * n + s0], panel.Measure(StockMeasure.Size, day, 5)[s0]);
        Assert.True(double.IsNaN(panel.Measure(StockMeasure.Volatility, 4, 5)[s0]));   // needs 5 returns: 6 closes

        // The top half by size, and nothing else, is trained on that day.
        var stocks = panel.EligibleStocks(day);
        var size = panel.Measure(StockMeasure.Size, day, 20);
        var top = stocks.OrderBy(s => size[s]).Skip(stocks.Length / 2).Order().ToArray();
        Assert.Equal(top, panel.InBuckets(day, stocks, new StockBuckets(StockMeasure.Size, 2, [2])));
        var normalizer = new PictureNormalizer(Normalization.PerStock);
        using var sample = DaySamples.Build(panel, normalizer, day, buckets: new StockBuckets(StockMeasure.Size, 2, [2]));
        Assert.Equal(top, sample.Stocks);
    }
}

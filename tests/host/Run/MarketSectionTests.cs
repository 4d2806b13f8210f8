using System.Text.Json.Nodes;
using AlphaHost.Host.Market;
using AlphaHost.Host.Market.Store;
using AlphaHost.Host.Plugins;
using AlphaHost.Host.Run;

namespace AlphaHost.Host.Tests.Run;

/// <summary>The run config's "market" section: the generator plugin by name, every key of its config reachable.</summary>
[Collection("alphahost run")]
public class MarketSectionTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(5);
    private readonly ScratchDir scratch = new();

    public void Dispose() => scratch.Dispose();

    private string Config(JsonNode market, string name = "run.json")
    {
        var path = RunKit.TinyConfig(scratch.Path);
        var config = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        config["market"] = market;
        var named = Path.Combine(scratch.Path, name);
        File.WriteAllText(named, config.ToJsonString());
        return named;
    }

    [Fact]
    public void ARunGeneratesTheMarketItsMarketSectionNamesAndRunsToTheEnd()
    {
        var config = Config(new JsonObject { ["name"] = "synthetic_equities", ["config"] = new JsonObject { ["stocks"] = 30, ["suspendProbability"] = 0.01 } });
        var runDir = Path.Combine(scratch.Path, "run");
        var (code, output) = RunKit.Run(Bound, "--config", config, "--out", runDir, "--seed", "3", "--headless");
        Assert.True(code == 0, output);
        Assert.Contains("generating a synthetic market with synthetic_equities", output);
        Assert.True(File.Exists(Path.Combine(runDir, "metrics.json")), output);
        using var db = MarketDatabase.Open(Path.Combine(runDir, "market.db"));
        Assert.Equal(30L, db.Scalar("SELECT COUNT(*) FROM instruments"));          // the section's key wins over "stocks": 20
        Assert.Equal((long)RunKit.Days, db.Scalar("SELECT COUNT(*) FROM calendar")); // "days" fills what the section leaves out
        Assert.Equal("3", db.GetMeta("seed"));                                       // and the run's seed
    }

    [Fact]
    public void TheSectionsConfigOverTheShorthandKeysGivesTheSameMarketAsTheGeneratorWithThoseKeys()
    {
        var config = RunConfig.Load(Config(new JsonObject { ["name"] = "synthetic_futures", ["config"] = new JsonObject { ["listingSpreadDays"] = 10, ["minHistoryDays"] = 5 } }))
            with { Stocks = 12, Days = 60 };
        var viaRun = Path.Combine(scratch.Path, "run-futures.db");
        MainJob.GenerateMarket(config, TestPlugins.Registry, 5, viaRun, TextWriter.Null);
        var direct = Path.Combine(scratch.Path, "direct-futures.db");
        TestMarkets.Generate(direct, MarketGeneration.Futures,
            new JsonObject { ["contracts"] = 12, ["days"] = 60, ["seed"] = 5, ["listingSpreadDays"] = 10, ["minHistoryDays"] = 5 });
        Assert.Equal(File.ReadAllBytes(direct), File.ReadAllBytes(viaRun));
    }

    /// <summary>A user's bar feed: 30 stocks on a seeded random walk, one daily bar per weekday; day 0 closes at 10 + i.</summary>
    private const string ToyFeed = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using AlphaHost.Sdk.Plugins;
        public sealed class ToyFeed : IMarketSource
        {
            private const int Stocks = 30, Days = 120;
            private readonly Random random = new(11);
            private readonly double[] close = Enumerable.Range(0, Stocks).Select(i => 10.0 + i).ToArray();
            private readonly string[] codes = Enumerable.Range(0, Stocks).Select(i => $"T{i:D2}").ToArray();
            private int day;
            public PluginInfo Info => new("toy_feed", "1.0.0", PluginFamily.MarketSource, "a seeded random walk", []);
            public IReadOnlyList<DateOnly> Calendar => Enumerable.Range(0, 10 * Days).Select(k => new DateOnly(2020, 1, 6).AddDays(k))
                .Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).Take(Days).ToArray();
            public MarketBar? Next()
            {
                if (day >= Days) return null;
                var open = close.ToArray();
                if (day > 0) for (int i = 0; i < Stocks; i++) close[i] = Math.Round(close[i] * (1 + 0.04 * (random.NextDouble() - 0.5)), 2);
                var volume = Enumerable.Range(0, Stocks).Select(_ => 1e6 * (1 + random.NextDouble())).ToArray();
                double[] Of(Func<int, double> f) => Enumerable.Range(0, Stocks).Select(f).ToArray();
                var bar = new MarketBar(Calendar[day], 0, codes, open, Of(i => Math.Max(open[i], close[i])), Of(i => Math.Min(open[i], close[i])), close.ToArray(),
                    Of(i => (open[i] + close[i]) / 2), volume, Of(i => volume[i] * close[i]), Of(i => volume[i] / 1e8), Of(i => volume[i] / 5e7), Of(_ => 1),
                    Of(i => close[i] * 1e8), Enumerable.Range(0, Stocks).Select(i => i % 5).ToArray(), new bool[Stocks].Select(_ => true).ToArray(),
                    new bool[Stocks], new bool[Stocks], Of(_ => 1.0 / Stocks), new Dictionary<string, double>());
                day++;
                return bar;
            }
        }
        """;

    [Fact]
    public void ARunRecordsAUsersBarFeedNamedInItsMarketSectionAndRunsOnIt()
    {
        var plugins = RunKit.CopyBuiltInPlugins(Path.Combine(scratch.Path, "plugins"));
        File.WriteAllText(Path.Combine(plugins, "toy_feed.cs"), ToyFeed);
        var config = Config(new JsonObject { ["name"] = "toy_feed" });
        var runDir = Path.Combine(scratch.Path, "run");
        var (code, output) = RunKit.Run(Bound, "--config", config, "--out", runDir, "--seed", "3", "--headless", "--plugins", plugins);
        Assert.True(code == 0, output);
        Assert.Contains("recording market source toy_feed until it ends", output);
        Assert.True(File.Exists(Path.Combine(runDir, "metrics.json")), output);
        using var db = MarketDatabase.Open(Path.Combine(runDir, "market.db"));
        Assert.Equal("recorded", db.GetMeta("kind"));
        Assert.Equal(30L, db.Scalar("SELECT COUNT(*) FROM instruments"));
        Assert.Equal(120L, db.Scalar("SELECT COUNT(*) FROM calendar"));
        Assert.Equal(20200106L, db.Scalar("SELECT MIN(date) FROM calendar"));
        Assert.Equal(15.0, db.Scalar("SELECT b.close FROM bars b JOIN instruments i ON i.id = b.instrument WHERE i.code = 'T05' AND b.date = 20200106"));
        // The model was fitted and scored on the recorded market: its factor holds the feed's codes.
        Assert.Contains("T05", File.ReadAllText(Path.Combine(runDir, "models", "mlp", "factor.csv")));
    }

    [Theory]
    [InlineData("""{"name": "synthetic_equities", "config": {"stoks": 30}}""", "run.json: market.config: unknown key 'stoks'; did you mean 'stocks'?")]
    [InlineData("""{"name": "synthetic_equities", "config": {"alphaHorizon": 0}}""", "run.json: market.config: key 'alphaHorizon': expected at least 1, got 0")]
    [InlineData("""{"name": "synthetic_equites"}""", "run.json: key 'market': no MarketSource plugin named 'synthetic_equites'; did you mean 'synthetic_equities'?")]
    [InlineData("""{"name": "mlp"}""", "'mlp' is a Model plugin, not a MarketSource")]
    public void AMisspeltMarketKeyOrNameIsRefusedBeforeAnyWork(string market, string expected)
    {
        var config = RunConfig.Load(Config(JsonNode.Parse(market)!));
        var e = Assert.Throws<PluginLoadException>(() => config.CheckPlugins(TestPlugins.Registry));
        Assert.Contains(expected.Replace("run.json", Path.Combine(scratch.Path, "run.json")), e.Message);
    }
}

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

using System.Security.Cryptography;
using System.Text.Json.Nodes;
using AlphaHost.Host.Market;
using AlphaHost.Host.Market.Store;
using AlphaHost.Host.Plugins;
using AlphaHost.Host.Tests.Market.Support;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Host.Tests.Market;

/// <summary>The market generators as plugins: resolved by name from plugins/bin, writing into the host's store.</summary>
public class MarketGenerationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>
    /// Markets written before the generators became plugins (the host constructed them and they wrote
    /// straight into the store; commit 47bcd60): the content digest (<see cref="DbDigest"/>) and the
    /// SHA-256 of the checkpointed file, for the configs below.
    /// </summary>
    public static TheoryData<string, string, string, string> BeforeTheCut => new()
    {
        { MarketGeneration.Equities, """{"stocks": 30, "days": 60, "intradayBars": 4, "seed": 5, "suspendProbability": 0.02}""",
          "3F7DEAD0BB45C2CE9E5D40261731A4B9BAB1E2AC6AA14FBA36906764D48D49D8", "ED323D2C4B39578CE2256F40E8DED7708086D5B0D611446A55514D122DC59CFF" },
        { MarketGeneration.Equities, """{"stocks": 30, "days": 60, "seed": 5}""",
          "23B7F4F07F649F2290976EC745C56DE6ABEF51774EFD5F5709C10C455B1F3B7C", "1FA593EB8F3F45ECB486FBB2A9812BA0DBB9E67C5F48E138A72177AB90BFA541" },
        { MarketGeneration.Futures, """{"contracts": 12, "days": 60, "intradayBars": 2, "seed": 5, "listingSpreadDays": 10, "minHistoryDays": 5, "minOpenInterest": 100000, "openInterestWindow": 10}""",
          "EB93E2014A5235EF67C230C3826E4A34FE94DE8587E848EA232CA891A958F7EF", "D244439FBFB4857BA6FD9FD2CA33C9F99C6B2DAB9FC5CD93CF4D64E9BD30B16D" },
    };

    [Theory]
    [MemberData(nameof(BeforeTheCut))]
    public void AGeneratorResolvedByNameWritesTheByteIdenticalMarketOfTheDirectConstruction(string name, string config, string digest, string fileSha)
    {
        var path = _dir.File(name + ".db");
        TestMarkets.Generate(path, name, (JsonObject)JsonNode.Parse(config)!);
        using (var db = MarketDatabase.Open(path))
        {
            Assert.Equal(digest, DbDigest.Of(db));
            db.Checkpoint();
        }
        Assert.Equal(fileSha, Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))));
    }

    [Fact]
    public void BothGeneratorsAreMarketSourcePlugins()
    {
        var names = TestPlugins.Registry.Names(PluginFamily.MarketSource);
        Assert.Contains(MarketGeneration.Equities, names);
        Assert.Contains(MarketGeneration.Futures, names);
        Assert.Contains("suspendProbability", TestPlugins.Registry.KeysOf(MarketGeneration.Equities));
        Assert.Contains("minOpenInterest", TestPlugins.Registry.KeysOf(MarketGeneration.Futures));
    }

    [Fact]
    public void AMisspeltKeyIsRefusedByNameBeforeTheFileIsCreated()
    {
        var path = _dir.File("typo.db");
        var choice = new PluginChoice(MarketGeneration.Equities, new JsonObject { ["stoks"] = 30 }) { ConfigSource = "m.json: market.config" };
        var e = Assert.Throws<PluginLoadException>(() => MarketGeneration.Generate(TestPlugins.Registry, choice, path));
        Assert.Contains("m.json: market.config: unknown key 'stoks'; did you mean 'stocks'?", e.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void AValueOutOfRangeNamesTheKeyAndWhatWasExpected()
    {
        var choice = new PluginChoice(MarketGeneration.Futures, new JsonObject { ["contracts"] = 46 }) { ConfigSource = "m.json: market.config" };
        var e = Assert.Throws<PluginLoadException>(() => MarketGeneration.Generate(TestPlugins.Registry, choice, _dir.File("range.db")));
        Assert.Contains("m.json: market.config: key 'contracts': expected 1 to 45 (the base contracts, in list order), got 46", e.Message);
    }

    [Fact]
    public void AMisspeltNameIsRefusedWithTheNearestGenerator()
    {
        var choice = new PluginChoice("synthetic_equites") { Source = "m.json: key 'market'" };
        var e = Assert.Throws<PluginLoadException>(() => MarketGeneration.Generate(TestPlugins.Registry, choice, _dir.File("name.db")));
        Assert.Contains("m.json: key 'market': no MarketSource plugin named 'synthetic_equites'", e.Message);
        Assert.Contains("did you mean 'synthetic_equities'?", e.Message);
    }

    [Fact]
    public void KeysBeneathTheChoiceFillWhatItsOwnConfigLeavesOut()
    {
        var path = _dir.File("layered.db");
        var choice = new PluginChoice(MarketGeneration.Equities, new JsonObject { ["stocks"] = 12 })
        {
            Beneath = new ConfigLayer("shorthand", new JsonObject { ["stocks"] = 40, ["days"] = 25, ["seed"] = 9 }),
        };
        var report = MarketGeneration.Generate(TestPlugins.Registry, choice, path);
        Assert.Equal((12, 25), (report.Instruments, report.Days));
        using var db = MarketDatabase.Open(path);
        Assert.Equal("9", db.GetMeta("seed"));
        Assert.Equal("1", db.GetMeta("schema_version")); // the host writes its store's schema version, not the plugin
    }
}

using System.Text.Json.Nodes;
using AlphaHost.Host.Market;
using AlphaHost.Host.Plugins;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Host.Tests;

/// <summary>
/// Small synthetic equity and futures markets for tests that need a market file, made as the product
/// makes them: the generator plugin resolved by name from plugins/bin, writing into the host's store.
/// </summary>
public static class TestMarkets
{
    /// <summary>Generates a market of <paramref name="stocks"/> × <paramref name="days"/> (with that many intraday bars a day) into <paramref name="path"/> and returns the path.</summary>
    public static string Equities(string path, int stocks, int days, int seed, int intradayBars = 0)
    {
        Generate(path, MarketGeneration.Equities, new JsonObject { ["stocks"] = stocks, ["days"] = days, ["seed"] = seed, ["intradayBars"] = intradayBars });
        return path;
    }

    /// <summary>A synthetic futures market (contracts in sectors) of <paramref name="contracts"/> × <paramref name="days"/> into <paramref name="path"/>.</summary>
    public static string Futures(string path, int contracts, int days, int seed)
    {
        Generate(path, MarketGeneration.Futures, new JsonObject { ["contracts"] = contracts, ["days"] = days, ["seed"] = seed });
        return path;
    }

    /// <summary>Generates the market of generator <paramref name="name"/> with <paramref name="config"/> (its plugin keys) into a new file.</summary>
    public static GenerationReport Generate(string path, string name, JsonObject config) =>
        MarketGeneration.Generate(TestPlugins.Registry, new PluginChoice(name, config) { Source = "test market", ConfigSource = "test market config" }, path);

    /// <summary>Picture rows a futures market has (no free turnover; open interest instead).</summary>
    public static readonly string[] FuturesFields = ["open", "high", "low", "close", "vwap", "volume", "return1", "turnover", "open_interest"];
}

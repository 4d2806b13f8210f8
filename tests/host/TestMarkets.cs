using AlphaHost.Plugins.Market.Store;
using AlphaHost.Plugins.Market.Synthetic;

namespace AlphaHost.Host.Tests;

/// <summary>Small synthetic equity and futures markets for tests that need a market file.</summary>
public static class TestMarkets
{
    /// <summary>Generates a market of <paramref name="stocks"/> × <paramref name="days"/> (with that many intraday bars a day) into <paramref name="path"/> and returns the path.</summary>
    public static string Equities(string path, int stocks, int days, int seed, int intradayBars = 0)
    {
        using var db = MarketDatabase.Create(path);
        new EquityMarketGenerator(new EquityMarketConfig { Stocks = stocks, Days = days, Seed = seed, IntradayBars = intradayBars }).Generate(db);
        return path;
    }

    /// <summary>A synthetic futures market (contracts in sectors) of <paramref name="contracts"/> × <paramref name="days"/> into <paramref name="path"/>.</summary>
    public static string Futures(string path, int contracts, int days, int seed)
    {
        using var db = MarketDatabase.Create(path);
        new FuturesMarketGenerator(new FuturesMarketConfig { Contracts = contracts, Days = days, Seed = seed }).Generate(db);
        return path;
    }

    /// <summary>Picture rows a futures market has (no free turnover; open interest instead).</summary>
    public static readonly string[] FuturesFields = ["open", "high", "low", "close", "vwap", "volume", "return1", "turnover", "open_interest"];
}

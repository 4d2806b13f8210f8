using AlphaHost.Plugins.Market.Store;
using AlphaHost.Plugins.Market.Synthetic;

namespace AlphaHost.Host.Tests;

/// <summary>Small synthetic equity markets for tests that need a market file.</summary>
public static class TestMarkets
{
    /// <summary>Generates a market of <paramref name="stocks"/> × <paramref name="days"/> (with that many intraday bars a day) into <paramref name="path"/> and returns the path.</summary>
    public static string Equities(string path, int stocks, int days, int seed, int intradayBars = 0)
    {
        using var db = MarketDatabase.Create(path);
        new EquityMarketGenerator(new EquityMarketConfig { Stocks = stocks, Days = days, Seed = seed, IntradayBars = intradayBars }).Generate(db);
        return path;
    }
}

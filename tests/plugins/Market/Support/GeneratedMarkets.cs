using AlphaHost.Host.Market;
using AlphaHost.Host.Market.Store;
using AlphaHost.Host.Tests.Market.Support;
using AlphaHost.Sdk.Plugins;
using AlphaHost.Plugins.Market.Synthetic;

namespace AlphaHost.Plugins.Market.Tests.Support;

/// <summary>
/// A default-strength daily equity market big enough to measure the planted alpha
/// (300 stocks × 500 days), generated once for all tests that read it.
/// </summary>
public sealed class DailyEquityMarket : IDisposable
{
    private readonly TempDirectory _dir = new();
    public EquityMarketConfig Config { get; } = new() { Stocks = 300, Days = 500, Seed = 7 };
    public GenerationReport Report { get; }
    public MarketDatabase Db { get; }

    public DailyEquityMarket()
    {
        Db = MarketDatabase.Create(_dir.File("equities.db"));
        Report = MarketGeneration.Generate(new EquityMarketGenerator(Config), Db);
    }

    public void Dispose()
    {
        Db.Dispose();
        _dir.Dispose();
    }
}

/// <summary>A small equity market with 8 intraday bars per day.</summary>
public sealed class IntradayEquityMarket : IDisposable
{
    private readonly TempDirectory _dir = new();
    public EquityMarketConfig Config { get; } = new() { Stocks = 40, Days = 60, IntradayBars = 8, Seed = 3, SuspendProbability = 0.02 };
    public GenerationReport Report { get; }
    public MarketDatabase Db { get; }

    public IntradayEquityMarket()
    {
        Db = MarketDatabase.Create(_dir.File("intraday.db"));
        Report = MarketGeneration.Generate(new EquityMarketGenerator(Config), Db);
    }

    public void Dispose()
    {
        Db.Dispose();
        _dir.Dispose();
    }
}

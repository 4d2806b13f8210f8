using System.Text.Json.Nodes;
using AlphaHost.Host.Market;
using AlphaHost.Host.Market.Store;

namespace AlphaHost.Host.Tests.Market.Support;

/// <summary>A small equity market with 8 intraday bars per day (suspensions made common), made by the "synthetic_equities" plugin.</summary>
public sealed class IntradayEquityMarket : IDisposable
{
    private readonly TempDirectory _dir = new();
    public int Days { get; } = 60;
    public MarketDatabase Db { get; }

    public IntradayEquityMarket()
    {
        var path = _dir.File("intraday.db");
        TestMarkets.Generate(path, MarketGeneration.Equities,
            new JsonObject { ["stocks"] = 40, ["days"] = Days, ["intradayBars"] = 8, ["seed"] = 3, ["suspendProbability"] = 0.02 });
        Db = MarketDatabase.Open(path);
    }

    public void Dispose()
    {
        Db.Dispose();
        _dir.Dispose();
    }
}

using AlphaHost.Host.Trading;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Host.Tests.Trading;

/// <summary>One stock's row in a scenario bar; vwap defaults to the open, amount to volume × close.</summary>
public sealed record Row(string Code, double Open, double Close, double Volume = 1_000_000,
    bool Tradable = true, bool LimitUp = false, bool LimitDown = false, double? Vwap = null, double IndexWeight = 0);

/// <summary>Builds bars for scenario markets made for one test.</summary>
public static class Scenario
{
    public static readonly DateOnly Day0 = new(2024, 1, 2);

    public static MarketBar Bar(int day, params Row[] rows) => BarAt(Day0.AddDays(day), 0, rows);

    public static MarketBar BarAt(DateOnly date, int barOfDay, Row[] rows, double? indexLevel = null) => new(
        date, barOfDay,
        rows.Select(r => r.Code).ToArray(),
        rows.Select(r => r.Open).ToArray(),
        rows.Select(r => Math.Max(r.Open, r.Close)).ToArray(),
        rows.Select(r => Math.Min(r.Open, r.Close)).ToArray(),
        rows.Select(r => r.Close).ToArray(),
        rows.Select(r => r.Vwap ?? r.Open).ToArray(),
        rows.Select(r => r.Volume).ToArray(),
        rows.Select(r => r.Volume * r.Close).ToArray(),
        new double[rows.Length], new double[rows.Length],
        Enumerable.Repeat(1.0, rows.Length).ToArray(),
        new double[rows.Length], new int[rows.Length],
        rows.Select(r => r.Tradable).ToArray(),
        rows.Select(r => r.LimitUp).ToArray(),
        rows.Select(r => r.LimitDown).ToArray(),
        rows.Select(r => r.IndexWeight).ToArray(),
        indexLevel is { } l ? new Dictionary<string, double> { ["IDX"] = l } : new Dictionary<string, double>());

    public static ScoreVector Scores(MarketBar bar, params (string Code, double Score)[] scores) =>
        new(bar.Date, scores.Select(s => s.Code).ToArray(), scores.Select(s => s.Score).ToArray());

    /// <summary>A config with no costs or impact, so a test sees only the rule it is about.</summary>
    public static TradingConfig Frictionless(decimal cash = 1_000_000m) => new()
    {
        InitialCash = cash, CommissionRate = 0, MinCommission = 0, StampDutyRate = 0, SlippagePerParticipation = 0,
    };

    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "alphahost-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}

/// <summary>Runs a broker directly: a book, some orders, one bar.</summary>
public sealed class BrokerHarness(TradingConfig config)
{
    public PaperBroker Broker { get; } = new(config);
    public Book Book { get; } = new(config.InitialCash);
    private long _orderId = 1, _fillId = 1;
    private readonly Dictionary<string, decimal> _lastPrices = new();

    public Order Submit(string code, long quantity)
    {
        var o = new Order(_orderId++, 0, code, quantity);
        Book.OpenOrders.Add(o);
        return o;
    }

    public void Hold(string code, long quantity, decimal lastPrice)
    {
        Book.PositionFor(code).Quantity = quantity;
        _lastPrices[code] = lastPrice;
    }

    public TickExecution Trade(MarketBar bar, int tick = 1) =>
        Broker.Execute(tick, bar, new BarIndex(bar), Book, _lastPrices, ref _fillId);
}

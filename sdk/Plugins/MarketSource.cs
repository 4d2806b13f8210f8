namespace AlphaHost.Sdk.Plugins;

/// <summary>
/// One bar of the whole universe at one tick, as columns (one array entry per stock, aligned
/// with <see cref="Codes"/>). Prices are raw (unadjusted) in currency units; multiply by
/// <see cref="AdjFactor"/> for a continuous series. Stocks not listed at this tick are absent.
/// </summary>
public sealed record MarketBar(
    DateOnly Date,
    int BarOfDay,              // 0 for daily bars; 0..N-1 for intraday bars
    string[] Codes,
    double[] Open,
    double[] High,
    double[] Low,
    double[] Close,
    double[] Vwap,
    double[] Volume,           // shares
    double[] Amount,           // traded value
    double[] Turnover,         // volume / shares outstanding
    double[] FreeTurnover,     // volume / free-float shares
    double[] AdjFactor,
    double[] MarketCap,
    int[] Industry,
    bool[] Tradable,           // false while suspended
    bool[] LimitUp,            // closed at the upper daily limit
    bool[] LimitDown,          // closed at the lower daily limit
    double[] IndexWeight,      // weight in the benchmark index (0 if not a member)
    IReadOnlyDictionary<string, double> IndexClose) // benchmark levels by index name
{
    public int Count => Codes.Length;
}

/// <summary>
/// A market the host ticks through: synthetic, replayed from a database, or a feed of your own.
/// The clock calls <see cref="Next"/> once per tick; null means the market has ended. Named in a
/// run config's "market" section, a source is recorded into the run's market file, daily bars only.
/// </summary>
public interface IMarketSource : IPlugin
{
    /// <summary>Trading dates this source will emit, in order (known up front for replayed and synthetic markets).</summary>
    IReadOnlyList<DateOnly> Calendar { get; }

    /// <summary>The next bar, or null after the last one. Never returns data from after the bar's own time.</summary>
    MarketBar? Next();
}

namespace AlphaHost.Plugins.Market.Store;

/// <summary>
/// One instrument's daily bar as written to <c>bars</c>. A mutable struct so generators can fill
/// millions without allocating; NaN in an optional field is stored as NULL.
/// </summary>
public struct DailyBar
{
    public int Date;          // yyyymmdd
    public int Instrument;    // instruments.id
    public double Open, High, Low, Close, Vwap;
    public double Volume;     // shares
    public double Amount;     // traded value
    public double Turnover, FreeTurnover; // volume / total shares, volume / free-float shares
    public double AdjFactor, MarketCap;
    public int? Industry;     // null where unknown (imports without an industry column)
    public bool Tradable, LimitUp, LimitDown;
    public double UpLimit, DownLimit;     // the day's limit prices (NaN where no limit applies)
    public double IndexWeight;            // weight in the benchmark index at this close
    public double OpenInterest;           // futures only; NaN for equities
}

/// <summary>One intraday bar of one instrument.</summary>
public struct IntradayBar
{
    public int Date, Bar, Instrument;
    public double Open, High, Low, Close, Vwap, Volume, Amount;
}

/// <summary>A row of <c>instruments</c>.</summary>
public sealed record Instrument(
    int Id, string Code, int Industry, string Board, int ListDate, int? DelistDate,
    double TotalShares, double FreeShares);

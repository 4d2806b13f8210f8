namespace AlphaHost.Sdk.Plugins;

// A market generator in one file: implement IMarketGenerator (and usually IConfigurable<YourConfig>),
// write the market through the IMarketRecorder the host hands you, and return a GenerationReport.
// The host owns the store (one SQLite file per market, see host/Market/README.md): it creates the
// file, gives you a recorder over it, and replays or reads the file afterwards.

/// <summary>
/// One instrument's daily bar (a row of <c>bars</c>). A mutable struct so a generator can fill
/// millions without allocating; NaN in an optional field is stored as NULL.
/// </summary>
public struct DailyBar
{
    public int Date;          // yyyymmdd (TradingCalendar.ToKey)
    public int Instrument;    // Instrument.Id
    public double Open, High, Low, Close, Vwap;
    public double Volume;     // shares (contracts for futures)
    public double Amount;     // traded value
    public double Turnover, FreeTurnover; // volume / total shares, volume / free-float shares
    public double AdjFactor, MarketCap;
    public int? Industry;     // null where unknown
    public bool Tradable, LimitUp, LimitDown;
    public double UpLimit, DownLimit;     // the day's limit prices (NaN where no limit applies)
    public double IndexWeight;            // weight in the benchmark index at this close
    public double OpenInterest;           // futures only; NaN for equities
}

/// <summary>One intraday bar of one instrument (bar = 0..N-1 within the day).</summary>
public struct IntradayBar
{
    public int Date, Bar, Instrument;
    public double Open, High, Low, Close, Vwap, Volume, Amount;
}

/// <summary>An instrument (a row of <c>instruments</c>); dates are yyyymmdd, shares NaN where unknown.</summary>
public sealed record Instrument(
    int Id, string Code, int Industry, string Board, int ListDate, int? DelistDate,
    double TotalShares, double FreeShares);

/// <summary>
/// Where a generator writes its market. Write the instruments, then day by day in date order:
/// the date, its bars (daily, intraday), the planted alpha scores and index levels. Meta keys
/// (kind, seed, ...) describe the market; <see cref="Complete"/> commits what is pending, and a
/// recorder disposed without it keeps nothing of the last batch.
/// </summary>
public interface IMarketRecorder
{
    void WriteInstrument(Instrument instrument);
    void WriteDate(int date);
    void WriteBar(in DailyBar bar);
    void WriteIntraday(in IntradayBar bar);
    /// <summary>The planted alpha's score of one instrument on one day (synthetic markets with a known ceiling).</summary>
    void WriteAlpha(int date, int instrument, double score);
    void WriteIndex(string name, int date, double close);
    void SetMeta(string key, string value);
    void SetMeta(string key, double value) => SetMeta(key, value.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
    void Complete();
}

/// <summary>What a generator wrote, and the planted alpha's ceiling (NaN for markets without one).</summary>
public sealed record GenerationReport(
    string Kind,
    int Instruments,
    int Days,
    long BarRows,
    long IntradayRows,
    long AlphaRows,
    double OracleRankIc,
    int OracleHorizon,
    TimeSpan Elapsed)
{
    public long TotalRows => BarRows + IntradayRows + AlphaRows;
}

/// <summary>
/// A market source that generates a whole market history (family <see cref="PluginFamily.MarketSource"/>):
/// `alphahost market generate --source NAME` and a run config's "market" section resolve it by name.
/// Same config → same rows in the same order (the host's file is then byte-identical).
/// </summary>
public interface IMarketGenerator : IPlugin
{
    GenerationReport Generate(IMarketRecorder recorder);
}

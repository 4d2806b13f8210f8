namespace AlphaHost.Host.Market.Import;

/// <summary>A field of <c>bars</c> that a CSV column can fill, with the factor that converts the file's unit to ours.</summary>
public sealed record CsvColumn(string Header, string Field, double Scale = 1);

/// <summary>
/// How a CSV names its columns. Stored units: volume in shares, amount in currency units,
/// turnover as a fraction, market cap in currency units.
/// </summary>
public sealed class CsvFormat
{
    public string Name { get; }
    public IReadOnlyList<CsvColumn> Columns { get; }
    public IReadOnlyList<string> RequiredFields { get; }

    private CsvFormat(string name, IReadOnlyList<CsvColumn> columns, IReadOnlyList<string> required)
    {
        Name = name;
        Columns = columns;
        RequiredFields = required;
    }

    private static readonly string[] Required = ["date", "code", "open", "high", "low", "close", "volume", "amount"];

    /// <summary>date,code,open,high,low,close,volume,amount[,vwap,turnover,free_turnover,adj_factor,industry,market_cap,up_limit,down_limit,open_interest]</summary>
    public static readonly CsvFormat Long = new("long",
    [
        new("date", "date"), new("code", "code"), new("open", "open"), new("high", "high"), new("low", "low"),
        new("close", "close"), new("volume", "volume"), new("amount", "amount"), new("vwap", "vwap"),
        new("turnover", "turnover"), new("free_turnover", "free_turnover"), new("adj_factor", "adj_factor"),
        new("industry", "industry"), new("market_cap", "market_cap"), new("up_limit", "up_limit"),
        new("down_limit", "down_limit"), new("open_interest", "open_interest"),
    ], Required);

    /// <summary>
    /// tushare daily + daily_basic (+ adj_factor, stk_limit) exports: vol in lots of 100 shares, amount in
    /// thousands, turnover_rate(_f) in percent, total_mv in ten-thousands.
    /// </summary>
    public static readonly CsvFormat Tushare = new("tushare",
    [
        new("trade_date", "date"), new("ts_code", "code"), new("open", "open"), new("high", "high"), new("low", "low"),
        new("close", "close"), new("vol", "volume", 100), new("amount", "amount", 1000),
        new("turnover_rate", "turnover", 0.01), new("turnover_rate_f", "free_turnover", 0.01),
        new("adj_factor", "adj_factor"), new("industry", "industry"), new("total_mv", "market_cap", 10000),
        new("up_limit", "up_limit"), new("down_limit", "down_limit"),
    ], Required);

    public static CsvFormat Parse(string name) => name switch
    {
        "long" => Long,
        "tushare" => Tushare,
        _ => throw new ArgumentException($"--format {name}: expected long or tushare"),
    };

    public CsvColumn? Find(string header) =>
        Columns.FirstOrDefault(c => string.Equals(c.Header, header.Trim(), StringComparison.OrdinalIgnoreCase));

    public string HeaderFor(string field) => Columns.First(c => c.Field == field).Header;
}

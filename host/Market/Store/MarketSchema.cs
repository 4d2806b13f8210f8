namespace AlphaHost.Host.Market.Store;

/// <summary>
/// The tables of one market file. Dates are yyyymmdd integers; instruments are small integer ids
/// (codes live in <c>instruments</c>); prices are raw, multiply by adj_factor for a continuous series.
/// </summary>
internal static class MarketSchema
{
    public const int Version = 1;

    public const string Ddl = """
        CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS calendar(date INTEGER PRIMARY KEY);
        CREATE TABLE IF NOT EXISTS instruments(
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            industry INTEGER,
            board TEXT,
            list_date INTEGER,
            delist_date INTEGER,
            total_shares REAL,
            free_shares REAL);
        CREATE TABLE IF NOT EXISTS industries(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
        CREATE TABLE IF NOT EXISTS bars(
            date INTEGER NOT NULL,
            instrument INTEGER NOT NULL,
            open REAL, high REAL, low REAL, close REAL, vwap REAL,
            volume REAL, amount REAL,
            turnover REAL, free_turnover REAL,
            adj_factor REAL, market_cap REAL, industry INTEGER,
            tradable INTEGER NOT NULL,
            limit_up INTEGER NOT NULL, limit_down INTEGER NOT NULL,
            up_limit REAL, down_limit REAL,
            index_weight REAL, open_interest REAL,
            PRIMARY KEY(date, instrument)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS intraday_bars(
            date INTEGER NOT NULL, bar INTEGER NOT NULL, instrument INTEGER NOT NULL,
            open REAL, high REAL, low REAL, close REAL, vwap REAL, volume REAL, amount REAL,
            PRIMARY KEY(date, bar, instrument)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS planted_alpha(
            date INTEGER NOT NULL, instrument INTEGER NOT NULL, score REAL NOT NULL,
            PRIMARY KEY(date, instrument)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS index_bars(
            name TEXT NOT NULL, date INTEGER NOT NULL, close REAL NOT NULL,
            PRIMARY KEY(name, date)) WITHOUT ROWID;
        """;

    /// <summary>Columns of <c>bars</c> after the key, in insert order; also the panel reader's field names.</summary>
    public static readonly string[] BarColumns =
    [
        "open", "high", "low", "close", "vwap", "volume", "amount", "turnover", "free_turnover",
        "adj_factor", "market_cap", "industry", "tradable", "limit_up", "limit_down",
        "up_limit", "down_limit", "index_weight", "open_interest",
    ];
}

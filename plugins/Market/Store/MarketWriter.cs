namespace AlphaHost.Plugins.Market.Store;

/// <summary>
/// Appends rows to a market file with prepared statements, committing one transaction per
/// <see cref="BatchRows"/> rows so a crash loses at most one batch and memory stays flat.
/// Call <see cref="Complete"/> to commit the last batch.
/// </summary>
public sealed class MarketWriter : IDisposable
{
    public const int BatchRows = 200_000;

    private readonly MarketDatabase _db;
    private readonly RawStatement _bar, _intraday, _alpha, _index, _date, _instrument;
    private int _rowsInBatch;
    private bool _inTransaction;

    public MarketWriter(MarketDatabase db)
    {
        _db = db;
        var c = db.Connection;
        var cols = string.Join(", ", MarketSchema.BarColumns);
        var marks = string.Join(", ", Enumerable.Range(3, MarketSchema.BarColumns.Length).Select(i => "?" + i));
        _bar = new RawStatement(c, $"INSERT INTO bars(date, instrument, {cols}) VALUES(?1, ?2, {marks})");
        _intraday = new RawStatement(c,
            "INSERT INTO intraday_bars(date, bar, instrument, open, high, low, close, vwap, volume, amount) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)");
        _alpha = new RawStatement(c, "INSERT INTO planted_alpha(date, instrument, score) VALUES(?1, ?2, ?3)");
        _index = new RawStatement(c, "INSERT INTO index_bars(name, date, close) VALUES(?1, ?2, ?3)");
        _date = new RawStatement(c, "INSERT OR IGNORE INTO calendar(date) VALUES(?1)");
        _instrument = new RawStatement(c,
            "INSERT INTO instruments(id, code, industry, board, list_date, delist_date, total_shares, free_shares) VALUES(?1,?2,?3,?4,?5,?6,?7,?8)");
    }

    public void WriteInstrument(Instrument s)
    {
        Begin();
        _instrument.Bind(1, s.Id);
        _instrument.Bind(2, s.Code);
        _instrument.Bind(3, s.Industry);
        _instrument.Bind(4, s.Board);
        _instrument.Bind(5, s.ListDate);
        _instrument.BindNullable(6, s.DelistDate);
        _instrument.Bind(7, s.TotalShares);
        _instrument.Bind(8, s.FreeShares);
        _instrument.Execute();
        Counted();
    }

    public void WriteDate(int date)
    {
        Begin();
        _date.Bind(1, date);
        _date.Execute();
        Counted();
    }

    public void WriteBar(in DailyBar b)
    {
        Begin();
        BindBar(_bar, b);
        _bar.Execute();
        Counted();
    }

    internal static void BindBar(RawStatement s, in DailyBar b)
    {
        // Clear once, then bind only present values: imports leave most optional columns NULL.
        s.ClearBindings();
        s.Bind(1, b.Date);
        s.Bind(2, b.Instrument);
        s.BindIfPresent(3, b.Open);
        s.BindIfPresent(4, b.High);
        s.BindIfPresent(5, b.Low);
        s.BindIfPresent(6, b.Close);
        s.BindIfPresent(7, b.Vwap);
        s.BindIfPresent(8, b.Volume);
        s.BindIfPresent(9, b.Amount);
        s.BindIfPresent(10, b.Turnover);
        s.BindIfPresent(11, b.FreeTurnover);
        s.BindIfPresent(12, b.AdjFactor);
        s.BindIfPresent(13, b.MarketCap);
        if (b.Industry is { } industry) s.Bind(14, industry);
        s.Bind(15, b.Tradable ? 1 : 0);
        s.Bind(16, b.LimitUp ? 1 : 0);
        s.Bind(17, b.LimitDown ? 1 : 0);
        s.BindIfPresent(18, b.UpLimit);
        s.BindIfPresent(19, b.DownLimit);
        s.BindIfPresent(20, b.IndexWeight);
        s.BindIfPresent(21, b.OpenInterest);
    }

    public void WriteIntraday(in IntradayBar b)
    {
        Begin();
        _intraday.Bind(1, b.Date);
        _intraday.Bind(2, b.Bar);
        _intraday.Bind(3, b.Instrument);
        _intraday.Bind(4, b.Open);
        _intraday.Bind(5, b.High);
        _intraday.Bind(6, b.Low);
        _intraday.Bind(7, b.Close);
        _intraday.Bind(8, b.Vwap);
        _intraday.Bind(9, b.Volume);
        _intraday.Bind(10, b.Amount);
        _intraday.Execute();
        Counted();
    }

    public void WriteAlpha(int date, int instrument, double score)
    {
        Begin();
        _alpha.Bind(1, date);
        _alpha.Bind(2, instrument);
        _alpha.Bind(3, score);
        _alpha.Execute();
        Counted();
    }

    public void WriteIndex(string name, int date, double close)
    {
        Begin();
        _index.Bind(1, name);
        _index.Bind(2, date);
        _index.Bind(3, close);
        _index.Execute();
        Counted();
    }

    private void Begin()
    {
        if (_inTransaction) return;
        _db.Execute("BEGIN");
        _inTransaction = true;
    }

    private void Counted()
    {
        if (++_rowsInBatch < BatchRows) return;
        Commit();
    }

    private void Commit()
    {
        if (!_inTransaction) return;
        _db.Execute("COMMIT");
        _inTransaction = false;
        _rowsInBatch = 0;
    }

    /// <summary>Commits what is pending.</summary>
    public void Complete() => Commit();

    public void Dispose()
    {
        if (_inTransaction)
        {
            _db.Execute("ROLLBACK");
            _inTransaction = false;
        }
        _bar.Dispose();
        _intraday.Dispose();
        _alpha.Dispose();
        _index.Dispose();
        _date.Dispose();
        _instrument.Dispose();
    }
}

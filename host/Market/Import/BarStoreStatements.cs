using AlphaHost.Host.Market.Store;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Host.Market.Import;

/// <summary>The prepared statements an import runs against <c>bars</c>, <c>calendar</c> and <c>instruments</c>.</summary>
internal sealed class BarStoreStatements : IDisposable
{
    private readonly MarketDatabase _db;
    private readonly RawStatement _insert, _select, _date, _instrument, _listDate, _industry;
    private bool _open;

    public BarStoreStatements(MarketDatabase db)
    {
        _db = db;
        var c = db.Connection;
        var cols = string.Join(", ", MarketSchema.BarColumns);
        var marks = string.Join(", ", Enumerable.Range(3, MarketSchema.BarColumns.Length).Select(i => "?" + i));
        _insert = new RawStatement(c, $"INSERT INTO bars(date, instrument, {cols}) VALUES(?1, ?2, {marks}) ON CONFLICT(date, instrument) DO NOTHING");
        _select = new RawStatement(c, $"SELECT {cols} FROM bars WHERE date = ?1 AND instrument = ?2");
        _date = new RawStatement(c, "INSERT OR IGNORE INTO calendar(date) VALUES(?1)");
        _instrument = new RawStatement(c, "INSERT INTO instruments(id, code, industry, list_date) VALUES(?1, ?2, NULL, ?3)");
        _listDate = new RawStatement(c, "UPDATE instruments SET list_date = ?2 WHERE id = ?1 AND (list_date IS NULL OR list_date > ?2)");
        _industry = new RawStatement(c, "INSERT INTO industries(id, name) VALUES(?1, ?2)");
    }

    public void Begin()
    {
        _db.Execute("BEGIN");
        _open = true;
    }

    public void Commit()
    {
        _db.Execute("COMMIT");
        _open = false;
    }

    /// <summary>True when the row was new and is now stored; false when its key was already there.</summary>
    public bool Insert(in DailyBar bar)
    {
        _insert.ClearBindings();
        MarketWriter.BindBar(_insert, bar);
        return _insert.Execute() == 1;
    }

    /// <summary>Whether the stored row with this key holds exactly these values (NULL = NaN/null).</summary>
    public bool SameAsStored(in DailyBar bar)
    {
        _select.Bind(1, bar.Date);
        _select.Bind(2, bar.Instrument);
        if (!_select.Read()) return false;
        try
        {
            return Same(0, bar.Open) && Same(1, bar.High) && Same(2, bar.Low) && Same(3, bar.Close) && Same(4, bar.Vwap)
                   && Same(5, bar.Volume) && Same(6, bar.Amount) && Same(7, bar.Turnover) && Same(8, bar.FreeTurnover)
                   && Same(9, bar.AdjFactor) && Same(10, bar.MarketCap)
                   && (bar.Industry is { } ind ? !_select.IsNull(11) && _select.ColumnLong(11) == ind : _select.IsNull(11))
                   && _select.ColumnLong(12) == (bar.Tradable ? 1 : 0) && _select.ColumnLong(13) == (bar.LimitUp ? 1 : 0)
                   && _select.ColumnLong(14) == (bar.LimitDown ? 1 : 0) && Same(15, bar.UpLimit) && Same(16, bar.DownLimit)
                   && Same(17, bar.IndexWeight) && Same(18, bar.OpenInterest);
        }
        finally
        {
            _select.Reset();
        }
    }

    private bool Same(int column, double value) =>
        double.IsNaN(value) ? _select.IsNull(column) : !_select.IsNull(column) && _select.ColumnDouble(column) == value;

    public void AddDate(int date)
    {
        _date.Bind(1, date);
        _date.Execute();
    }

    public void AddInstrument(int id, string code, int listDate)
    {
        _instrument.Bind(1, id);
        _instrument.Bind(2, code);
        _instrument.Bind(3, listDate);
        _instrument.Execute();
    }

    public void SetListDate(int id, int listDate)
    {
        _listDate.Bind(1, id);
        _listDate.Bind(2, listDate);
        _listDate.Execute();
    }

    public void AddIndustry(int id, string name)
    {
        _industry.Bind(1, id);
        _industry.Bind(2, name);
        _industry.Execute();
    }

    public void Dispose()
    {
        if (_open) _db.Execute("ROLLBACK");
        _insert.Dispose();
        _select.Dispose();
        _date.Dispose();
        _instrument.Dispose();
        _listDate.Dispose();
        _industry.Dispose();
    }
}

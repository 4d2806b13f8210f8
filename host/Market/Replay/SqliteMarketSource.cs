using AlphaHost.Sdk.Data;
using AlphaHost.Host.Market.Store;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Host.Market.Replay;

/// <summary>
/// Replays a market file tick by tick: one <see cref="MarketBar"/> per trading day, or with
/// <c>intraday</c> one per stored intraday bar. Never emits a value from after the bar's time:
/// during the day, market cap and limit flags come from the bar's own close, turnover from the
/// volume so far, and index weights/levels from the previous close (today's level on the last bar).
/// </summary>
public sealed class SqliteMarketSource : IMarketSource, IDisposable
{
    private readonly MarketDatabase _db;
    private readonly bool _ownsDb;
    private readonly DateOnly[] _calendar;
    private readonly int _barsPerDay;
    private readonly RawStatement _daily, _intraday, _index;
    private readonly string[] _codeById;
    private readonly double[] _totalShares, _freeShares;
    private int _day, _bar;
    private DayState? _today;
    private Dictionary<string, double> _previousIndex = new();
    private Dictionary<int, double> _previousWeights = new();

    public PluginInfo Info { get; } = new("sqlite-replay", "1.0", PluginFamily.MarketSource,
        "replays a market database (synthetic or imported) bar by bar", ["db", "intraday"]);

    public IReadOnlyList<DateOnly> Calendar => _calendar;

    public SqliteMarketSource(string path, bool intraday = false) : this(MarketDatabase.Open(path), intraday, ownsDb: true) { }

    public SqliteMarketSource(MarketDatabase db, bool intraday = false) : this(db, intraday, ownsDb: false) { }

    private SqliteMarketSource(MarketDatabase db, bool intraday, bool ownsDb)
    {
        _db = db;
        _ownsDb = ownsDb;
        _calendar = new PanelReader(db).Dates(DateOnly.MinValue, DateOnly.MaxValue);
        _barsPerDay = intraday ? Convert.ToInt32(db.Scalar("SELECT COALESCE(MAX(bar), -1) + 1 FROM intraday_bars")) : 0;
        if (intraday && _barsPerDay == 0) throw new ArgumentException($"{db.Path}: has no intraday bars; generate with --intraday-bars N");
        int slots = Convert.ToInt32(db.Scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM instruments"));
        _codeById = new string[slots];
        _totalShares = new double[slots];
        _freeShares = new double[slots];
        using (var s = new RawStatement(db.Connection, "SELECT id, code, total_shares, free_shares FROM instruments"))
            while (s.Read())
            {
                int id = (int)s.ColumnLong(0);
                _codeById[id] = s.ColumnText(1);
                _totalShares[id] = s.IsNull(2) ? double.NaN : s.ColumnDouble(2);
                _freeShares[id] = s.IsNull(3) ? double.NaN : s.ColumnDouble(3);
            }
        _daily = new RawStatement(db.Connection,
            $"SELECT instrument, {string.Join(", ", MarketSchema.BarColumns)} FROM bars WHERE date = ?1 ORDER BY instrument");
        _intraday = new RawStatement(db.Connection,
            "SELECT instrument, open, high, low, close, vwap, volume, amount FROM intraday_bars WHERE date = ?1 AND bar = ?2");
        _index = new RawStatement(db.Connection, "SELECT name, close FROM index_bars WHERE date = ?1");
    }

    public MarketBar? Next()
    {
        if (_day >= _calendar.Length) return null;
        _today ??= LoadDay(_calendar[_day]);
        MarketBar bar = _barsPerDay == 0 ? _today.ToDailyBar(0) : IntradayBar(_today, _bar);
        if (_barsPerDay == 0 || ++_bar == _barsPerDay)
        {
            _previousIndex = _today.IndexClose;
            _previousWeights = _today.Weights();
            _today = null;
            _bar = 0;
            _day++;
        }
        return bar;
    }

    private DayState LoadDay(DateOnly date)
    {
        var day = new DayState(date);
        _daily.Bind(1, TradingCalendar.ToKey(date));
        while (_daily.Read())
        {
            int id = (int)_daily.ColumnLong(0);
            var row = new double[MarketSchema.BarColumns.Length];
            for (int k = 0; k < row.Length; k++) row[k] = _daily.IsNull(k + 1) ? double.NaN : _daily.ColumnDouble(k + 1);
            day.Ids.Add(id);
            day.Rows.Add(row);
        }
        _index.Bind(1, TradingCalendar.ToKey(date));
        while (_index.Read()) day.IndexClose[_index.ColumnText(0)] = _index.ColumnDouble(1);
        day.Codes = day.Ids.Select(id => _codeById[id]).ToArray();
        day.PreviousIndexClose = _previousIndex;
        day.PreviousWeights = _previousWeights;
        day.CumulativeVolume = new double[day.Ids.Count];
        return day;
    }

    private MarketBar IntradayBar(DayState day, int barOfDay)
    {
        int n = day.Ids.Count;
        var at = new Dictionary<int, int>(n);
        for (int k = 0; k < n; k++) at[day.Ids[k]] = k;
        var b = Columns.Create(n);
        for (int k = 0; k < n; k++)
        {
            // Suspended (no intraday rows): flat at the day's price, nothing traded.
            var r = day.Rows[k];
            b.Open[k] = b.High[k] = b.Low[k] = b.Close[k] = b.Vwap[k] = r[Col("close")];
        }
        _intraday.Bind(1, TradingCalendar.ToKey(day.Date));
        _intraday.Bind(2, barOfDay);
        while (_intraday.Read())
        {
            if (!at.TryGetValue((int)_intraday.ColumnLong(0), out int k)) continue;
            b.Open[k] = _intraday.ColumnDouble(1);
            b.High[k] = _intraday.ColumnDouble(2);
            b.Low[k] = _intraday.ColumnDouble(3);
            b.Close[k] = _intraday.ColumnDouble(4);
            b.Vwap[k] = _intraday.ColumnDouble(5);
            b.Volume[k] = _intraday.ColumnDouble(6);
            b.Amount[k] = _intraday.ColumnDouble(7);
        }
        bool lastBar = barOfDay == _barsPerDay - 1;
        for (int k = 0; k < n; k++)
        {
            var r = day.Rows[k];
            int id = day.Ids[k];
            day.CumulativeVolume[k] += b.Volume[k];
            b.Turnover[k] = day.CumulativeVolume[k] / _totalShares[id];
            b.FreeTurnover[k] = day.CumulativeVolume[k] / _freeShares[id];
            b.AdjFactor[k] = r[Col("adj_factor")];
            b.MarketCap[k] = b.Close[k] * _totalShares[id];
            b.Industry[k] = double.IsNaN(r[Col("industry")]) ? -1 : (int)r[Col("industry")];
            b.Tradable[k] = r[Col("tradable")] != 0;
            b.LimitUp[k] = b.Tradable[k] && b.Close[k] >= r[Col("up_limit")];
            b.LimitDown[k] = b.Tradable[k] && b.Close[k] <= r[Col("down_limit")];
            b.IndexWeight[k] = day.PreviousWeight(id);
        }
        return b.ToBar(day.Date, barOfDay, day.Codes, lastBar ? day.IndexClose : day.PreviousIndexClose);
    }

    private static int Col(string name) => Array.IndexOf(MarketSchema.BarColumns, name);

    public void Dispose()
    {
        _daily.Dispose();
        _intraday.Dispose();
        _index.Dispose();
        if (_ownsDb) _db.Dispose();
    }

    /// <summary>One day's stored rows, in instrument order.</summary>
    private sealed class DayState(DateOnly date)
    {
        public DateOnly Date { get; } = date;
        public List<int> Ids { get; } = new();
        public List<double[]> Rows { get; } = new();
        public string[] Codes { get; set; } = [];
        public Dictionary<string, double> IndexClose { get; } = new();
        public Dictionary<string, double> PreviousIndexClose { get; set; } = new();
        public double[] CumulativeVolume { get; set; } = [];
        public Dictionary<int, double> PreviousWeights { get; set; } = new();

        public double PreviousWeight(int id) => PreviousWeights.TryGetValue(id, out var w) ? w : 0;

        public Dictionary<int, double> Weights()
        {
            var weights = new Dictionary<int, double>(Ids.Count);
            for (int k = 0; k < Ids.Count; k++)
                if (!double.IsNaN(Rows[k][Col("index_weight")])) weights[Ids[k]] = Rows[k][Col("index_weight")];
            return weights;
        }

        public MarketBar ToDailyBar(int barOfDay)
        {
            var b = Columns.Create(Ids.Count);
            for (int k = 0; k < Ids.Count; k++)
            {
                var r = Rows[k];
                b.Open[k] = r[Col("open")];
                b.High[k] = r[Col("high")];
                b.Low[k] = r[Col("low")];
                b.Close[k] = r[Col("close")];
                b.Vwap[k] = r[Col("vwap")];
                b.Volume[k] = r[Col("volume")];
                b.Amount[k] = r[Col("amount")];
                b.Turnover[k] = r[Col("turnover")];
                b.FreeTurnover[k] = r[Col("free_turnover")];
                b.AdjFactor[k] = r[Col("adj_factor")];
                b.MarketCap[k] = r[Col("market_cap")];
                b.Industry[k] = double.IsNaN(r[Col("industry")]) ? -1 : (int)r[Col("industry")];
                b.Tradable[k] = r[Col("tradable")] != 0;
                b.LimitUp[k] = r[Col("limit_up")] != 0;
                b.LimitDown[k] = r[Col("limit_down")] != 0;
                b.IndexWeight[k] = double.IsNaN(r[Col("index_weight")]) ? 0 : r[Col("index_weight")];
            }
            return b.ToBar(Date, barOfDay, Codes, IndexClose);
        }
    }

    /// <summary>The column arrays of a MarketBar under construction.</summary>
    private sealed record Columns(
        double[] Open, double[] High, double[] Low, double[] Close, double[] Vwap, double[] Volume, double[] Amount,
        double[] Turnover, double[] FreeTurnover, double[] AdjFactor, double[] MarketCap, int[] Industry,
        bool[] Tradable, bool[] LimitUp, bool[] LimitDown, double[] IndexWeight)
    {
        public static Columns Create(int n) => new(new double[n], new double[n], new double[n], new double[n], new double[n],
            new double[n], new double[n], new double[n], new double[n], new double[n], new double[n], new int[n],
            new bool[n], new bool[n], new bool[n], new double[n]);

        public MarketBar ToBar(DateOnly date, int barOfDay, string[] codes, IReadOnlyDictionary<string, double> index) =>
            new(date, barOfDay, codes, Open, High, Low, Close, Vwap, Volume, Amount, Turnover, FreeTurnover, AdjFactor,
                MarketCap, Industry, Tradable, LimitUp, LimitDown, IndexWeight, new Dictionary<string, double>(index));
    }
}

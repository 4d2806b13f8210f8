using AlphaHost.Sdk.Data;

namespace AlphaHost.Host.Market.Store;

/// <summary>Reads a market file into dense float32 panels for training, plus index series and the planted alpha.</summary>
public sealed class PanelReader
{
    /// <summary>Derived fields: adjusted close, and its day-over-day change (the previous stored row of the stock).</summary>
    public const string AdjustedClose = "adj_close", Return1 = "return1";

    /// <summary>The AlphaNet "data picture" rows: open, high, low, close, vwap, volume, return1, turn, free_turn.</summary>
    public static readonly string[] DataPictureFields =
        ["open", "high", "low", "close", "vwap", "volume", Return1, "turnover", "free_turnover"];

    /// <summary>
    /// The six price/volume ratio rows the AlphaNet-v2 note adds ("numerator/denominator" of the same
    /// day's bar, so known at that day's close): close/free_turn, open/turn, volume/low, vwap/high,
    /// low/high, vwap/close.
    /// </summary>
    public static readonly string[] RatioFields =
        ["close/free_turnover", "open/turnover", "volume/low", "vwap/high", "low/high", "vwap/close"];

    /// <summary>AlphaNet-v2's 15 rows: the nine of <see cref="DataPictureFields"/> and the six ratios.</summary>
    public static readonly string[] AlphaNetV2Fields = [.. DataPictureFields, .. RatioFields];

    public static IReadOnlyList<string> KnownFields { get; } = [.. MarketSchema.BarColumns, AdjustedClose, Return1, .. RatioFields];

    /// <summary>The two stored columns of a ratio field, or null for any other field.</summary>
    public static (string Numerator, string Denominator)? RatioParts(string field)
    {
        if (!RatioFields.Contains(field)) return null;
        var parts = field.Split('/');
        return (parts[0], parts[1]);
    }

    private readonly MarketDatabase _db;

    public PanelReader(MarketDatabase db) => _db = db;

    /// <summary>Trading dates stored in [from, to].</summary>
    public DateOnly[] Dates(DateOnly from, DateOnly to)
    {
        var dates = new List<DateOnly>();
        using var s = new RawStatement(_db.Connection, "SELECT date FROM calendar WHERE date BETWEEN ?1 AND ?2 ORDER BY date");
        s.Bind(1, TradingCalendar.ToKey(from));
        s.Bind(2, TradingCalendar.ToKey(to));
        while (s.Read()) dates.Add(TradingCalendar.FromKey((int)s.ColumnLong(0)));
        return dates.ToArray();
    }

    /// <summary>
    /// Bars of [from, to] for <paramref name="fields"/> (see <see cref="KnownFields"/>). The universe is
    /// the given codes in that order, or every instrument with a bar in the range, sorted by code.
    /// </summary>
    public MarketPanel Read(DateOnly from, DateOnly to, IReadOnlyList<string> fields, IReadOnlyList<string>? universe = null)
    {
        foreach (var f in fields)
            if (!KnownFields.Contains(f))
                throw new ArgumentException($"field '{f}': unknown, expected one of {string.Join(", ", KnownFields)}");
        var dates = Dates(from, to);
        var (codes, column) = Universe(from, to, universe);
        int days = dates.Length, stocks = codes.Length, nf = fields.Count;
        var values = new float[days * stocks * nf];
        Array.Fill(values, float.NaN);
        var mask = new bool[days * stocks];
        if (days == 0 || stocks == 0) return new MarketPanel(dates, codes, fields.ToArray(), values, mask);

        // Stored columns to fetch: the requested ones, plus close and adj_factor for derived fields.
        var stored = new List<string> { "tradable", "close", "adj_factor" };
        foreach (var f in fields)
        {
            if (MarketSchema.BarColumns.Contains(f) && !stored.Contains(f)) stored.Add(f);
            if (RatioParts(f) is { } ratio)
                foreach (var part in new[] { ratio.Numerator, ratio.Denominator }) if (!stored.Contains(part)) stored.Add(part);
        }
        var source = fields.Select(f => stored.IndexOf(f)).ToArray(); // −1 for derived
        var ratios = fields.Select((f, i) => RatioParts(f) is { } r ? (Field: i, Num: stored.IndexOf(r.Numerator), Den: stored.IndexOf(r.Denominator)) : (Field: -1, Num: -1, Den: -1))
            .Where(r => r.Field >= 0).ToArray();
        int fieldAdj = fields.ToList().IndexOf(AdjustedClose), fieldRet = fields.ToList().IndexOf(Return1);

        var dayIndex = new Dictionary<int, int>(days);
        for (int d = 0; d < days; d++) dayIndex[TradingCalendar.ToKey(dates[d])] = d;
        int firstKey = TradingCalendar.ToKey(dates[0]);
        // One stored day before the range seeds return1 of the first day.
        var previous = _db.Scalar($"SELECT MAX(date) FROM calendar WHERE date < {firstKey}");
        int readFrom = previous is long p ? (int)p : firstKey;

        var lastAdjClose = new double[stocks];
        Array.Fill(lastAdjClose, double.NaN);
        using var s = new RawStatement(_db.Connection,
            $"SELECT date, instrument, {string.Join(", ", stored)} FROM bars WHERE date BETWEEN ?1 AND ?2 ORDER BY date, instrument");
        s.Bind(1, readFrom);
        s.Bind(2, TradingCalendar.ToKey(dates[^1]));
        while (s.Read())
        {
            long id = s.ColumnLong(1);
            if (id < 0 || id >= column.Length || column[id] < 0) continue;
            int stock = column[id];
            double adjClose = s.ColumnDouble(3) * (s.IsNull(4) ? 1 : s.ColumnDouble(4));
            if (!dayIndex.TryGetValue((int)s.ColumnLong(0), out int day))
            {
                lastAdjClose[stock] = adjClose;
                continue;
            }
            int row = (day * stocks + stock) * nf;
            for (int f = 0; f < nf; f++)
                if (source[f] >= 0 && !s.IsNull(2 + source[f])) values[row + f] = (float)s.ColumnDouble(2 + source[f]);
            foreach (var (field, num, den) in ratios)
                if (!s.IsNull(2 + num) && !s.IsNull(2 + den) && s.ColumnDouble(2 + den) != 0)
                    values[row + field] = (float)(s.ColumnDouble(2 + num) / s.ColumnDouble(2 + den));
            if (fieldAdj >= 0) values[row + fieldAdj] = (float)adjClose;
            if (fieldRet >= 0) values[row + fieldRet] = (float)(adjClose / lastAdjClose[stock] - 1);
            lastAdjClose[stock] = adjClose;
            mask[day * stocks + stock] = s.ColumnLong(2) != 0;
        }
        return new MarketPanel(dates, codes, fields.ToArray(), values, mask);
    }

    /// <summary>The planted alpha as a one-field panel ("score"); the mask is true where a score exists.</summary>
    public MarketPanel ReadPlantedAlpha(DateOnly from, DateOnly to, IReadOnlyList<string>? universe = null)
    {
        var dates = Dates(from, to);
        var (codes, column) = Universe(from, to, universe);
        int stocks = codes.Length;
        var values = new float[dates.Length * stocks];
        Array.Fill(values, float.NaN);
        var mask = new bool[dates.Length * stocks];
        var dayIndex = new Dictionary<int, int>();
        for (int d = 0; d < dates.Length; d++) dayIndex[TradingCalendar.ToKey(dates[d])] = d;
        using var s = new RawStatement(_db.Connection,
            "SELECT date, instrument, score FROM planted_alpha WHERE date BETWEEN ?1 AND ?2 ORDER BY date, instrument");
        s.Bind(1, TradingCalendar.ToKey(from));
        s.Bind(2, TradingCalendar.ToKey(to));
        while (s.Read())
        {
            long id = s.ColumnLong(1);
            if (id < 0 || id >= column.Length || column[id] < 0 || !dayIndex.TryGetValue((int)s.ColumnLong(0), out int day)) continue;
            int at = day * stocks + column[id];
            values[at] = (float)s.ColumnDouble(2);
            mask[at] = true;
        }
        return new MarketPanel(dates, codes, ["score"], values, mask);
    }

    /// <summary>Levels of an index ("benchmark", "midcap") in [from, to].</summary>
    public (DateOnly[] Dates, double[] Closes) ReadIndex(string name, DateOnly from, DateOnly to)
    {
        var dates = new List<DateOnly>();
        var closes = new List<double>();
        using var s = new RawStatement(_db.Connection, "SELECT date, close FROM index_bars WHERE name = ?1 AND date BETWEEN ?2 AND ?3 ORDER BY date");
        s.Bind(1, name);
        s.Bind(2, TradingCalendar.ToKey(from));
        s.Bind(3, TradingCalendar.ToKey(to));
        while (s.Read())
        {
            dates.Add(TradingCalendar.FromKey((int)s.ColumnLong(0)));
            closes.Add(s.ColumnDouble(1));
        }
        if (dates.Count == 0 && _db.Scalar($"SELECT COUNT(*) FROM index_bars WHERE name = '{name.Replace("'", "''")}'") is 0L)
            throw new ArgumentException($"index '{name}': not in {_db.Path}; known: {string.Join(", ", IndexNames())}");
        return (dates.ToArray(), closes.ToArray());
    }

    public IReadOnlyList<string> IndexNames()
    {
        var names = new List<string>();
        using var s = new RawStatement(_db.Connection, "SELECT DISTINCT name FROM index_bars ORDER BY name");
        while (s.Read()) names.Add(s.ColumnText(0));
        return names;
    }

    /// <summary>Codes of the universe, and a map instrument id → panel column (−1 when not in it).</summary>
    private (string[] Codes, int[] Column) Universe(DateOnly from, DateOnly to, IReadOnlyList<string>? universe)
    {
        var idOf = new Dictionary<string, int>(StringComparer.Ordinal);
        int maxId = 0;
        using (var s = new RawStatement(_db.Connection, "SELECT id, code FROM instruments"))
            while (s.Read())
            {
                int id = (int)s.ColumnLong(0);
                idOf[s.ColumnText(1)] = id;
                maxId = Math.Max(maxId, id);
            }

        string[] codes;
        if (universe is null)
        {
            var present = new HashSet<int>();
            using var s = new RawStatement(_db.Connection, "SELECT DISTINCT instrument FROM bars WHERE date BETWEEN ?1 AND ?2");
            s.Bind(1, TradingCalendar.ToKey(from));
            s.Bind(2, TradingCalendar.ToKey(to));
            while (s.Read()) present.Add((int)s.ColumnLong(0));
            codes = idOf.Where(kv => present.Contains(kv.Value)).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToArray();
        }
        else
        {
            var unknown = universe.Where(c => !idOf.ContainsKey(c)).ToList();
            if (unknown.Count > 0)
                throw new ArgumentException($"universe: unknown code(s) {string.Join(", ", unknown.Take(5))} in {_db.Path}");
            codes = universe.ToArray();
        }
        var column = new int[maxId + 1];
        Array.Fill(column, -1);
        for (int k = 0; k < codes.Length; k++) column[idOf[codes[k]]] = k;
        return (codes, column);
    }
}

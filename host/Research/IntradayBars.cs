using AlphaHost.Sdk.Data;
using AlphaHost.Host.Market.Store;

namespace AlphaHost.Host.Research;

/// <summary>
/// Intraday bars of a universe over consecutive trading days, as flat arrays indexed
/// [stock, day, bar] (see <see cref="Index"/>). A stock that did not trade on a day has NaN
/// prices (and any volume) for that day's bars.
/// </summary>
public sealed class IntradayBars
{
    public IntradayBars(string[] codes, DateOnly[] dates, int barsPerDay,
        double[] open, double[] high, double[] low, double[] close, double[] volume)
    {
        if (barsPerDay < 1) throw new ArgumentException($"barsPerDay must be >= 1, got {barsPerDay}");
        long expected = (long)codes.Length * dates.Length * barsPerDay;
        foreach (var (name, column) in new[] { ("open", open), ("high", high), ("low", low), ("close", close), ("volume", volume) })
            if (column.Length != expected)
                throw new ArgumentException($"intraday column '{name}': expected {expected} values ({codes.Length} stocks × {dates.Length} days × {barsPerDay} bars), got {column.Length}");
        Codes = codes;
        Dates = dates;
        BarsPerDay = barsPerDay;
        Open = open;
        High = high;
        Low = low;
        Close = close;
        Volume = volume;
    }

    public string[] Codes { get; }
    public DateOnly[] Dates { get; }
    public int BarsPerDay { get; }
    public double[] Open { get; }
    public double[] High { get; }
    public double[] Low { get; }
    public double[] Close { get; }
    public double[] Volume { get; }

    public int Stocks => Codes.Length;
    public int Days => Dates.Length;

    public int Index(int stock, int day, int bar) => (stock * Days + day) * BarsPerDay + bar;

    /// <summary>
    /// The market's intraday bars on the given dates and codes (NaN prices and volume where a stock
    /// has no bar), or null when its table intraday_bars is empty.
    /// </summary>
    public static IntradayBars? Read(string dbPath, DateOnly[] dates, string[] codes)
    {
        if (dates.Length == 0 || codes.Length == 0) return null;
        using var db = MarketDatabase.Open(dbPath);
        int bars = Convert.ToInt32(db.Scalar("SELECT COALESCE(MAX(bar), -1) + 1 FROM intraday_bars"));
        if (bars == 0) return null;
        var dayOf = dates.Select((d, i) => (TradingCalendar.ToKey(d), i)).ToDictionary(p => p.Item1, p => p.i);
        var stockOf = codes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        long n = (long)codes.Length * dates.Length * bars;
        double[] open = new double[n], high = new double[n], low = new double[n], close = new double[n], volume = new double[n];
        foreach (var column in new[] { open, high, low, close, volume }) Array.Fill(column, double.NaN);
        using (var cmd = db.Connection.CreateCommand())
        {
            cmd.CommandText = "SELECT b.date, b.bar, i.code, b.open, b.high, b.low, b.close, b.volume FROM intraday_bars b JOIN instruments i ON i.id = b.instrument WHERE b.date BETWEEN $from AND $to";
            cmd.Parameters.AddWithValue("$from", TradingCalendar.ToKey(dates[0]));
            cmd.Parameters.AddWithValue("$to", TradingCalendar.ToKey(dates[^1]));
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                if (!dayOf.TryGetValue(r.GetInt32(0), out int d) || !stockOf.TryGetValue(r.GetString(2), out int s)) continue;
                int bar = r.GetInt32(1);
                if (bar >= bars) continue;
                long at = ((long)s * dates.Length + d) * bars + bar;
                double Value(int column) => r.IsDBNull(column) ? double.NaN : r.GetDouble(column);
                (open[at], high[at], low[at], close[at], volume[at]) = (Value(3), Value(4), Value(5), Value(6), Value(7));
            }
        }
        return new IntradayBars(codes, dates, bars, open, high, low, close, volume);
    }

    /// <summary>
    /// Coarser bars from groups of <paramref name="factor"/> consecutive bars of a day (e.g. 5-minute
    /// → 30-minute with 6): first open, max high, min low, last close, summed volume.
    /// </summary>
    public IntradayBars Aggregate(int factor)
    {
        if (factor < 1 || BarsPerDay % factor != 0)
            throw new ArgumentException($"aggregation factor {factor} must divide the {BarsPerDay} bars per day");
        int bars = BarsPerDay / factor;
        long n = (long)Stocks * Days * bars;
        double[] open = new double[n], high = new double[n], low = new double[n], close = new double[n], volume = new double[n];
        for (int s = 0; s < Stocks; s++)
            for (int d = 0; d < Days; d++)
                for (int b = 0; b < bars; b++)
                {
                    int target = (s * Days + d) * bars + b, first = Index(s, d, b * factor), last = first + factor - 1;
                    open[target] = Open[first];
                    close[target] = Close[last];
                    high[target] = double.MinValue;
                    low[target] = double.MaxValue;
                    for (int k = first; k <= last; k++)
                    {
                        high[target] = Math.Max(high[target], High[k]);
                        low[target] = Math.Min(low[target], Low[k]);
                        volume[target] += Volume[k];
                    }
                }
        return new IntradayBars(Codes, Dates, bars, open, high, low, close, volume);
    }
}

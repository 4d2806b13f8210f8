using AlphaHost.Plugins.Market.Calendar;
using AlphaHost.Plugins.Market.Store;
using TorchSharp;
using static TorchSharp.torch;

namespace AlphaHost.Host.Research;

/// <summary>
/// The intraday bar returns labels such as risk_adjusted need (LabelPanel.IntradayReturns):
/// [days, stocks, bars] float64, bar b of day d = close_b / close_(b−1) − 1, the first bar's
/// close_0 / open_0 − 1, so a day's returns use that day's bars only. NaN where a stock has no bar.
/// </summary>
public static class IntradayReturns
{
    /// <summary>The returns of the market's intraday bars on the panel's dates and codes, or null when it has none.</summary>
    public static Tensor? Read(string dbPath, DateOnly[] dates, string[] codes)
    {
        if (dates.Length == 0 || codes.Length == 0) return null;
        using var db = MarketDatabase.Open(dbPath);
        int bars = Convert.ToInt32(db.Scalar("SELECT COALESCE(MAX(bar), -1) + 1 FROM intraday_bars"));
        if (bars == 0) return null;
        var dayOf = dates.Select((d, i) => (TradingCalendar.ToKey(d), i)).ToDictionary(p => p.Item1, p => p.i);
        var stockOf = codes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        var open = new double[dates.Length * codes.Length * bars];
        var close = new double[open.Length];
        Array.Fill(open, double.NaN);
        Array.Fill(close, double.NaN);
        using (var cmd = db.Connection.CreateCommand())
        {
            cmd.CommandText = "SELECT b.date, b.bar, i.code, b.open, b.close FROM intraday_bars b JOIN instruments i ON i.id = b.instrument WHERE b.date BETWEEN $from AND $to";
            cmd.Parameters.AddWithValue("$from", TradingCalendar.ToKey(dates[0]));
            cmd.Parameters.AddWithValue("$to", TradingCalendar.ToKey(dates[^1]));
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                if (!dayOf.TryGetValue(r.GetInt32(0), out int d) || !stockOf.TryGetValue(r.GetString(2), out int s)) continue;
                int at = (d * codes.Length + s) * bars + r.GetInt32(1);
                open[at] = r.IsDBNull(3) ? double.NaN : r.GetDouble(3);
                close[at] = r.IsDBNull(4) ? double.NaN : r.GetDouble(4);
            }
        }
        return FromBars(open, close, dates.Length, codes.Length, bars);
    }

    /// <summary>Returns [D, S, bars] from bar opens and closes laid out [D, S, bars] (see the class summary).</summary>
    public static Tensor FromBars(double[] open, double[] close, int days, int stocks, int bars)
    {
        using var scope = torch.NewDisposeScope();
        var o = torch.tensor(open, [days, stocks, bars]);
        var c = torch.tensor(close, [days, stocks, bars]);
        var previous = torch.cat([o.narrow(2, 0, 1), c.narrow(2, 0, bars - 1)], 2);
        return (c / previous - 1.0).MoveToOuterDisposeScope();
    }
}

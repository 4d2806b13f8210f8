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
        if (IntradayBars.Read(dbPath, dates, codes) is not { } bars) return null;
        using var scope = torch.NewDisposeScope();
        Tensor ByDay(double[] column) => torch.tensor(column, [bars.Stocks, bars.Days, bars.BarsPerDay]).permute(1, 0, 2).contiguous();  // [S, D, B] → [D, S, B]
        var open = ByDay(bars.Open).data<double>().ToArray();
        var close = ByDay(bars.Close).data<double>().ToArray();
        return FromBars(open, close, bars.Days, bars.Stocks, bars.BarsPerDay).MoveToOuterDisposeScope();
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

using static TorchSharp.torch;

namespace AlphaHost.Host.Research;

/// <summary>
/// Minute-level data pictures: for a day d, each stock's last <c>days</c> trading days of intraday
/// bars (d included, nothing after it) as [features, days·barsPerDay], oldest bar first, with
///   return        close_b / close_(b−1) − 1 (the previous bar, the previous day's last one for a
///                 day's first bar, so the overnight gap is in it; close/open − 1 with no earlier bar);
///   volume_share  volume_b / that day's volume;
///   volatility    ln(high_b / low_b), the bar's range (Parkinson's estimator without its constant);
///   imbalance     (close_b − open_b) / (high_b − low_b), 0 when high = low: bars that close at their
///                 high were driven by buyers, at their low by sellers — a buy/sell imbalance proxy.
/// A stock is real (mask true) only if it traded on every day of the window; other rows are 0.
/// These pictures [N, 4, T] feed any sequence model (gru, gru_attention, transformer_learned, ...)
/// through ModelShape(4, days·barsPerDay): run config "picture": "minute", with "lookback" the days
/// (see <see cref="ResearchPanel"/>).
/// </summary>
public static class MinutePictures
{
    public static readonly string[] Features = ["return", "volume_share", "volatility", "imbalance"];
    public const int DefaultDays = 20;

    /// <summary>Pictures [stocks, 4, days·barsPerDay] (float32) and mask [stocks] for day index <paramref name="day"/>, on <paramref name="device"/> (default CPU).</summary>
    public static (Tensor Pictures, Tensor Mask) Build(IntradayBars bars, int day, int days = DefaultDays, Device? device = null)
    {
        var (values, mask) = BuildArrays(bars, day, days);
        return (tensor(values, [bars.Stocks, Features.Length, (long)days * bars.BarsPerDay], device: device), tensor(mask, device: device));
    }

    public static (float[] Values, bool[] Mask) BuildArrays(IntradayBars bars, int day, int days = DefaultDays)
    {
        if (days < 1) throw new ArgumentException($"days must be >= 1, got {days}");
        if (day < days - 1 || day >= bars.Days)
            throw new ArgumentException($"day index {day}: a {days}-day window needs {days - 1} <= day < {bars.Days}");
        int perDay = bars.BarsPerDay, length = days * perDay, f = Features.Length;
        var values = new float[bars.Stocks * f * length];
        var mask = new bool[bars.Stocks];
        int firstDay = day - days + 1;
        for (int s = 0; s < bars.Stocks; s++)
        {
            if (!TradedEveryDay(bars, s, firstDay, day)) continue;   // the rule of Eligible
            mask[s] = true;
            int row = s * f * length;
            for (int d = firstDay; d <= day; d++)
            {
                double dayVolume = 0;
                for (int b = 0; b < perDay; b++) dayVolume += bars.Volume[bars.Index(s, d, b)];
                for (int b = 0; b < perDay; b++)
                {
                    int i = bars.Index(s, d, b), t = (d - firstDay) * perDay + b;
                    double open = bars.Open[i], high = bars.High[i], low = bars.Low[i], close = bars.Close[i];
                    double previous = PreviousClose(bars, s, d, b);
                    values[row + t] = (float)(close / (double.IsNaN(previous) ? open : previous) - 1);
                    values[row + length + t] = (float)(dayVolume > 0 ? bars.Volume[i] / dayVolume : 0);
                    values[row + 2 * length + t] = (float)Math.Log(high / low);
                    values[row + 3 * length + t] = (float)(high > low ? (close - open) / (high - low) : 0);
                }
            }
        }
        return (values, mask);
    }

    /// <summary>Which stocks have a picture on day <paramref name="day"/>: traded (positive prices, some volume) on each day of the window ending there.</summary>
    public static bool[] Eligible(IntradayBars bars, int day, int days = DefaultDays)
    {
        var mask = new bool[bars.Stocks];
        if (day < days - 1 || day >= bars.Days) return mask;
        for (int s = 0; s < bars.Stocks; s++) mask[s] = TradedEveryDay(bars, s, day - days + 1, day);
        return mask;
    }

    /// <summary>The close of the bar before (stock, day, bar), across the day boundary; NaN if there is none or it did not trade.</summary>
    private static double PreviousClose(IntradayBars bars, int stock, int day, int bar)
    {
        if (bar > 0) return bars.Close[bars.Index(stock, day, bar - 1)];
        return day > 0 ? bars.Close[bars.Index(stock, day - 1, bars.BarsPerDay - 1)] : double.NaN;
    }

    private static bool TradedEveryDay(IntradayBars bars, int stock, int from, int to)
    {
        for (int d = from; d <= to; d++)
        {
            double volume = 0;
            for (int b = 0; b < bars.BarsPerDay; b++)
            {
                int i = bars.Index(stock, d, b);
                if (!(bars.Open[i] > 0 && bars.High[i] > 0 && bars.Low[i] > 0 && bars.Close[i] > 0) || bars.High[i] < bars.Low[i]) return false;
                volume += bars.Volume[i];
            }
            if (!(volume > 0)) return false;
        }
        return true;
    }
}

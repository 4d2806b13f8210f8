using System.Diagnostics;
using AlphaHost.Sdk.Data;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Host.Market;

/// <summary>
/// Records a bar-emitting market source plugin (<see cref="IMarketSource"/>) into the host's store,
/// tick by tick until it ends, so `run`, `compare` and `sweep` read it like a generated market.
/// An instrument is listed on the first day it appears; what a <see cref="MarketBar"/> does not
/// carry (limit prices, open interest, share counts, a planted alpha) is stored as unknown.
/// </summary>
public static class MarketRecording
{
    public static GenerationReport Record(IMarketSource source, string name, IMarketRecorder recorder)
    {
        var clock = Stopwatch.StartNew();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        DateOnly? last = null;
        int days = 0;
        long rows = 0;
        while (source.Next() is { } bar)
        {
            string where = $"market source '{name}', bar of {bar.Date:yyyy-MM-dd}";
            if (bar.BarOfDay != 0)
                throw new ArgumentException($"{where}: bar {bar.BarOfDay} of the day is intraday; recording takes daily bars only (BarOfDay 0)");
            if (last is { } previous && bar.Date <= previous)
                throw new ArgumentException($"{where}: expected a date after {previous:yyyy-MM-dd} (one daily bar per date, in order)");
            CheckColumns(bar, where);
            last = bar.Date;
            int date = TradingCalendar.ToKey(bar.Date);
            recorder.WriteDate(date);
            for (int i = 0; i < bar.Count; i++)
            {
                if (!ids.TryGetValue(bar.Codes[i], out int id))
                {
                    ids[bar.Codes[i]] = id = ids.Count + 1;
                    recorder.WriteInstrument(new Instrument(id, bar.Codes[i], bar.Industry[i], "", date, null, double.NaN, double.NaN));
                }
                recorder.WriteBar(new DailyBar
                {
                    Date = date, Instrument = id,
                    Open = bar.Open[i], High = bar.High[i], Low = bar.Low[i], Close = bar.Close[i], Vwap = bar.Vwap[i],
                    Volume = bar.Volume[i], Amount = bar.Amount[i], Turnover = bar.Turnover[i], FreeTurnover = bar.FreeTurnover[i],
                    AdjFactor = bar.AdjFactor[i], MarketCap = bar.MarketCap[i], Industry = bar.Industry[i] < 0 ? null : bar.Industry[i], // MarketBar: -1 = unknown
                    Tradable = bar.Tradable[i], LimitUp = bar.LimitUp[i], LimitDown = bar.LimitDown[i],
                    UpLimit = double.NaN, DownLimit = double.NaN, IndexWeight = bar.IndexWeight[i], OpenInterest = double.NaN,
                });
                rows++;
            }
            foreach (var (index, level) in bar.IndexClose.Where(p => double.IsFinite(p.Value)).OrderBy(p => p.Key, StringComparer.Ordinal))
                recorder.WriteIndex(index, date, level);
            days++;
        }
        if (days == 0) throw new ArgumentException($"market source '{name}': emitted no bar; expected at least one daily bar");
        recorder.SetMeta("kind", "recorded");
        recorder.SetMeta("source", name);
        recorder.SetMeta("intraday_bars", "0");
        return new GenerationReport("recorded", ids.Count, days, rows, 0, 0, double.NaN, 0, clock.Elapsed);
    }

    private static void CheckColumns(MarketBar bar, string where)
    {
        (string Name, int Length)[] columns =
        [
            ("Open", bar.Open.Length), ("High", bar.High.Length), ("Low", bar.Low.Length), ("Close", bar.Close.Length),
            ("Vwap", bar.Vwap.Length), ("Volume", bar.Volume.Length), ("Amount", bar.Amount.Length),
            ("Turnover", bar.Turnover.Length), ("FreeTurnover", bar.FreeTurnover.Length), ("AdjFactor", bar.AdjFactor.Length),
            ("MarketCap", bar.MarketCap.Length), ("Industry", bar.Industry.Length), ("Tradable", bar.Tradable.Length),
            ("LimitUp", bar.LimitUp.Length), ("LimitDown", bar.LimitDown.Length), ("IndexWeight", bar.IndexWeight.Length),
        ];
        if (columns.FirstOrDefault(c => c.Length != bar.Count) is { Name: not null } bad)
            throw new ArgumentException($"{where}: column {bad.Name} has {bad.Length} entries; expected {bar.Count}, one per code");
        if (bar.Codes.Distinct(StringComparer.Ordinal).Count() != bar.Count)
            throw new ArgumentException($"{where}: a code appears twice; expected one entry per stock");
    }
}

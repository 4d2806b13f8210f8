using AlphaHost.Plugins.Market.Synthetic;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Plugins.Market.Tests.Synthetic;

/// <summary>The generators know only the SDK's recorder: every row goes through the one they are handed.</summary>
public class RecorderTests
{
    private sealed class CountingRecorder : IMarketRecorder
    {
        public readonly HashSet<int> Dates = [];
        public readonly List<Instrument> Instruments = [];
        public readonly Dictionary<string, string> Meta = [];
        public long Bars, TradableBars, Intraday, Alpha, IndexRows;
        public int Completed;
        public bool RowAfterComplete;

        private void Row() => RowAfterComplete |= Completed > 0;
        public void WriteInstrument(Instrument instrument) { Row(); Instruments.Add(instrument); }
        public void WriteDate(int date) { Row(); Dates.Add(date); }
        public void WriteBar(in DailyBar bar) { Row(); Bars++; if (bar.Tradable) TradableBars++; }
        public void WriteIntraday(in IntradayBar bar) { Row(); Intraday++; }
        public void WriteAlpha(int date, int instrument, double score) { Row(); Alpha++; }
        public void WriteIndex(string name, int date, double close) { Row(); IndexRows++; }
        public void SetMeta(string key, string value) => Meta[key] = value;
        public void Complete() => Completed++;
    }

    [Fact]
    public void TheEquityGeneratorWritesWhatItReportsThroughTheRecorder()
    {
        var recorder = new CountingRecorder();
        var report = new EquityMarketGenerator(new EquityMarketConfig { Stocks = 20, Days = 30, IntradayBars = 2, Seed = 3 }).Generate(recorder);
        Assert.Equal((20, 30), (recorder.Instruments.Count, recorder.Dates.Count));
        Assert.Equal((report.BarRows, report.IntradayRows, report.AlphaRows), (recorder.Bars, recorder.Intraday, recorder.Alpha));
        Assert.Equal(2 * recorder.TradableBars, recorder.Intraday);      // 2 bars a day for every traded (not suspended) day
        Assert.Equal(2L * 30, recorder.IndexRows);                        // benchmark and midcap, every day
        Assert.Equal((1, false), (recorder.Completed, recorder.RowAfterComplete));
        Assert.Equal("equities", recorder.Meta["kind"]);
        Assert.Equal("3", recorder.Meta["seed"]);
        Assert.Equal(report.OracleRankIc.ToString("R", System.Globalization.CultureInfo.InvariantCulture), recorder.Meta["oracle_rank_ic"]);
        Assert.False(recorder.Meta.ContainsKey("schema_version"));     // the store's version is the host's to write
    }

    [Fact]
    public void TheFuturesGeneratorWritesWhatItReportsThroughTheRecorder()
    {
        var recorder = new CountingRecorder();
        var report = new FuturesMarketGenerator(new FuturesMarketConfig { Contracts = 6, Days = 25, IntradayBars = 3, Seed = 2 }).Generate(recorder);
        Assert.Equal((6, 25), (recorder.Instruments.Count, recorder.Dates.Count));
        Assert.Equal(6L * 25, recorder.Bars);                              // every contract lists on day 0 by default
        Assert.Equal(6L * 25 * 3, recorder.Intraday);
        Assert.Equal((report.BarRows, report.IntradayRows, 0L), (recorder.Bars, recorder.Intraday, recorder.Alpha));
        Assert.Equal(25L, recorder.IndexRows);
        Assert.Equal((1, false), (recorder.Completed, recorder.RowAfterComplete));
        Assert.Equal("futures", recorder.Meta["kind"]);
    }
}

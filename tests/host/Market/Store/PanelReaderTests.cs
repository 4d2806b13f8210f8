using AlphaHost.Host.Market.Store;
using AlphaHost.Sdk.Plugins;
using AlphaHost.Host.Tests.Market.Support;

namespace AlphaHost.Host.Tests.Market.Store;

public class PanelReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly MarketDatabase _db;
    private readonly List<DailyBar> _written = new();
    private static readonly int[] Dates = [20240102, 20240103, 20240104];

    public PanelReaderTests()
    {
        _db = MarketDatabase.Create(_dir.File("panel.db"));
        using var w = new MarketWriter(_db);
        w.WriteInstrument(new Instrument(1, "600000.SH", 3, "main", 20240102, null, 1e9, 5e8));
        w.WriteInstrument(new Instrument(2, "000002.SZ", 4, "main", 20240102, null, 2e9, 1e9));
        w.WriteInstrument(new Instrument(3, "300003.SZ", 5, "growth", 20240103, null, 3e8, 1e8));
        foreach (var d in Dates) w.WriteDate(d);
        var rng = new Random(11);
        foreach (var date in Dates)
            for (int id = 1; id <= 3; id++)
            {
                if (id == 3 && date == Dates[0]) continue; // not listed yet: a missing row
                double close = Math.Round(5 + 20 * rng.NextDouble(), 2);
                var bar = new DailyBar
                {
                    Date = date, Instrument = id, Open = close - 0.1, High = close + 0.2, Low = close - 0.3, Close = close,
                    Vwap = close - 0.01, Volume = 1000 * rng.Next(1, 5000), Amount = 1e6 * rng.NextDouble(),
                    Turnover = rng.NextDouble() / 100, FreeTurnover = rng.NextDouble() / 50, AdjFactor = 1 + id * 0.5,
                    MarketCap = 1e9 * rng.NextDouble(), Industry = id + 2,
                    Tradable = !(id == 2 && date == Dates[1]), // suspended one day
                    UpLimit = close * 1.1, DownLimit = close * 0.9, IndexWeight = 0.3, OpenInterest = double.NaN,
                };
                w.WriteBar(bar);
                _written.Add(bar);
            }
        w.WriteIndex("benchmark", Dates[0], 1000);
        w.WriteIndex("benchmark", Dates[1], 1010.5);
        w.WriteAlpha(Dates[1], 1, -0.5);
        w.WriteAlpha(Dates[1], 2, 0.5);
        w.Complete();
    }

    public void Dispose()
    {
        _db.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void PanelRoundTripsWhatWasWritten()
    {
        string[] fields = ["open", "high", "low", "close", "vwap", "volume", "amount", "turnover", "free_turnover", "adj_factor", "market_cap", "industry"];
        var panel = new PanelReader(_db).Read(new DateOnly(2024, 1, 1), new DateOnly(2024, 1, 31), fields);
        Assert.Equal(new[] { "000002.SZ", "300003.SZ", "600000.SH" }, panel.Codes); // sorted by code
        Assert.Equal(3, panel.Days);
        Assert.Equal(3 * 3 * fields.Length, panel.Values.Length);
        foreach (var b in _written)
        {
            int day = Array.IndexOf(Dates, b.Date), stock = Array.IndexOf(panel.Codes, Code(b.Instrument));
            double[] expected = [b.Open, b.High, b.Low, b.Close, b.Vwap, b.Volume, b.Amount, b.Turnover, b.FreeTurnover, b.AdjFactor, b.MarketCap, b.Industry!.Value];
            for (int f = 0; f < fields.Length; f++) Assert.Equal((float)expected[f], panel[day, stock, f]);
            Assert.Equal(b.Tradable, panel.IsValid(day, stock));
        }
        int missingStock = Array.IndexOf(panel.Codes, "300003.SZ");
        Assert.False(panel.IsValid(0, missingStock));
        Assert.All(Enumerable.Range(0, fields.Length), f => Assert.True(float.IsNaN(panel[0, missingStock, f])));
        Assert.False(panel.IsValid(1, Array.IndexOf(panel.Codes, "000002.SZ"))); // suspended
    }

    [Fact]
    public void DerivedFieldsUseTheAdjustedClose()
    {
        var panel = new PanelReader(_db).Read(new DateOnly(2024, 1, 3), new DateOnly(2024, 1, 4), ["adj_close", "return1"], ["600000.SH", "300003.SZ"]);
        Assert.Equal(new[] { "600000.SH", "300003.SZ" }, panel.Codes); // the universe's order
        var s1 = _written.Where(b => b.Instrument == 1).ToList();
        Assert.Equal((float)(s1[1].Close * 1.5), panel[0, 0, 0]);
        // return1 on the first day of the range uses the stored day before it.
        Assert.Equal((float)(s1[1].Close / s1[0].Close - 1), panel[0, 0, 1]);
        Assert.Equal((float)(s1[2].Close / s1[1].Close - 1), panel[1, 0, 1]);
        Assert.True(float.IsNaN(panel[0, 1, 1])); // listing day: no previous close
    }

    [Fact]
    public void ReadsIndexAndPlantedAlpha()
    {
        var reader = new PanelReader(_db);
        var (dates, closes) = reader.ReadIndex("benchmark", new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31));
        Assert.Equal(new[] { new DateOnly(2024, 1, 2), new DateOnly(2024, 1, 3) }, dates);
        Assert.Equal(new[] { 1000, 1010.5 }, closes);
        var alpha = reader.ReadPlantedAlpha(new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31), ["600000.SH", "000002.SZ"]);
        Assert.Equal(-0.5f, alpha[1, 0, 0]);
        Assert.Equal(0.5f, alpha[1, 1, 0]);
        Assert.False(alpha.IsValid(0, 0));
        Assert.True(alpha.IsValid(1, 0));
    }

    [Fact]
    public void BadRequestsNameWhatIsWrong()
    {
        var reader = new PanelReader(_db);
        var e1 = Assert.Throws<ArgumentException>(() => reader.Read(new DateOnly(2024, 1, 1), new DateOnly(2024, 1, 31), ["close", "colse"]));
        Assert.Contains("'colse'", e1.Message);
        var e2 = Assert.Throws<ArgumentException>(() => reader.Read(new DateOnly(2024, 1, 1), new DateOnly(2024, 1, 31), ["close"], ["999999.SH"]));
        Assert.Contains("999999.SH", e2.Message);
        var e3 = Assert.Throws<ArgumentException>(() => reader.ReadIndex("csi300", new DateOnly(2024, 1, 1), new DateOnly(2024, 1, 31)));
        Assert.Contains("benchmark", e3.Message);
    }

    private static string Code(int id) => id switch { 1 => "600000.SH", 2 => "000002.SZ", _ => "300003.SZ" };
}

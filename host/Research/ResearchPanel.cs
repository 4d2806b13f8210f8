using AlphaHost.Host.Market.Store;
using AlphaHost.Sdk.Plugins;
using TorchSharp;
using static TorchSharp.torch;

namespace AlphaHost.Host.Research;

/// <summary>What each data picture is (run config "picture").</summary>
public enum PictureKind
{
    /// <summary>The market fields ("fields") of the last "lookback" days: [fields, lookback].</summary>
    Daily,
    /// <summary>The intraday bars of the last "lookback" days (<see cref="MinutePictures"/>): [4, lookback · bars per day].</summary>
    Minute,
}

/// <summary>
/// A market file as tensors for research: the data-picture fields [days, stocks, F] (AlphaNet's nine by default) and the
/// prices and flags labels and portfolios need [days, stocks]. A stock is eligible on day d when it
/// trades on d and all nine fields are known for each of the <see cref="Lookback"/> days ending at d:
/// its picture then uses data known at d's close and nothing later. With minute pictures a stock is
/// eligible when it trades on d and has intraday bars on each of the Lookback days (the
/// traded-every-day rule of <see cref="MinutePictures"/>).
/// </summary>
public sealed class ResearchPanel : IDisposable
{
    public const int DefaultLookback = 30;

    /// <summary>Days of history in each data picture (run config "lookback").</summary>
    public int Lookback { get; }
    /// <summary>AlphaNet's nine data-picture rows: open, high, low, close, vwap, volume, return1, turnover, free_turnover.</summary>
    public static readonly string[] DefaultFields = PanelReader.DataPictureFields;

    /// <summary>The market fields a picture can be built from (the stored bar columns, adj_close, return1).</summary>
    public static IReadOnlyList<string> KnownFields => PanelReader.KnownFields;

    /// <summary>The rows of each data picture, in order (run config "fields"; the minute features with minute pictures).</summary>
    public string[] PictureFields { get; }

    /// <summary>Daily or minute pictures (run config "picture").</summary>
    public PictureKind Picture => minute is null ? PictureKind.Daily : PictureKind.Minute;

    /// <summary>Time steps of each picture: the Lookback days, or their intraday bars (Lookback · bars per day).</summary>
    public int PictureLength => minute is null ? Lookback : Lookback * minute.BarsPerDay;

    private readonly IntradayBars? minute;

    private static readonly string[] PriceFields = ["open", "close", "vwap", "amount", "tradable", "up_limit", "adj_factor", "market_cap"];

    public DateOnly[] Dates { get; }
    public string[] Codes { get; }
    /// <summary>Raw daily fields [D, S, F] ("fields"; float32; NaN without a bar).</summary>
    public Tensor Fields { get; }
    /// <summary>[D, S] float64 prices, traded value; bool flags.</summary>
    public Tensor Open { get; }
    public Tensor Close { get; }
    public Tensor Vwap { get; }
    public Tensor AdjustedClose { get; }
    public Tensor Amount { get; }
    /// <summary>[D, S] float64 market capitalisation (NaN where unknown).</summary>
    public Tensor MarketCap { get; }
    public Tensor Tradable { get; }
    public Tensor LimitUpAtOpen { get; }
    /// <summary>[D, S] bool: the stock has a full picture on that day.</summary>
    public Tensor Eligible { get; }
    /// <summary>Benchmark index closes aligned with <see cref="Dates"/> (NaN where missing).</summary>
    public double[] Benchmark { get; }

    public int Days => Dates.Length;
    public int Stocks => Codes.Length;

    private ResearchPanel(MarketPanel pictures, MarketPanel prices, double[] benchmark, int lookback, string[] fields, IntradayBars? minute = null)
    {
        this.minute = minute;
        PictureFields = minute is null ? fields : MinutePictures.Features;
        if (lookback < 2) throw new ArgumentOutOfRangeException(nameof(lookback), lookback, "lookback: expected at least 2 days");
        Lookback = lookback;
        Dates = pictures.Dates;
        Codes = pictures.Codes;
        Benchmark = benchmark;
        long d = Dates.Length, s = Codes.Length;
        Fields = torch.tensor(pictures.Values, [d, s, fields.Length]).DetachFromDisposeScope();
        using var scope = torch.NewDisposeScope();
        var p = torch.tensor(prices.Values, [d, s, PriceFields.Length]).to(ScalarType.Float64);
        Tensor Column(string name) => p.select(2, Array.IndexOf(PriceFields, name)).contiguous();
        Open = Keep(Column("open"));
        Close = Keep(Column("close"));
        Vwap = Keep(Column("vwap"));
        AdjustedClose = Keep(Column("close") * Column("adj_factor"));
        Amount = Keep(Column("amount").nan_to_num());
        MarketCap = Keep(Column("market_cap"));
        Tradable = Keep(torch.tensor(prices.Mask, [d, s]).logical_and(Column("tradable").eq(1)));
        // An open at the upper limit cannot be bought: the price is sealed there.
        LimitUpAtOpen = Keep(Column("open").ge(Column("up_limit") - 1e-6).logical_and(Column("up_limit").gt(0)));
        Eligible = Keep(minute is null ? FullPictures(Fields, Tradable, lookback) : Tradable.logical_and(MinuteEligible(minute, lookback)));
    }

    private static Tensor Keep(Tensor t) => t.DetachFromDisposeScope();

    /// <summary>Tradable on d and every field finite on each of the Lookback days ending at d (a running count).</summary>
    private static Tensor FullPictures(Tensor fields, Tensor tradable, int lookback)
    {
        var finite = fields.isnan().logical_not().all(2);                                       // [D, S]
        var counts = finite.to(ScalarType.Int32).cumsum(0, ScalarType.Int32);
        long days = fields.size(0);
        if (days < lookback) return torch.zeros_like(tradable);
        var before = torch.cat([torch.zeros([1, fields.size(1)], ScalarType.Int32), counts.narrow(0, 0, days - lookback)], 0);
        var inWindow = counts.narrow(0, lookback - 1, days - lookback + 1) - before;            // days lookback-1 .. D-1
        var full = torch.cat([torch.zeros([lookback - 1, fields.size(1)], ScalarType.Bool), inWindow.eq(lookback)], 0);
        return full.logical_and(tradable);
    }

    /// <summary>[D, S]: the stock has intraday bars on each of the <paramref name="days"/> days ending at d.</summary>
    private static Tensor MinuteEligible(IntradayBars bars, int days) =>
        torch.tensor(Enumerable.Range(0, bars.Days).SelectMany(d => MinutePictures.Eligible(bars, d, days)).ToArray(), [bars.Days, bars.Stocks]);

    public static ResearchPanel Load(string dbPath, DateOnly? from = null, DateOnly? to = null, int lookback = DefaultLookback, IReadOnlyList<string>? fields = null,
        PictureKind picture = PictureKind.Daily)
    {
        var rows = (fields ?? DefaultFields).ToArray();
        if (UnknownField(rows) is { } problem) throw new ArgumentException($"fields: {problem}");
        if (!File.Exists(dbPath)) throw new FileNotFoundException($"market database {dbPath}: not found (create one with `alphahost market generate --db {dbPath}`)");
        using var db = MarketDatabase.Open(dbPath);
        var reader = new PanelReader(db);
        var start = from ?? DateOnly.MinValue;
        var end = to ?? DateOnly.MaxValue;
        var pictures = reader.Read(start, end, rows);
        var prices = reader.Read(start, end, PriceFields, pictures.Codes);
        var benchmark = new double[pictures.Days];
        Array.Fill(benchmark, double.NaN);
        if (reader.IndexNames().Contains("benchmark"))
        {
            var (dates, closes) = reader.ReadIndex("benchmark", start, end);
            var at = pictures.Dates.Select((d, i) => (d, i)).ToDictionary(x => x.d, x => x.i);
            for (int i = 0; i < dates.Length; i++)
                if (at.TryGetValue(dates[i], out int day)) benchmark[day] = closes[i];
        }
        IntradayBars? minute = null;
        if (picture == PictureKind.Minute)
            minute = IntradayBars.Read(dbPath, pictures.Dates, pictures.Codes)
                ?? throw new ArgumentException($"market {dbPath}: \"picture\": \"Minute\" needs intraday bars, but its table intraday_bars has none in the period "
                    + "(make a market with them: `alphahost market generate --intraday-bars N`, or \"intradayBars\": N for a generated one)");
        return new ResearchPanel(pictures, prices, benchmark, lookback, rows, minute) { marketPath = dbPath };
    }

    /// <summary>Why <paramref name="fields"/> cannot make a picture (empty, unknown or repeated field), or null.</summary>
    public static string? UnknownField(IReadOnlyList<string> fields)
    {
        if (fields.Count == 0) return "no field given";
        foreach (var f in fields)
            if (!KnownFields.Contains(f))
                return $"unknown field '{f}'; {(ConfigSchema.Nearest(f, KnownFields) is { } near ? $"did you mean '{near}'? " : "")}known: {string.Join(", ", KnownFields)}";
        var twice = fields.GroupBy(f => f).FirstOrDefault(g => g.Count() > 1);
        return twice is null ? null : $"'{twice.Key}' is listed twice";
    }

    /// <summary>
    /// Each stock's return from <paramref name="startCloses"/> to <paramref name="endCloses"/> (adjusted
    /// closes by slot): end / start − 1, NaN where the start is not a positive price or the end is missing.
    /// </summary>
    public static double[] ForwardReturns(ReadOnlySpan<double> startCloses, ReadOnlySpan<double> endCloses)
    {
        var result = new double[startCloses.Length];
        for (int s = 0; s < result.Length; s++)
            result[s] = startCloses[s] > 0 && double.IsFinite(endCloses[s]) ? endCloses[s] / startCloses[s] - 1 : double.NaN;
        return result;
    }

    /// <summary>Stock slots eligible on the day, in slot order.</summary>
    public long[] EligibleStocks(int day)
    {
        using var scope = torch.NewDisposeScope();
        return Eligible.select(0, day).nonzero().squeeze(1).data<long>().ToArray();
    }

    /// <summary>
    /// Each stock's size, volatility or liquidity on the day from data known at its close: the day's
    /// market cap; the sample standard deviation of the daily adjusted returns of the
    /// <paramref name="windowDays"/> days ending at the day; the mean traded value over those days.
    /// NaN where a price in the window is missing or the window reaches before the first day (a day
    /// without a bar trades 0).
    /// </summary>
    public double[] Measure(StockMeasure by, int day, int windowDays)
    {
        using var scope = torch.NewDisposeScope();
        if (by == StockMeasure.Size) return MarketCap.select(0, day).data<double>().ToArray();
        var nan = Enumerable.Repeat(double.NaN, Stocks).ToArray();
        if (by == StockMeasure.Liquidity)
            return day + 1 < windowDays ? nan : Amount.narrow(0, day - windowDays + 1, windowDays).mean([0]).data<double>().ToArray();
        if (day < windowDays) return nan;
        var prices = AdjustedClose.narrow(0, day - windowDays, windowDays + 1);                  // windowDays returns end at the day
        var returns = prices.narrow(0, 1, windowDays) / prices.narrow(0, 0, windowDays) - 1;
        return returns.std(0, true, false).data<double>().ToArray();
    }

    /// <summary>The stocks (slots) in the kept buckets of the day's cross-section of <paramref name="stocks"/>.</summary>
    public long[] InBuckets(int day, long[] stocks, StockBuckets buckets)
    {
        var measure = Measure(buckets.By, day, buckets.WindowDays);
        var bucket = buckets.Assign(stocks.Select(s => measure[s]).ToArray());
        return stocks.Where((_, i) => buckets.Keep.Contains(bucket[i])).ToArray();
    }

    /// <summary>Raw pictures [n, F, PictureLength] of the given stocks on the day (data up to the day's close).</summary>
    public Tensor RawPictures(int day, long[] stocks)
    {
        if (day < Lookback - 1) throw new ArgumentOutOfRangeException(nameof(day), day, $"a picture needs {Lookback} days of history");
        using var scope = torch.NewDisposeScope();
        if (minute is not null)
        {
            var (values, _) = MinutePictures.BuildArrays(minute, day, Lookback);
            return torch.tensor(values, [Stocks, PictureFields.Length, PictureLength]).index_select(0, torch.tensor(stocks)).MoveToOuterDisposeScope();
        }
        var window = Fields.narrow(0, day - Lookback + 1, Lookback);                              // [T, S, 9]
        return window.index_select(1, torch.tensor(stocks)).permute(1, 2, 0).contiguous().MoveToOuterDisposeScope();
    }

    private string? marketPath;
    private Tensor? benchmarkTensor, intraday;
    private bool intradayRead;
    private readonly object labelInputs = new();

    /// <summary>
    /// The label panel for a label plugin (entry at the next bar's open or vwap), with the benchmark
    /// and, for a market with intraday bars, their returns (read once, at the first call).
    /// </summary>
    public LabelPanel LabelPanel()
    {
        lock (labelInputs)
        {
            benchmarkTensor ??= torch.tensor(Benchmark).DetachFromDisposeScope();
            if (!intradayRead && marketPath is not null) intraday = IntradayReturns.Read(marketPath, Dates, Codes)?.DetachFromDisposeScope();
            intradayRead = true;
            return new(Open, Close, Vwap, Tradable, LimitUpAtOpen, benchmarkTensor, intraday);
        }
    }

    public void Dispose()
    {
        foreach (var t in new[] { Fields, Open, Close, Vwap, AdjustedClose, Amount, MarketCap, Tradable, LimitUpAtOpen, Eligible }) t.Dispose();
        benchmarkTensor?.Dispose();
        intraday?.Dispose();
    }
}

using AlphaHost.Plugins.Market.Store;
using AlphaHost.Sdk.Plugins;
using AlphaHost.Torch;
using MarketPanel = AlphaHost.Plugins.Market.Store.Panel;

namespace AlphaHost.Host.Research;

/// <summary>
/// A market file as tensors for research: the nine data-picture fields [days, stocks, 9] and the
/// prices and flags labels and portfolios need [days, stocks]. A stock is eligible on day d when it
/// trades on d and all nine fields are known for each of the <see cref="Lookback"/> days ending at d:
/// its picture then uses data known at d's close and nothing later.
/// </summary>
public sealed class ResearchPanel : IDisposable
{
    public const int Lookback = 30;
    public static readonly string[] PictureFields = PanelReader.DataPictureFields;

    private static readonly string[] PriceFields = ["open", "close", "vwap", "amount", "tradable", "up_limit", "adj_factor"];

    public DateOnly[] Dates { get; }
    public string[] Codes { get; }
    /// <summary>Raw picture fields [D, S, 9] (float32; NaN without a bar).</summary>
    public Tensor Fields { get; }
    /// <summary>[D, S] float64 prices, traded value; bool flags.</summary>
    public Tensor Open { get; }
    public Tensor Close { get; }
    public Tensor Vwap { get; }
    public Tensor AdjustedClose { get; }
    public Tensor Amount { get; }
    public Tensor Tradable { get; }
    public Tensor LimitUpAtOpen { get; }
    /// <summary>[D, S] bool: the stock has a full picture on that day.</summary>
    public Tensor Eligible { get; }
    /// <summary>Benchmark index closes aligned with <see cref="Dates"/> (NaN where missing).</summary>
    public double[] Benchmark { get; }

    public int Days => Dates.Length;
    public int Stocks => Codes.Length;

    private ResearchPanel(MarketPanel pictures, MarketPanel prices, double[] benchmark)
    {
        Dates = pictures.Dates;
        Codes = pictures.Codes;
        Benchmark = benchmark;
        long d = Dates.Length, s = Codes.Length;
        Fields = torch.From(pictures.Values, d, s, PictureFields.Length).DetachFromDisposeScope();
        using var scope = torch.NewDisposeScope();
        var p = torch.From(prices.Values, d, s, PriceFields.Length).To(ScalarType.Float64);
        Tensor Column(string name) => p.Select(2, Array.IndexOf(PriceFields, name)).Contiguous();
        Open = Keep(Column("open"));
        Close = Keep(Column("close"));
        Vwap = Keep(Column("vwap"));
        AdjustedClose = Keep(Column("close") * Column("adj_factor"));
        Amount = Keep(Column("amount").NanToNum());
        Tradable = Keep(torch.From(prices.Mask, d, s).LogicalAnd(Column("tradable").Eq(1)));
        // An open at the upper limit cannot be bought: the price is sealed there.
        LimitUpAtOpen = Keep(Column("open").Ge(Column("up_limit") - 1e-6).LogicalAnd(Column("up_limit").Gt(0)));
        Eligible = Keep(FullPictures(Fields, Tradable));
    }

    private static Tensor Keep(Tensor t) => t.DetachFromDisposeScope();

    /// <summary>Tradable on d and every field finite on each of the Lookback days ending at d (a running count).</summary>
    private static Tensor FullPictures(Tensor fields, Tensor tradable)
    {
        var finite = fields.IsNan().LogicalNot().All(2);                                       // [D, S]
        var counts = finite.To(ScalarType.Int32).Cumsum(0).To(ScalarType.Int32);
        long days = fields.Size(0);
        if (days < Lookback) return torch.ZerosLike(tradable);
        var before = torch.Cat([torch.Zeros([1, fields.Size(1)], ScalarType.Int32), counts.Narrow(0, 0, days - Lookback)], 0);
        var inWindow = counts.Narrow(0, Lookback - 1, days - Lookback + 1) - before;            // days Lookback-1 .. D-1
        var full = torch.Cat([torch.Zeros([Lookback - 1, fields.Size(1)], ScalarType.Bool), inWindow.Eq(Lookback)], 0);
        return full.LogicalAnd(tradable);
    }

    public static ResearchPanel Load(string dbPath, DateOnly? from = null, DateOnly? to = null)
    {
        if (!File.Exists(dbPath)) throw new FileNotFoundException($"market database {dbPath}: not found (create one with `alphahost market generate --db {dbPath}`)");
        using var db = MarketDatabase.Open(dbPath);
        var reader = new PanelReader(db);
        var start = from ?? DateOnly.MinValue;
        var end = to ?? DateOnly.MaxValue;
        var pictures = reader.Read(start, end, PictureFields);
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
        return new ResearchPanel(pictures, prices, benchmark);
    }

    /// <summary>Stock slots eligible on the day, in slot order.</summary>
    public long[] EligibleStocks(int day)
    {
        using var scope = torch.NewDisposeScope();
        return Eligible.Select(0, day).Nonzero().Squeeze(1).ToArray<long>();
    }

    /// <summary>Raw pictures [n, 9, Lookback] of the given stocks on the day (data up to the day's close).</summary>
    public Tensor RawPictures(int day, long[] stocks)
    {
        if (day < Lookback - 1) throw new ArgumentOutOfRangeException(nameof(day), day, $"a picture needs {Lookback} days of history");
        using var scope = torch.NewDisposeScope();
        var window = Fields.Narrow(0, day - Lookback + 1, Lookback);                              // [T, S, 9]
        return window.IndexSelect(1, torch.From(stocks)).Permute(1, 2, 0).Contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>The label panel for a label plugin (entry at the next bar's open or vwap).</summary>
    public LabelPanel LabelPanel() => new(Open, Close, Vwap, Tradable, LimitUpAtOpen);

    public void Dispose()
    {
        foreach (var t in new[] { Fields, Open, Close, Vwap, AdjustedClose, Amount, Tradable, LimitUpAtOpen, Eligible }) t.Dispose();
    }
}

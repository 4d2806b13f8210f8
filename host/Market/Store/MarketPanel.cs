namespace AlphaHost.Host.Market.Store;

/// <summary>
/// A dense block of market data: <see cref="Values"/> is float32 laid out [day, stock, field]
/// (field fastest), <see cref="Mask"/> is [day, stock] and true where the stock has a bar that day
/// and is tradable. Days without a row hold NaN; suspended days hold their (flat) values, masked out.
/// </summary>
public sealed record MarketPanel(DateOnly[] Dates, string[] Codes, string[] Fields, float[] Values, bool[] Mask)
{
    public int Days => Dates.Length;
    public int Stocks => Codes.Length;
    public int FieldCount => Fields.Length;

    public int Offset(int day, int stock, int field) => (day * Stocks + stock) * FieldCount + field;

    public float this[int day, int stock, int field] => Values[Offset(day, stock, field)];

    public bool IsValid(int day, int stock) => Mask[day * Stocks + stock];
}

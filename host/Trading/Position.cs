namespace AlphaHost.Host.Trading;

/// <summary>Units held in one code (negative = short), and how many were bought on the latest buy date (for T+1).</summary>
public sealed class Position(string code)
{
    public string Code { get; } = code;
    public long Quantity { get; set; }
    public DateOnly? LastBuyDate { get; set; }
    public long BoughtOnLastBuyDate { get; set; }

    /// <summary>Units bought on <paramref name="date"/> and still held; T+1 forbids selling them that day.</summary>
    public long BoughtOn(DateOnly date) =>
        LastBuyDate == date ? Math.Min(BoughtOnLastBuyDate, Math.Max(Quantity, 0)) : 0;

    public void Apply(long quantity, DateOnly date)
    {
        if (quantity > 0)
        {
            if (LastBuyDate != date) { LastBuyDate = date; BoughtOnLastBuyDate = 0; }
            BoughtOnLastBuyDate += quantity;
        }
        Quantity += quantity;
    }
}

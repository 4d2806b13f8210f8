namespace AlphaHost.Host.Trading;

/// <summary>Cash, positions and working orders: the account the broker trades and the ledger records.</summary>
public sealed class Book(decimal cash)
{
    public decimal Cash { get; set; } = cash;
    public SortedDictionary<string, Position> Positions { get; } = new(StringComparer.Ordinal);
    public List<Order> OpenOrders { get; } = [];

    public long Held(string code) => Positions.TryGetValue(code, out var p) ? p.Quantity : 0;

    public Position PositionFor(string code)
    {
        if (!Positions.TryGetValue(code, out var p)) Positions[code] = p = new Position(code);
        return p;
    }

    /// <summary>Applies a fill to cash and position; a position that reaches zero is dropped.</summary>
    public void Apply(Fill fill, DateOnly date, decimal multiplier)
    {
        Cash += fill.CashDelta(multiplier);
        var p = PositionFor(fill.Code);
        p.Apply(fill.Quantity, date);
        if (p.Quantity == 0) Positions.Remove(fill.Code);
    }
}

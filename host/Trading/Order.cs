namespace AlphaHost.Host.Trading;

public enum OrderStatus { Open, Filled, Cancelled, Superseded }

/// <summary>
/// A signed order (positive buys, negative sells) decided at the close of <see cref="Tick"/>,
/// to fill on a later bar. <see cref="Remaining"/> is what has not filled yet.
/// </summary>
public sealed class Order(long id, int tick, string code, long quantity)
{
    public long Id { get; } = id;
    public int Tick { get; } = tick;
    public string Code { get; } = code;
    public long Quantity { get; } = quantity;
    public long Remaining { get; set; } = quantity;
    public OrderStatus Status { get; set; } = OrderStatus.Open;
    /// <summary>Tick at which the order left the book (filled, cancelled or superseded).</summary>
    public int? ClosedTick { get; set; }

    public bool IsBuy => Quantity > 0;

    public void Close(OrderStatus status, int tick)
    {
        Status = status;
        ClosedTick = tick;
    }
}

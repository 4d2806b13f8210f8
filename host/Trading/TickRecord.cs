namespace AlphaHost.Host.Trading;

/// <summary>A held position at a tick's close, as the ledger keeps it.</summary>
public sealed record PositionSnapshot(string Code, long Quantity, decimal Price, decimal Value, DateOnly? LastBuyDate, long BoughtOnLastBuyDate);

/// <summary>Everything one tick changed; the ledger writes it in one transaction.</summary>
public sealed record TickRecord(
    int Tick,
    DateOnly Date,
    int BarOfDay,
    decimal Cash,
    decimal Nav,
    double Benchmark,
    decimal TradedValue,
    decimal Costs,
    IReadOnlyList<Fill> Fills,
    IReadOnlyList<Rejection> Rejections,
    IReadOnlyList<Order> NewOrders,
    IReadOnlyList<Order> ChangedOrders,
    IReadOnlyList<PositionSnapshot> Positions);

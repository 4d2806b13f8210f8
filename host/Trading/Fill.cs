namespace AlphaHost.Host.Trading;

public static class FillKind
{
    public const string Trade = "trade";
    /// <summary>A delisted holding paid out at its last price; no order, no costs.</summary>
    public const string Delisting = "delisting";
}

/// <summary>
/// One execution. Quantity is signed (bought &gt; 0). Price already includes slippage;
/// Slippage is its cost against the reference price, reported but not a separate cash movement.
/// </summary>
public sealed record Fill(
    long Id,
    int Tick,
    long? OrderId,
    string Code,
    string Kind,
    long Quantity,
    decimal ReferencePrice,
    decimal Price,
    decimal Commission,
    decimal StampDuty,
    decimal Slippage)
{
    public decimal Notional(decimal multiplier) => Quantity * Price * multiplier;

    /// <summary>What the fill does to cash: pay for buys, receive for sells, minus costs.</summary>
    public decimal CashDelta(decimal multiplier) => -Notional(multiplier) - Commission - StampDuty;

    public decimal Costs => Commission + StampDuty + Slippage;
}

/// <summary>Part of an order a named market rule stopped on one bar.</summary>
public sealed record Rejection(int Tick, long OrderId, string Code, string Rule, long Quantity);

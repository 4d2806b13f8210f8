namespace AlphaHost.Host.Trading.Rules;

/// <summary>
/// Trades go in whole board lots (100 shares for A-shares, 1 contract for futures); only a sell
/// that closes the whole position may carry an odd lot. The planner sizes targets with the same rule.
/// </summary>
public sealed class BoardLotRule(int lotSize) : IOrderGate
{
    public string Name => "board_lot";
    public int LotSize { get; } = lotSize;
    /// <summary>An odd remainder never becomes a whole lot by waiting.</summary>
    public bool RemainderCanFillLater => false;

    public long Allow(in OrderAttempt a, long quantity)
    {
        if (quantity < 0 && a.Held > 0 && -quantity == a.Held) return quantity;
        return RoundTowardZero(quantity);
    }

    /// <summary>Whole lots toward zero.</summary>
    public long RoundTowardZero(long units) => units / LotSize * LotSize;

    /// <summary>Whole lots toward zero for a fractional target; the tolerance stops 199.9999999 (float noise) from becoming 100.</summary>
    public long RoundTarget(double units)
    {
        double lots = units / LotSize;
        return (long)(lots >= 0 ? Math.Floor(lots + 1e-9) : Math.Ceiling(lots - 1e-9)) * LotSize;
    }
}

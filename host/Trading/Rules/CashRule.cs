namespace AlphaHost.Host.Trading.Rules;

/// <summary>A buy never spends more cash than the account has; it shrinks by whole lots until price and costs fit.</summary>
public sealed class CashRule : IMarketRule
{
    public string Name => "insufficient_cash";

    /// <summary>The largest buy of at most <paramref name="quantity"/> units whose cost (from <paramref name="totalCost"/>) fits in cash.</summary>
    public long Affordable(long quantity, int lotSize, decimal cash, Func<long, decimal> totalCost)
    {
        if (quantity <= 0 || totalCost(quantity) <= cash) return quantity;
        // Start from the commission-free estimate, then step down whole lots; slippage only falls as q shrinks.
        decimal perUnit = totalCost(quantity) / quantity;
        long q = perUnit > 0 ? Math.Min(quantity, (long)(Math.Max(0, cash) / perUnit) / lotSize * lotSize) : 0;
        while (q > 0 && totalCost(q) > cash) q -= lotSize;
        return Math.Max(0, q);
    }
}

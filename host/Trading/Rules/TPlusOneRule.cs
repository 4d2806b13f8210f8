namespace AlphaHost.Host.Trading.Rules;

/// <summary>T+1: units bought today cannot be sold today; a sell stops at what was held before today.</summary>
public sealed class TPlusOneRule : IOrderGate
{
    public string Name => "t_plus_one";
    public bool RemainderCanFillLater => true;

    public long Allow(in OrderAttempt a, long quantity)
    {
        if (quantity >= 0 || a.BoughtToday == 0) return quantity;
        long sellable = Math.Max(0, a.Held - a.BoughtToday);
        return Math.Max(quantity, -sellable);
    }
}

namespace AlphaHost.Host.Trading.Rules;

/// <summary>Cash equities: a sell never goes below zero units. Active unless the config allows shorts.</summary>
public sealed class NoShortSellingRule : IOrderGate
{
    public string Name => "no_short";
    public bool RemainderCanFillLater => false;

    public long Allow(in OrderAttempt a, long quantity) =>
        quantity >= 0 ? quantity : Math.Max(quantity, -Math.Max(0, a.Held));
}

namespace AlphaHost.Host.Trading.Rules;

/// <summary>No sell in a stock sealed at its lower daily limit: buyers are gone.</summary>
public sealed class LimitDownSellRule : IOrderGate
{
    public string Name => "limit_down_sell";
    public bool RemainderCanFillLater => true;

    public long Allow(in OrderAttempt a, long quantity) => quantity < 0 && a.Bar.LimitDown[a.Row] ? 0 : quantity;
}

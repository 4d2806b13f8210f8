namespace AlphaHost.Host.Trading.Rules;

/// <summary>No buy in a stock sealed at its upper daily limit: sellers are gone.</summary>
public sealed class LimitUpBuyRule : IOrderGate
{
    public string Name => "limit_up_buy";
    public bool RemainderCanFillLater => true;

    public long Allow(in OrderAttempt a, long quantity) => quantity > 0 && a.Bar.LimitUp[a.Row] ? 0 : quantity;
}

namespace AlphaHost.Host.Trading.Rules;

/// <summary>No trade in a suspended stock, or on a bar with no volume to trade against.</summary>
public sealed class SuspensionRule : IOrderGate
{
    public string Name => "suspension";
    public bool RemainderCanFillLater => true;

    public long Allow(in OrderAttempt a, long quantity) =>
        a.Bar.Tradable[a.Row] && a.Bar.Volume[a.Row] > 0 ? quantity : 0;
}

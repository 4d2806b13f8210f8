namespace AlphaHost.Host.Trading.Rules;

/// <summary>Decides whether what a rule stopped today stays working (Carry) or is cancelled.</summary>
public sealed class UnfilledOrderRule(UnfilledPolicy policy) : IMarketRule
{
    public string Name => policy == UnfilledPolicy.Carry ? "carry_unfilled" : "cancel_unfilled";

    public bool KeepsWorking(Order order, bool remainderCanFillLater) =>
        order.Remaining != 0 && remainderCanFillLater && policy == UnfilledPolicy.Carry;
}

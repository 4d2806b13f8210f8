namespace AlphaHost.Host.Trading.Rules;

/// <summary>Broker commission on every trade: rate × traded value, at least the minimum, rounded to cents.</summary>
public sealed class CommissionRule(decimal rate, decimal minimum) : IMarketRule
{
    public string Name => "commission";

    public decimal Cost(decimal tradedValue) =>
        tradedValue == 0 ? 0 : Money.Cost(Math.Max(Math.Abs(tradedValue) * rate, minimum));
}

namespace AlphaHost.Host.Trading.Rules;

/// <summary>Stamp duty: rate × traded value, charged on sells only, rounded to cents.</summary>
public sealed class StampDutyRule(decimal rate) : IMarketRule
{
    public string Name => "stamp_duty";

    public decimal Cost(long quantity, decimal tradedValue) =>
        quantity < 0 ? Money.Cost(Math.Abs(tradedValue) * rate) : 0;
}

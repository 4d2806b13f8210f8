namespace AlphaHost.Host.Trading.Rules;

/// <summary>
/// Market impact proportional to participation in the bar: a buy pays reference × (1 + k·q/V),
/// a sell gets reference × (1 − k·q/V), q the units traded and V the bar's volume.
/// </summary>
public sealed class ParticipationSlippageRule(decimal perParticipation) : IMarketRule
{
    public string Name => "slippage";

    public decimal ExecutionPrice(decimal reference, long quantity, double barVolume)
    {
        if (quantity == 0 || perParticipation == 0) return reference;
        decimal participation = Math.Abs(quantity) / (decimal)barVolume;
        decimal impact = perParticipation * participation;
        decimal price = reference * (quantity > 0 ? 1 + impact : 1 - impact);
        return Math.Max(0, Math.Round(price, Money.PriceDecimals, MidpointRounding.AwayFromZero));
    }
}

namespace AlphaHost.Host.Trading.Rules;

/// <summary>
/// A holding whose stock leaves the market (absent from the bar) is paid out at its last known
/// price, with no costs; its working orders are cancelled.
/// </summary>
public sealed class DelistingSettlementRule : IMarketRule
{
    public string Name => "delisting";

    public Fill Settle(long fillId, int tick, Position position, decimal lastPrice) =>
        new(fillId, tick, null, position.Code, FillKind.Delisting, -position.Quantity, lastPrice, lastPrice, 0, 0, 0);
}

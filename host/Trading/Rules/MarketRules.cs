namespace AlphaHost.Host.Trading.Rules;

/// <summary>The set of rules one config trades under, in the order the broker applies them.</summary>
public sealed class MarketRules
{
    public IReadOnlyList<IOrderGate> Gates { get; }
    public BoardLotRule BoardLot { get; }
    public ParticipationSlippageRule Slippage { get; }
    public CommissionRule Commission { get; }
    public StampDutyRule StampDuty { get; }
    public CashRule Cash { get; } = new();
    public DelistingSettlementRule Delisting { get; } = new();
    public UnfilledOrderRule Unfilled { get; }

    public MarketRules(TradingConfig config)
    {
        BoardLot = new BoardLotRule(config.LotSize);
        var gates = new List<IOrderGate> { new SuspensionRule(), new LimitUpBuyRule(), new LimitDownSellRule() };
        if (config.TPlusOne) gates.Add(new TPlusOneRule());
        if (!config.AllowShort) gates.Add(new NoShortSellingRule());
        gates.Add(BoardLot);
        Gates = gates;
        Slippage = new ParticipationSlippageRule(config.SlippagePerParticipation);
        Commission = new CommissionRule(config.CommissionRate, config.MinCommission);
        StampDuty = new StampDutyRule(config.StampDutyRate);
        Unfilled = new UnfilledOrderRule(config.Unfilled);
    }
}

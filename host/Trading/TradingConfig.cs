namespace AlphaHost.Host.Trading;

/// <summary>Which price of the next bar an order decided at tick t fills at.</summary>
public enum FillPrice { Open, Vwap }

/// <summary>What happens to the part of an order a market rule stopped today.</summary>
public enum UnfilledPolicy
{
    /// <summary>Drop it; the next rebalance decides afresh.</summary>
    Cancel,
    /// <summary>Retry it on the next bar, until filled or replaced by the next rebalance.</summary>
    Carry,
}

/// <summary>
/// Everything that decides how the paper broker trades. Defaults are A-share cash equities;
/// for futures set LotSize 1, ContractMultiplier, AllowShort, no stamp duty and TPlusOne false.
/// Stored in the ledger: a run resumes only under the same config.
/// </summary>
public sealed record TradingConfig
{
    public decimal InitialCash { get; init; } = 10_000_000m;
    public FillPrice FillAt { get; init; } = FillPrice.Open;
    public UnfilledPolicy Unfilled { get; init; } = UnfilledPolicy.Cancel;
    /// <summary>Shares per board lot (100 for A-shares, 1 for futures contracts).</summary>
    public int LotSize { get; init; } = 100;
    /// <summary>Currency per price point per unit (1 for shares, e.g. 300 for an index future).</summary>
    public decimal ContractMultiplier { get; init; } = 1m;
    public bool AllowShort { get; init; }
    public bool TPlusOne { get; init; } = true;
    public decimal CommissionRate { get; init; } = 0.00025m;
    public decimal MinCommission { get; init; } = 5m;
    /// <summary>Charged on sells only.</summary>
    public decimal StampDutyRate { get; init; } = 0.0005m;
    /// <summary>Price impact per unit of participation: fill = reference × (1 ± k × quantity / bar volume).</summary>
    public decimal SlippagePerParticipation { get; init; } = 0.1m;
    /// <summary>Index in <c>MarketBar.IndexClose</c> used as benchmark; null = index-weight-weighted return of the bar.</summary>
    public string? BenchmarkIndex { get; init; }

    /// <summary>Throws naming the first key that is out of range.</summary>
    public void Validate()
    {
        static void Check(bool ok, string key, string expected, object value)
        {
            if (!ok) throw new ArgumentException($"trading config: {key} = {value}; expected {expected}");
        }
        Check(InitialCash > 0, "initial_cash", "a positive amount", InitialCash);
        Check(LotSize > 0, "lot_size", "a positive number of units", LotSize);
        Check(ContractMultiplier > 0, "contract_multiplier", "a positive multiplier", ContractMultiplier);
        Check(CommissionRate >= 0, "commission_rate", "a non-negative rate", CommissionRate);
        Check(MinCommission >= 0, "min_commission", "a non-negative amount", MinCommission);
        Check(StampDutyRate >= 0, "stamp_duty_rate", "a non-negative rate", StampDutyRate);
        Check(SlippagePerParticipation >= 0, "slippage_per_participation", "a non-negative coefficient", SlippagePerParticipation);
    }
}

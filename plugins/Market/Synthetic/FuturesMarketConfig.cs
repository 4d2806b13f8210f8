namespace AlphaHost.Plugins.Market.Synthetic;

/// <summary>Everything that shapes a synthetic futures market; same config → same market.</summary>
public sealed record FuturesMarketConfig
{
    public int Contracts { get; init; } = FuturesContracts.All.Count;
    public int Days { get; init; } = 1500;
    public int IntradayBars { get; init; }
    public long Seed { get; init; } = 1;
    public DateOnly Start { get; init; } = new(2018, 1, 2);

    public void Validate()
    {
        EquityMarketConfig.Require(Contracts >= 1 && Contracts <= FuturesContracts.All.Count, "contracts", Contracts,
            $"1 to {FuturesContracts.All.Count} (the base contracts, in list order)");
        EquityMarketConfig.Require(Days >= 1, "days", Days, "at least 1");
        EquityMarketConfig.Require(IntradayBars >= 0 && IntradayBars <= 480, "intraday-bars", IntradayBars, "0 (daily only) to 480");
    }
}

namespace AlphaHost.Plugins.Market.Synthetic;

/// <summary>Everything that shapes a synthetic futures market; same config → same market.</summary>
public sealed record FuturesMarketConfig
{
    public int Contracts { get; init; } = FuturesContracts.All.Count;
    public int Days { get; init; } = 1500;
    public int IntradayBars { get; init; }
    public long Seed { get; init; } = 1;
    public DateOnly Start { get; init; } = new(2018, 1, 2);
    /// <summary>Contracts list on a day drawn uniformly in [0, this] (the first contract on day 0); 0 = all on day 0.</summary>
    public int ListingSpreadDays { get; init; }
    /// <summary>Which listed contracts are tradable each day (the note's history and open-interest rule); off by default.</summary>
    public FuturesUniverseRule Universe { get; init; } = new();

    public void Validate()
    {
        EquityMarketConfig.Require(Contracts >= 1 && Contracts <= FuturesContracts.All.Count, "contracts", Contracts,
            $"1 to {FuturesContracts.All.Count} (the base contracts, in list order)");
        EquityMarketConfig.Require(Days >= 1, "days", Days, "at least 1");
        EquityMarketConfig.Require(IntradayBars >= 0 && IntradayBars <= 480, "intraday-bars", IntradayBars, "0 (daily only) to 480");
        EquityMarketConfig.Require(ListingSpreadDays >= 0 && ListingSpreadDays < Days, "listing-spread-days", ListingSpreadDays, $"0 to days - 1 ({Days - 1})");
        Universe.Validate();
    }
}

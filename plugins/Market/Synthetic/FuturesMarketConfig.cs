using AlphaHost.Sdk.Data;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Plugins.Market.Synthetic;

/// <summary>Everything that shapes a synthetic futures market ("synthetic_futures"); same config → same market.</summary>
public sealed record FuturesMarketConfig : PluginConfig
{
    public int Contracts { get; init; } = FuturesContracts.All.Count;
    public int Days { get; init; } = 1500;
    /// <summary>Intraday bars per day (0: daily bars only).</summary>
    public int IntradayBars { get; init; }
    public long Seed { get; init; } = 1;
    public DateOnly Start { get; init; } = new(2018, 1, 2);
    /// <summary>Contracts list on a day drawn uniformly in [0, this] (the first contract on day 0); 0 = all on day 0.</summary>
    public int ListingSpreadDays { get; init; }
    /// <summary>Universe rule (the note: 1000): tradable only after this many trading days of history; 0 = off.</summary>
    public int MinHistoryDays { get; init; }
    /// <summary>Universe rule: days the open interest is averaged over.</summary>
    public int OpenInterestWindow { get; init; } = 100;
    /// <summary>Universe rule (the note: 50000): tradable only while the mean open interest is at least this; 0 = off.</summary>
    public double MinOpenInterest { get; init; }

    /// <summary>Which listed contracts are tradable each day (the note's history and open-interest rule); off by default.</summary>
    public FuturesUniverseRule Universe =>
        new() { MinHistoryDays = MinHistoryDays, OpenInterestWindow = OpenInterestWindow, MinOpenInterest = MinOpenInterest };

    public override IEnumerable<ConfigError> Validate()
    {
        if (Contracts < 1 || Contracts > FuturesContracts.All.Count)
            yield return new(nameof(Contracts), $"1 to {FuturesContracts.All.Count} (the base contracts, in list order)", Contracts);
        if (Days < 1) yield return new(nameof(Days), "at least 1", Days);
        if (IntradayBars is < 0 or > 480) yield return new(nameof(IntradayBars), "0 (daily only) to 480", IntradayBars);
        if (ListingSpreadDays < 0 || ListingSpreadDays >= Days) yield return new(nameof(ListingSpreadDays), $"0 to days - 1 ({Days - 1})", ListingSpreadDays);
        if (MinHistoryDays < 0) yield return new(nameof(MinHistoryDays), "at least 0 (0 = no history rule)", MinHistoryDays);
        if (OpenInterestWindow < 1) yield return new(nameof(OpenInterestWindow), "at least 1 day", OpenInterestWindow);
        if (!(MinOpenInterest >= 0) || !double.IsFinite(MinOpenInterest)) yield return new(nameof(MinOpenInterest), "a finite number >= 0 (0 = no open-interest rule)", MinOpenInterest);
    }
}

namespace AlphaHost.Sdk.Data;

/// <summary>
/// The futures universe rule of the asset-embedding note: a contract is in the universe on day t
/// when it has traded at least <see cref="MinHistoryDays"/> days up to and including t, and its
/// open interest averaged over its last <see cref="OpenInterestWindow"/> bars up to t (fewer while
/// it has fewer) is at least <see cref="MinOpenInterest"/>. Only data known at t's close is read.
/// The note's values are 1000 days and 50,000 lots over 100 days; 0 and 0 turn the rule off.
/// </summary>
public sealed record FuturesUniverseRule
{
    public int MinHistoryDays { get; init; }
    public int OpenInterestWindow { get; init; } = 100;
    public double MinOpenInterest { get; init; }

    public bool IsOff => MinHistoryDays <= 1 && MinOpenInterest <= 0;

    public void Validate()
    {
        Require(MinHistoryDays >= 0, "min-history-days", MinHistoryDays, "at least 0 (0 = no history rule)");
        Require(OpenInterestWindow >= 1, "oi-window", OpenInterestWindow, "at least 1 day");
        Require(MinOpenInterest >= 0 && double.IsFinite(MinOpenInterest), "min-open-interest", MinOpenInterest, "a finite number >= 0 (0 = no open-interest rule)");
    }

    private static void Require(bool ok, string key, object value, string expected)
    {
        if (!ok) throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{key} = {value}: expected {expected}"));
    }

    /// <summary>
    /// Membership [days, assets] from open interest [days, assets] (NaN where the contract has no
    /// bar that day; a day without a bar is never a member and does not count as history).
    /// </summary>
    public bool[,] Members(double[,] openInterest)
    {
        Validate();
        int days = openInterest.GetLength(0), assets = openInterest.GetLength(1);
        var members = new bool[days, assets];
        var trackers = Enumerable.Range(0, assets).Select(_ => new Tracker(this)).ToArray();
        for (int d = 0; d < days; d++)
            for (int a = 0; a < assets; a++)
                if (!double.IsNaN(openInterest[d, a])) members[d, a] = trackers[a].Add(openInterest[d, a]);
        return members;
    }

    /// <summary>One contract's running state: feed its bars' open interest in date order.</summary>
    public sealed class Tracker(FuturesUniverseRule rule)
    {
        private readonly double[] window = new double[rule.OpenInterestWindow];
        private int bars;
        private double sum;

        /// <summary>Adds today's bar; true when the contract is in the universe today.</summary>
        public bool Add(double openInterest)
        {
            int slot = bars % window.Length;
            sum += openInterest - window[slot];
            window[slot] = openInterest;
            bars++;
            return bars >= rule.MinHistoryDays && sum / Math.Min(bars, window.Length) >= rule.MinOpenInterest;
        }
    }
}

namespace AlphaHost.Plugins.Market.Synthetic;

/// <summary>Everything that shapes a synthetic equity market; same config → same market.</summary>
public sealed record EquityMarketConfig
{
    /// <summary>Strength that gives an oracle RankIC near 0.10 at H = 5 (calibrated on the default market).</summary>
    public const double DefaultAlphaStrength = 0.065;

    public int Stocks { get; init; } = 500;
    public int Days { get; init; } = 1500;
    public int IntradayBars { get; init; }
    public long Seed { get; init; } = 1;
    public DateOnly Start { get; init; } = new(2018, 1, 2);
    public int Industries { get; init; } = 30;
    public double AlphaStrength { get; init; } = DefaultAlphaStrength;
    public int AlphaHorizon { get; init; } = 5;
    public double GrowthBoardShare { get; init; } = 0.25;
    public double IpoShare { get; init; } = 0.20;
    public double DelistShare { get; init; } = 0.08;
    public double SuspendProbability { get; init; } = 0.002;
    public double SuspendContinueProbability { get; init; } = 0.8;

    /// <summary>Throws naming the first key that is out of range.</summary>
    public void Validate()
    {
        Require(Stocks >= 2, "stocks", Stocks, "at least 2");
        Require(Days >= 1, "days", Days, "at least 1");
        Require(IntradayBars >= 0 && IntradayBars <= 480, "intraday-bars", IntradayBars, "0 (daily only) to 480");
        Require(Industries >= 1, "industries", Industries, "at least 1");
        Require(AlphaStrength >= 0, "alpha-strength", AlphaStrength, "non-negative");
        Require(AlphaHorizon >= 1, "alpha-horizon", AlphaHorizon, "at least 1");
        Require(GrowthBoardShare is >= 0 and <= 1, "growth-board-share", GrowthBoardShare, "in [0, 1]");
        Require(IpoShare is >= 0 and <= 1, "ipo-share", IpoShare, "in [0, 1]");
        Require(DelistShare is >= 0 and <= 1, "delist-share", DelistShare, "in [0, 1]");
        Require(SuspendProbability is >= 0 and < 1, "suspend-probability", SuspendProbability, "in [0, 1)");
        Require(SuspendContinueProbability is >= 0 and < 1, "suspend-continue-probability", SuspendContinueProbability, "in [0, 1)");
    }

    internal static void Require(bool ok, string key, object value, string expected)
    {
        if (!ok) throw new ArgumentException($"{key} = {value}: expected {expected}");
    }
}

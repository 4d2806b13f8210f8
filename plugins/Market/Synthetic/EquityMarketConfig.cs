using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Plugins.Market.Synthetic;

/// <summary>Everything that shapes a synthetic equity market ("synthetic_equities"); same config → same market.</summary>
public sealed record EquityMarketConfig : PluginConfig
{
    /// <summary>Strength that gives an oracle RankIC near 0.10 at H = 5 (calibrated on the default market).</summary>
    public const double DefaultAlphaStrength = 0.065;

    public int Stocks { get; init; } = 500;
    public int Days { get; init; } = 1500;
    /// <summary>Intraday bars per day (0: daily bars only).</summary>
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

    public override IEnumerable<ConfigError> Validate()
    {
        if (Stocks < 2) yield return new(nameof(Stocks), "at least 2", Stocks);
        if (Days < 1) yield return new(nameof(Days), "at least 1", Days);
        if (IntradayBars is < 0 or > 480) yield return new(nameof(IntradayBars), "0 (daily only) to 480", IntradayBars);
        if (Industries < 1) yield return new(nameof(Industries), "at least 1", Industries);
        if (!(AlphaStrength >= 0)) yield return new(nameof(AlphaStrength), "non-negative", AlphaStrength);
        if (AlphaHorizon < 1) yield return new(nameof(AlphaHorizon), "at least 1", AlphaHorizon);
        if (GrowthBoardShare is not (>= 0 and <= 1)) yield return new(nameof(GrowthBoardShare), "in [0, 1]", GrowthBoardShare);
        if (IpoShare is not (>= 0 and <= 1)) yield return new(nameof(IpoShare), "in [0, 1]", IpoShare);
        if (DelistShare is not (>= 0 and <= 1)) yield return new(nameof(DelistShare), "in [0, 1]", DelistShare);
        if (SuspendProbability is not (>= 0 and < 1)) yield return new(nameof(SuspendProbability), "in [0, 1)", SuspendProbability);
        if (SuspendContinueProbability is not (>= 0 and < 1)) yield return new(nameof(SuspendContinueProbability), "in [0, 1)", SuspendContinueProbability);
    }

    /// <summary>For a generator built directly (not through the host): throws naming the first key that is out of range.</summary>
    internal static void ThrowIfInvalid(PluginConfig config)
    {
        if (config.Validate().FirstOrDefault() is { } e)
            throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{e.JsonKey} = {e.Got}: expected {e.Expected}"));
    }
}

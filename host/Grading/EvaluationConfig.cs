using AlphaHost.Sdk.Statistics;

namespace AlphaHost.Host.Grading;

/// <summary>Which price a trade on a factor dated t uses: the close of t, or the open / vwap of t+1.</summary>
public enum EntryPrice { Close, Open, Vwap }

/// <summary>How a factor is graded; validated on construction of <see cref="FactorEvaluator"/>.</summary>
public sealed record EvaluationConfig
{
    public const double DefaultCostPerSide = 0.0015;
    public const int DefaultMinStocks = CrossSection.DefaultMinStocks;

    /// <summary>Forward horizon H (trading days) of the IC, RankIC and quantile returns.</summary>
    public int Horizon { get; init; } = 5;

    public int Quantiles { get; init; } = 5;

    /// <summary>IC decay is measured for horizons 1..DecayHorizons.</summary>
    public int DecayHorizons { get; init; } = 20;

    /// <summary>Cost of each buy and each sell, as a fraction of the value traded (0.0015 = 0.15%).</summary>
    public double CostPerSide { get; init; } = DefaultCostPerSide;

    public EntryPrice Price { get; init; } = EntryPrice.Close;

    /// <summary>Days with fewer stocks (score and forward return both known) get no IC or RankIC: a correlation of a handful is noise.</summary>
    public int MinStocks { get; init; } = DefaultMinStocks;

    /// <summary>
    /// Days between the factor date and the entry: forward return = p[t+lag+H] / p[t+lag] − 1, so
    /// 0 with close (alphalens) and 1 with open or vwap (the trade can only enter the next day).
    /// </summary>
    public int EntryLag => Price == EntryPrice.Close ? 0 : 1;

    public void Validate()
    {
        if (Horizon < 1) throw new ArgumentException($"horizon = {Horizon}: expected at least 1 day");
        if (Quantiles is < 2 or > 100) throw new ArgumentException($"quantiles = {Quantiles}: expected an integer in [2, 100]");
        if (DecayHorizons < 1) throw new ArgumentException($"decay horizons = {DecayHorizons}: expected at least 1");
        if (MinStocks < 2) throw new ArgumentException($"min stocks = {MinStocks}: expected at least 2 (a correlation needs two stocks; the notes use 20)");
        if (!double.IsFinite(CostPerSide) || CostPerSide is < 0 or >= 1) throw new ArgumentException($"cost = {CostPerSide}: expected a fraction in [0, 1), e.g. 0.0015");
    }
}

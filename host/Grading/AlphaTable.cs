using AlphaHost.Sdk.Statistics;
namespace AlphaHost.Host.Grading;

/// <summary>Mean RankIC at one forward horizon (days), over the days that horizon could be measured.</summary>
public sealed record DecayPoint(int Horizon, double MeanRankIc, int Days);

/// <summary>
/// One day of the daily quantile portfolios: formed on <see cref="Date"/> from that day's scores,
/// held for one day. <see cref="QuantileReturns"/> are equal-weight next-day returns per quantile
/// (lowest scores first; NaN for an empty one); <see cref="Traded"/> = Σ|Δw| of the top quantile
/// (buys + sells as a fraction of NAV, 1 on the day it is built from cash).
/// </summary>
public sealed record PortfolioDay(DateOnly Date, double[] QuantileReturns, double BenchmarkReturn, double Traded, bool IsRebalance)
{
    public double TopReturn => QuantileReturns[^1];

    /// <summary>Top quantile minus benchmark, before costs.</summary>
    public double ExcessReturn => TopReturn - BenchmarkReturn;

    /// <summary>Each buy and each sell pays <paramref name="costPerSide"/> of the value traded.</summary>
    public double Cost(double costPerSide) => costPerSide * Traded;
}

/// <summary>
/// Alpha of the top-quantile portfolio against the benchmark over one period (a calendar year, or
/// the whole run when <see cref="Year"/> is null). With a_t = top return − benchmark return − cost_t
/// (cost_t = cost per side × Σ|Δw|; "nc" = without costs):
/// alpha_return = 252 × mean(a_t); alpha_sharpe = mean(a_t) / std(a_t) × sqrt(252) (sample std);
/// alpha_drawdown = largest peak-to-trough fall of the excess NAV Π(1 + a_t), with costs, positive
/// (alpha_drawdown_nc: the same without costs);
/// turnover = mean one-way turnover ½ Σ|Δw| over the period's rebalances (the initial build excluded).
/// </summary>
public sealed record AlphaRow(
    int? Year, int Days,
    double AlphaReturn, double AlphaReturnNc,
    double AlphaSharpe, double AlphaSharpeNc,
    double AlphaDrawdown, double AlphaDrawdownNc, double Turnover)
{
    public const string Definition =
        "Daily alpha a_t = equal-weight top-quantile return - benchmark return - cost_t, where the portfolio is formed " +
        "from day t's scores and held one day, and cost_t = cost per side x (buys + sells as a fraction of NAV). " +
        "alpha_return = 252 x mean(a_t); alpha_sharpe = mean(a_t) / std(a_t) x sqrt(252); alpha_drawdown = largest " +
        "fall of the excess NAV prod(1 + a_t) from its running peak (with costs; nc: without); turnover = mean one-way turnover " +
        "(half of buys + sells) per rebalance day. nc = no costs.";

    public static AlphaRow Of(int? year, IReadOnlyList<PortfolioDay> days, double costPerSide)
    {
        var gross = days.Select(d => d.ExcessReturn).ToArray();
        var net = days.Select(d => d.ExcessReturn - d.Cost(costPerSide)).ToArray();
        var turnover = days.Where(d => d.IsRebalance).Select(d => d.Traded / 2).ToArray();
        return new AlphaRow(year, days.Count,
            SeriesStatistics.Mean(net) * SeriesStatistics.TradingDaysPerYear,
            SeriesStatistics.Mean(gross) * SeriesStatistics.TradingDaysPerYear,
            SeriesStatistics.AnnualisedSharpe(net),
            SeriesStatistics.AnnualisedSharpe(gross),
            SeriesStatistics.MaxDrawdown(net),
            SeriesStatistics.MaxDrawdown(gross),
            SeriesStatistics.Mean(turnover));
    }

    /// <summary>One row per calendar year of the portfolio dates, in order.</summary>
    public static IReadOnlyList<AlphaRow> ByYear(IReadOnlyList<PortfolioDay> days, double costPerSide) =>
        days.GroupBy(d => d.Date.Year).OrderBy(g => g.Key).Select(g => Of(g.Key, g.ToArray(), costPerSide)).ToArray();
}

using AlphaHost.Sdk.Statistics;
namespace AlphaHost.Host.Grading;

/// <summary>
/// A graded factor. IC figures and quantile returns use the H-day forward return
/// (<see cref="EvaluationConfig.Horizon"/>); the portfolio days, per-year alpha, turnover and
/// cumulative quantile curves use daily (1-day) holding of the quantile portfolios.
/// </summary>
public sealed record EvaluationResult(
    EvaluationConfig Config,
    IReadOnlyList<IcPoint> Ic,
    double IcMean, double RankIcMean, double Icir, double RankIcir,
    IReadOnlyList<DecayPoint> IcDecay,
    double[] QuantileReturns, double LongShortReturn,
    double Turnover, double RankAutocorrelation,
    IReadOnlyList<PortfolioDay> Portfolio,
    IReadOnlyList<AlphaRow> ByYear, AlphaRow Overall)
{
    /// <summary>The finite daily RankICs in date order.</summary>
    public IReadOnlyList<double> DailyRankIc => Ic.Select(p => p.RankIc).Where(double.IsFinite).ToArray();

    /// <summary>Cumulative NAV (1 before the first day) of each quantile portfolio held daily; an empty quantile stays flat.</summary>
    public IReadOnlyList<QuantileCurvePoint> QuantileCurves()
    {
        var points = new List<QuantileCurvePoint>();
        var nav = Enumerable.Repeat(1.0, Config.Quantiles).ToArray();
        foreach (var day in Portfolio)
            for (int g = 0; g < nav.Length; g++)
            {
                if (double.IsFinite(day.QuantileReturns[g])) nav[g] *= 1 + day.QuantileReturns[g];
                points.Add(new QuantileCurvePoint(day.Date, g + 1, nav[g]));
            }
        return points;
    }

    /// <summary>Top-quantile NAV after costs and the benchmark's, both compounded daily from 1.</summary>
    public IReadOnlyList<NavPoint> TopQuantileNav()
    {
        var points = new List<NavPoint>(Portfolio.Count);
        double nav = 1, benchmark = 1;
        foreach (var day in Portfolio)
        {
            nav *= 1 + day.TopReturn - day.Cost(Config.CostPerSide);
            benchmark *= 1 + day.BenchmarkReturn;
            points.Add(new NavPoint(day.Date, nav, benchmark));
        }
        return points;
    }

    /// <summary>The evaluation keys of metrics.json (see ARCHITECTURE.md); NaN means "not measurable" (metrics.json writes null).</summary>
    public Dictionary<string, object> ToMetrics() => new()
    {
        ["horizon"] = Config.Horizon,
        ["price"] = Config.Price.ToString().ToLowerInvariant(),
        ["quantiles"] = Config.Quantiles,
        ["cost_per_side"] = Config.CostPerSide,
        ["ic_days"] = Ic.Count,
        ["ic_mean"] = IcMean,
        ["rank_ic_mean"] = RankIcMean,
        ["icir"] = Icir,
        ["rank_icir"] = RankIcir,
        ["rank_ic_se"] = SeriesStatistics.StandardError(DailyRankIc),
        ["rank_ic_se_newey_west"] = SeriesStatistics.NeweyWestStandardError(DailyRankIc, Config.Horizon),
        ["ic_decay"] = IcDecay.ToDictionary(d => d.Horizon.ToString(System.Globalization.CultureInfo.InvariantCulture), d => (object)d.MeanRankIc),
        ["quantile_returns"] = QuantileReturns,
        ["long_short_return"] = LongShortReturn,
        ["turnover"] = Turnover,
        ["rank_autocorrelation"] = RankAutocorrelation,
        ["alpha_return"] = Overall.AlphaReturn,
        ["alpha_return_nc"] = Overall.AlphaReturnNc,
        ["alpha_sharpe"] = Overall.AlphaSharpe,
        ["alpha_sharpe_nc"] = Overall.AlphaSharpeNc,
        ["alpha_drawdown"] = Overall.AlphaDrawdown,
        ["alpha_drawdown_nc"] = Overall.AlphaDrawdownNc,
        ["by_year"] = ByYear.Select(r => new Dictionary<string, object>
        {
            ["year"] = r.Year ?? 0,
            ["days"] = r.Days,
            ["alpha_return"] = r.AlphaReturn,
            ["alpha_return_nc"] = r.AlphaReturnNc,
            ["alpha_sharpe"] = r.AlphaSharpe,
            ["alpha_sharpe_nc"] = r.AlphaSharpeNc,
            ["alpha_drawdown"] = r.AlphaDrawdown,
            ["alpha_drawdown_nc"] = r.AlphaDrawdownNc,
            ["turnover"] = r.Turnover,
        }).ToArray(),
    };
}

/// <summary>Cumulative NAV of quantile <see cref="Quantile"/> (1 = lowest scores) after <see cref="Date"/>'s holding day.</summary>
public sealed record QuantileCurvePoint(DateOnly Date, int Quantile, double Nav);

/// <summary>Strategy and benchmark NAV (both 1-based) on a date.</summary>
public sealed record NavPoint(DateOnly Date, double Strategy, double Benchmark);

using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Sdk.Statistics;

/// <summary>
/// A factor's statistics over days, fed one <see cref="ScoredDay"/> at a time in date order (each
/// day only once its forward return is known). Over the stocks having both a score and a forward
/// return each day (<see cref="CrossSection"/>) it keeps:
/// daily IC (Pearson) and RankIC (Spearman, average ranks); their means and ICIR = mean / sample std;
/// the mean forward return of each quantile (lowest score first) and long-short = top − bottom;
/// the one-way turnover of the equal-weight top quantile, ½ Σ|Δw|, averaged over rebalances;
/// and the lag-1 rank autocorrelation of the scores. Days with fewer stocks than quantiles get IC only;
/// days with fewer than <see cref="MinStocks"/> get no IC either.
/// </summary>
public sealed class FactorSeries
{
    private readonly List<IcPoint> _ic = new();
    private readonly double[] _quantileSum;
    private readonly int[] _quantileDays;
    private readonly List<double> _longShort = new();
    private readonly List<double> _turnover = new();
    private readonly List<double> _autocorrelation = new();
    private readonly PortfolioTurnover _top = new();
    private readonly RankAutocorrelation _ranks = new();
    private DateOnly? _last;

    public FactorSeries(int quantiles, int minStocks = CrossSection.DefaultMinStocks)
    {
        if (quantiles is < 2 or > 100) throw new ArgumentException($"quantiles = {quantiles}: expected an integer in [2, 100]");
        if (minStocks < 2) throw new ArgumentException($"min stocks = {minStocks}: expected at least 2 (a correlation needs two stocks)");
        Quantiles = quantiles;
        MinStocks = minStocks;
        _quantileSum = new double[quantiles];
        _quantileDays = new int[quantiles];
    }

    public int Quantiles { get; }
    public int MinStocks { get; }

    public void Observe(ScoredDay day)
    {
        if (_last is { } last && day.Date <= last)
            throw new ArgumentException($"day {day.Date:yyyy-MM-dd}: expected a date after {last:yyyy-MM-dd} (days must come in date order)");
        var section = CrossSection.Of(day, Quantiles, MinStocks);
        _last = day.Date;

        double autocorrelation = _ranks.Next(day.Codes, day.Scores);
        if (double.IsFinite(autocorrelation)) _autocorrelation.Add(autocorrelation);

        double ic = section.Ic, rankIc = section.RankIc;
        if (double.IsFinite(ic) && double.IsFinite(rankIc)) _ic.Add(new IcPoint(day.Date, ic, rankIc));

        if (!section.CanLayer) return;
        var means = section.QuantileMeans();
        for (int g = 0; g < means.Length; g++)
        {
            if (double.IsNaN(means[g])) continue;
            _quantileSum[g] += means[g];
            _quantileDays[g]++;
        }
        if (!double.IsNaN(means[0]) && !double.IsNaN(means[^1])) _longShort.Add(means[^1] - means[0]);
        bool rebalance = _top.HasPrevious;
        double traded = _top.Rebalance(section.TopCodes());
        if (rebalance) _turnover.Add(traded / 2);
    }

    /// <summary>The days with a finite IC and RankIC, in date order.</summary>
    public IReadOnlyList<IcPoint> DailyIc => _ic;
    public double IcMean => SeriesStatistics.Mean(_ic.Select(p => p.Ic).ToArray());
    public double RankIcMean => SeriesStatistics.Mean(_ic.Select(p => p.RankIc).ToArray());
    public double Icir => SeriesStatistics.InformationRatio(_ic.Select(p => p.Ic).ToArray());
    public double RankIcir => SeriesStatistics.InformationRatio(_ic.Select(p => p.RankIc).ToArray());

    /// <summary>Mean forward return per quantile over the days it was populated, lowest score first.</summary>
    public double[] QuantileReturns =>
        _quantileSum.Select((sum, g) => _quantileDays[g] > 0 ? sum / _quantileDays[g] : double.NaN).ToArray();

    public double LongShortReturn => SeriesStatistics.Mean(_longShort);
    public double Turnover => SeriesStatistics.Mean(_turnover);
    public double RankAutocorrelationMean => SeriesStatistics.Mean(_autocorrelation);
}

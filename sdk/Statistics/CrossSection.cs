using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Sdk.Statistics;

/// <summary>
/// One day's evaluable stocks: those with both a finite score and a finite forward return, with
/// their IC (Pearson), RankIC (Spearman, average ranks for ties) and quantile groups.
/// </summary>
public sealed class CrossSection
{
    /// <summary>Fewest stocks a day needs for an IC or RankIC (the notes: 20); a correlation of a handful is noise.</summary>
    public const int DefaultMinStocks = 20;

    private readonly int _groups;
    private readonly int _minStocks;
    private int[]? _group;

    public DateOnly Date { get; }
    public string[] Codes { get; }
    public double[] Scores { get; }
    public double[] Returns { get; }
    public int Count => Codes.Length;

    private CrossSection(DateOnly date, string[] codes, double[] scores, double[] returns, int groups, int minStocks)
    {
        _minStocks = Math.Max(2, minStocks);
        Date = date;
        Codes = codes;
        Scores = scores;
        Returns = returns;
        _groups = groups;
    }

    /// <summary>The day's evaluable stocks; its IC and RankIC need at least <paramref name="minStocks"/> of them.</summary>
    public static CrossSection Of(ScoredDay day, int groups, int minStocks = DefaultMinStocks)
    {
        if (day.Scores.Length != day.Count || day.ForwardReturns.Length != day.Count)
            throw new ArgumentException($"day {day.Date:yyyy-MM-dd}: {day.Count} codes but {day.Scores.Length} scores and {day.ForwardReturns.Length} forward returns");
        var codes = new List<string>(day.Count);
        var scores = new List<double>(day.Count);
        var returns = new List<double>(day.Count);
        for (int i = 0; i < day.Count; i++)
        {
            if (!double.IsFinite(day.Scores[i]) || !double.IsFinite(day.ForwardReturns[i])) continue;
            codes.Add(day.Codes[i]);
            scores.Add(day.Scores[i]);
            returns.Add(day.ForwardReturns[i]);
        }
        return new CrossSection(day.Date, codes.ToArray(), scores.ToArray(), returns.ToArray(), groups, minStocks);
    }

    /// <summary>Pearson(score, return); NaN with fewer than the minimum stocks or a constant side.</summary>
    public double Ic => Count < _minStocks ? double.NaN : RankCorrelation.Pearson(Scores, Returns);

    /// <summary>Spearman(score, return) with average ranks; NaN with fewer than the minimum stocks or a constant side.</summary>
    public double RankIc => Count < _minStocks ? double.NaN : RankCorrelation.Spearman(Scores, Returns);

    /// <summary>Quantile groups need at least one stock per group on average; thinner days are not layered.</summary>
    public bool CanLayer => Count >= _groups;

    /// <summary>Quantile group of each stock, 0 = lowest scores (see <see cref="Quantiles.Assign"/>).</summary>
    public int[] Group => _group ??= Quantiles.Assign(Scores, _groups);

    /// <summary>Mean forward return per quantile group, lowest scores first; NaN for an empty group.</summary>
    public double[] QuantileMeans() => Quantiles.Means(Group, Returns, _groups);

    /// <summary>Codes in the top (highest-score) quantile.</summary>
    public IReadOnlyList<string> TopCodes()
    {
        var top = new List<string>();
        var group = Group;
        for (int i = 0; i < Count; i++) if (group[i] == _groups - 1) top.Add(Codes[i]);
        return top;
    }
}

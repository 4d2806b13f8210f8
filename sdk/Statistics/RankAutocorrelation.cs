namespace AlphaHost.Sdk.Statistics;

/// <summary>
/// Factor rank autocorrelation (lag 1 day): Spearman correlation between each day's scores and the
/// previous day's, over the codes scored on both days. High values mean a slow, cheap-to-trade factor.
/// </summary>
public sealed class RankAutocorrelation
{
    private Dictionary<string, double> _previous = new(StringComparer.Ordinal);

    /// <summary>Feeds one day's scores (NaN = unscored); returns the correlation with the previous day, or NaN.</summary>
    public double Next(IReadOnlyList<string> codes, ReadOnlySpan<double> scores)
    {
        var today = new Dictionary<string, double>(codes.Count, StringComparer.Ordinal);
        var x = new List<double>();
        var y = new List<double>();
        for (int i = 0; i < codes.Count; i++)
        {
            if (!double.IsFinite(scores[i])) continue;
            today[codes[i]] = scores[i];
            if (_previous.TryGetValue(codes[i], out var before))
            {
                x.Add(before);
                y.Add(scores[i]);
            }
        }
        _previous = today;
        return x.Count < 2 ? double.NaN : RankCorrelation.Spearman(x.ToArray(), y.ToArray());
    }
}

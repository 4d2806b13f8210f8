namespace AlphaHost.Sdk.Plugins;

/// <summary>
/// One past day of evidence on a combination's members: each member's RankIC against the realised
/// forward return of that day, and the cross-sectional rank correlation of the members' scores
/// ([member, member], 1 on the diagonal). NaN where a member did not score the day.
/// </summary>
public sealed record MemberDay(int Day, double[] RankIc, double[,] ScoreCorrelation);

/// <summary>
/// What a combiner may look at when it sets weights at the close of <see cref="FitDay"/>: the
/// members' out-of-sample evidence on past days whose forward return is realised by then
/// (day + horizon ≤ FitDay), oldest first. The host builds it; it holds nothing later.
/// </summary>
public sealed record CombinationEvidence(IReadOnlyList<string> Members, int FitDay, IReadOnlyList<MemberDay> Days)
{
    /// <summary>Member <paramref name="m"/>'s finite daily RankICs among the last <paramref name="window"/> days (0 = all).</summary>
    public double[] Ics(int m, int window = 0) =>
        Recent(window).Select(d => d.RankIc[m]).Where(double.IsFinite).ToArray();

    /// <summary>Mean over the last <paramref name="window"/> days of the finite score correlations of members a and b (NaN when none).</summary>
    public double MeanCorrelation(int a, int b, int window = 0)
    {
        var values = Recent(window).Select(d => d.ScoreCorrelation[a, b]).Where(double.IsFinite).ToArray();
        return values.Length == 0 ? double.NaN : values.Average();
    }

    private IEnumerable<MemberDay> Recent(int window) => window > 0 ? Days.Skip(Math.Max(0, Days.Count - window)) : Days;
}

/// <summary>
/// Combines several models (or seeds of one) into one factor: from the evidence known at a fit day
/// it returns one weight per member, ≥ 0 and summing to 1. The host rank-standardises each
/// member's scores per day and sums them with these weights until the next fit.
/// </summary>
public interface ICombiner : IPlugin
{
    double[] Weights(CombinationEvidence evidence);

    /// <summary>Smoke call: with no history yet, two members must still get valid weights.</summary>
    void IPlugin.SelfTest()
    {
        var w = Weights(new CombinationEvidence(["a", "b"], 0, []));
        if (w.Length != 2 || w.Any(x => !(x >= 0)) || Math.Abs(w.Sum() - 1) > 1e-9)
            throw new InvalidOperationException($"{Info.Name}: weights for 2 members without history must be 2 non-negative numbers summing to 1, got [{string.Join(", ", w)}]");
    }
}

namespace AlphaHost.Sdk.Plugins;

/// <summary>
/// One day's scores and the forward returns realised after them, aligned by stock (NaN where a
/// stock has no score or no return). The host feeds day t only once its forward return is known
/// (at t + horizon), so an evaluator cannot look ahead.
/// </summary>
public sealed record ScoredDay(DateOnly Date, string[] Codes, double[] Scores, double[] ForwardReturns)
{
    public int Count => Codes.Length;
}

/// <summary>
/// An evaluator: fed one <see cref="ScoredDay"/> at a time in date order, it keeps running
/// metrics (ic_mean, rank_ic_mean, icir, long_short_return, ...) as plain numbers by name.
/// </summary>
public interface IBacktester : IPlugin
{
    void Observe(ScoredDay day);

    /// <summary>The metrics over every day observed so far.</summary>
    IReadOnlyDictionary<string, double> Metrics();

    /// <summary>Smoke call: observe two small synthetic days and read the metrics.</summary>
    void IPlugin.SelfTest()
    {
        string[] codes = ["A", "B", "C", "D"];
        Observe(new ScoredDay(new DateOnly(2020, 1, 2), codes, [1, 2, 3, 4], [0.01, 0.02, -0.01, 0.03]));
        Observe(new ScoredDay(new DateOnly(2020, 1, 3), codes, [4, 3, double.NaN, 1], [0.00, 0.01, 0.02, -0.02]));
        _ = Metrics();
    }
}

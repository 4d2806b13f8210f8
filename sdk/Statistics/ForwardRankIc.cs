namespace AlphaHost.Sdk.Statistics;

/// <summary>
/// Mean daily RankIC of a score against the H-day forward close-to-close return, fed one day at a
/// time: score dated t vs adjusted close[t+H] / adjusted close[t] − 1, over stocks having both
/// (a stock with a score on t and a close on t+H; suspended stocks keep their last close).
/// Days with fewer than 2 such stocks, or a constant side, are skipped.
/// </summary>
public sealed class ForwardRankIc
{
    private readonly int _horizon;
    private readonly Queue<(double[] Scores, double[] Closes)> _pending = new();
    private readonly List<double> _daily = new();

    public ForwardRankIc(int horizon)
    {
        if (horizon < 1) throw new ArgumentOutOfRangeException(nameof(horizon), horizon, "expected a horizon of at least 1 day");
        _horizon = horizon;
    }

    public int Horizon => _horizon;
    public IReadOnlyList<double> Daily => _daily;
    public double Mean => _daily.Count == 0 ? double.NaN : _daily.Average();

    /// <summary>Feeds one day: scores and adjusted closes by stock slot, NaN where absent.</summary>
    public void AddDay(double[] scores, double[] adjustedCloses)
    {
        _pending.Enqueue((scores, adjustedCloses));
        if (_pending.Count <= _horizon) return;
        var (startScores, startCloses) = _pending.Dequeue();
        int n = Math.Min(startScores.Length, adjustedCloses.Length);
        var s = new List<double>(n);
        var r = new List<double>(n);
        for (int i = 0; i < n; i++)
        {
            if (double.IsNaN(startScores[i]) || double.IsNaN(adjustedCloses[i]) || !(startCloses[i] > 0)) continue;
            s.Add(startScores[i]);
            r.Add(adjustedCloses[i] / startCloses[i] - 1);
        }
        if (s.Count < 2) return;
        double ic = RankCorrelation.Spearman(s.ToArray(), r.ToArray());
        if (!double.IsNaN(ic)) _daily.Add(ic);
    }
}

namespace AlphaHost.Plugins.Market.Synthetic;

/// <summary>
/// Cap-weighted indices over the synthetic stocks: "benchmark" holds every listed stock, "midcap"
/// the stocks ranked between the 30th and 70th percentile by market cap, reselected every
/// <see cref="RebalanceDays"/> days from that day's closing caps. Day u's index return is the
/// cap-weighted (caps at u−1) mean of the members' total returns (adjusted close to adjusted close).
/// </summary>
public sealed class IndexBuilder
{
    public const string Benchmark = "benchmark", MidCap = "midcap";
    public const int RebalanceDays = 21;
    public const double MidCapFrom = 0.30, MidCapTo = 0.70;
    public const double BaseLevel = 1000;

    private readonly bool[] _midCapMember;
    private double[] _lastCap;
    public double BenchmarkLevel { get; private set; } = BaseLevel;
    public double MidCapLevel { get; private set; } = BaseLevel;

    public IndexBuilder(int stocks)
    {
        _midCapMember = new bool[stocks];
        _lastCap = new double[stocks];
    }

    /// <summary>
    /// Advances both indices by one day. <paramref name="cap"/>/<paramref name="totalReturn"/> are NaN for
    /// stocks not listed today; returns are adjusted close / previous adjusted close − 1.
    /// </summary>
    public void Advance(int day, ReadOnlySpan<double> cap, ReadOnlySpan<double> totalReturn)
    {
        double bw = 0, br = 0, mw = 0, mr = 0;
        for (int i = 0; i < cap.Length; i++)
        {
            double w = _lastCap[i];
            if (w <= 0 || double.IsNaN(totalReturn[i])) continue;
            bw += w;
            br += w * totalReturn[i];
            if (!_midCapMember[i]) continue;
            mw += w;
            mr += w * totalReturn[i];
        }
        if (bw > 0) BenchmarkLevel *= 1 + br / bw;
        if (mw > 0) MidCapLevel *= 1 + mr / mw;

        _lastCap = cap.ToArray();
        for (int i = 0; i < _lastCap.Length; i++) if (double.IsNaN(_lastCap[i])) _lastCap[i] = 0;
        if (day % RebalanceDays == 0) SelectMidCap();
    }

    private void SelectMidCap()
    {
        var listed = Enumerable.Range(0, _lastCap.Length).Where(i => _lastCap[i] > 0)
            .OrderByDescending(i => _lastCap[i]).ThenBy(i => i).ToArray();
        Array.Clear(_midCapMember);
        int from = (int)(listed.Length * MidCapFrom), to = (int)(listed.Length * MidCapTo);
        for (int r = from; r < to; r++) _midCapMember[listed[r]] = true;
    }
}

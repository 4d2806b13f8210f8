using AlphaHost.Sdk.Statistics;

namespace AlphaHost.Plugins.Market.Synthetic;

/// <summary>
/// The planted alpha of the synthetic equity market: a known, nonlinear function of each stock's
/// past 30 days that drives part of its next <see cref="Horizon"/> days of returns.
///
/// At the close of day t, for every stock listed for at least 30 trading days and tradable on t,
/// with C = adjusted close (close × adj_factor), V = volume, F = free-float turnover, all over the
/// stock's own trading rows (suspended rows included, as the data picture shows them):
///   R10   = C[t] / C[t−9] − 1                          (ts_return over 10 days)
///   rho   = Pearson(C[t−9..t], V[t−9..t])              (ts_corr over 10 days; 0 if a side is constant)
///   T     = mean(F[t−9..t]) / mean(F[t−29..t])         (turnover surge; 1 if the 30-day mean is 0)
///   raw   = −R10 × (1 + rho) × T
///   score = cross-sectional rank standardisation of raw over that day's eligible stocks
///           (average ranks mapped to mean 0, unit variance)
/// Effect: on day u the stock's log return gets  strength × sigma_i × (1/H) × Σ_{k=1..H} score[u−k]
/// (missing scores count as 0; sigma_i is the stock's base idiosyncratic daily volatility), so a
/// score dated t moves the return of each of the next H days by the same amount.
/// </summary>
public sealed class PlantedAlpha
{
    public const int Lookback = 30;
    public const int ShortWindow = 10;

    public const string Formula =
        "score = rank_standardise(-(C[t]/C[t-9]-1) * (1 + corr(C[t-9..t], V[t-9..t])) * mean(F[t-9..t])/mean(F[t-29..t])); " +
        "C = close*adj_factor, V = volume, F = free_turnover; drift on day u = strength*sigma_i*mean(score[u-H..u-1])";

    private readonly int _stocks;
    private readonly double[] _close, _volume, _freeTurn; // [stock * Lookback + slot] rings
    private readonly int[] _rows;                         // trading rows seen per stock
    private readonly double[][] _recentScores;            // [H][stock], 0 where none
    public int Horizon { get; }
    public double Strength { get; }

    public PlantedAlpha(int stocks, double strength, int horizon)
    {
        _stocks = stocks;
        Strength = strength;
        Horizon = horizon;
        _close = new double[stocks * Lookback];
        _volume = new double[stocks * Lookback];
        _freeTurn = new double[stocks * Lookback];
        _rows = new int[stocks];
        _recentScores = new double[horizon][];
        for (int k = 0; k < horizon; k++) _recentScores[k] = new double[stocks];
    }

    /// <summary>The log-return drift the alpha adds to stock i on day <paramref name="day"/> (uses scores of days before it only).</summary>
    public double Drift(int stock, double sigma)
    {
        double sum = 0;
        for (int k = 0; k < Horizon; k++) sum += _recentScores[k][stock];
        return Strength * sigma * sum / Horizon;
    }

    /// <summary>Adds today's row of one stock to its 30-day window.</summary>
    public void Observe(int stock, double adjClose, double volume, double freeTurnover)
    {
        int slot = stock * Lookback + _rows[stock] % Lookback;
        _close[slot] = adjClose;
        _volume[slot] = volume;
        _freeTurn[slot] = freeTurnover;
        _rows[stock]++;
    }

    /// <summary>The raw (pre-ranking) score of a stock from its window, or NaN with under 30 rows.</summary>
    public double Raw(int stock)
    {
        int rows = _rows[stock];
        if (rows < Lookback) return double.NaN;
        Span<double> c = stackalloc double[ShortWindow];
        Span<double> v = stackalloc double[ShortWindow];
        double f10 = 0, f30 = 0;
        for (int k = 0; k < Lookback; k++)
        {
            int slot = stock * Lookback + (rows - Lookback + k) % Lookback; // oldest first
            f30 += _freeTurn[slot];
            int j = k - (Lookback - ShortWindow);
            if (j < 0) continue;
            c[j] = _close[slot];
            v[j] = _volume[slot];
            f10 += _freeTurn[slot];
        }
        return RawScore(c, v, f10 / ShortWindow, f30 / Lookback);
    }

    /// <summary>The formula on one stock's last 10 closes/volumes and its 10- and 30-day mean free turnover.</summary>
    public static double RawScore(ReadOnlySpan<double> close10, ReadOnlySpan<double> volume10, double freeTurnMean10, double freeTurnMean30)
    {
        double r10 = close10[^1] / close10[0] - 1;
        double rho = RankCorrelation.Pearson(close10, volume10);
        if (double.IsNaN(rho)) rho = 0;
        double surge = freeTurnMean30 > 0 ? freeTurnMean10 / freeTurnMean30 : 1;
        return -r10 * (1 + rho) * surge;
    }

    /// <summary>
    /// Ranks today's raw scores (NaN = not eligible) into scores, remembers them for the drift of
    /// the next H days, and returns them (NaN where not eligible).
    /// </summary>
    public double[] ScoreDay(int day, ReadOnlySpan<double> raw)
    {
        var eligible = new List<int>(_stocks);
        for (int i = 0; i < raw.Length; i++)
            if (!double.IsNaN(raw[i])) eligible.Add(i);
        var values = new double[eligible.Count];
        for (int k = 0; k < values.Length; k++) values[k] = raw[eligible[k]];
        var ranked = RankCorrelation.RankStandardise(values);

        var scores = new double[_stocks];
        Array.Fill(scores, double.NaN);
        var slot = _recentScores[day % Horizon];
        Array.Clear(slot);
        for (int k = 0; k < ranked.Length; k++)
        {
            scores[eligible[k]] = ranked[k];
            slot[eligible[k]] = ranked[k];
        }
        return scores;
    }
}

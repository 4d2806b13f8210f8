namespace AlphaHost.Plugins.Operators.Tests;

/// <summary>
/// Independent float64 loops straight from the definitions in ARCHITECTURE.md, one window and one
/// row (or pair) at a time — the slow, obvious computation the batched operators must match.
/// </summary>
internal static class ReferenceOperators
{
    public static double Mean(double[] x) => x.Sum() / x.Length;

    public static bool Constant(double[] x) => x.All(v => v == x[0]);

    public static double Std(double[] x)
    {
        if (x.Length < 2 || Constant(x)) return 0;
        double m = Mean(x);
        return Math.Sqrt(x.Sum(v => (v - m) * (v - m)) / (x.Length - 1));
    }

    public static double Cov(double[] x, double[] y)
    {
        if (x.Length < 2 || Constant(x) || Constant(y)) return 0;
        double mx = Mean(x), my = Mean(y), s = 0;
        for (int k = 0; k < x.Length; k++) s += (x[k] - mx) * (y[k] - my);
        return s / (x.Length - 1);
    }

    public static double Corr(double[] x, double[] y)
    {
        if (Constant(x) || Constant(y)) return 0;
        return Cov(x, y) / (Std(x) * Std(y));
    }

    public static double Zscore(double[] x) => Std(x) == 0 ? 0 : Mean(x) / Std(x);
    public static double Return(double[] x) => x[0] == 0 ? 0 : x[^1] / x[0] - 1;

    public static double DecayLinear(double[] x)
    {
        double total = x.Length * (x.Length + 1) / 2.0, s = 0;
        for (int k = 0; k < x.Length; k++) s += (k + 1) / total * x[k];
        return s;
    }

    public static double Argmax(double[] x)
    {
        int best = 0;
        for (int k = 1; k < x.Length; k++) if (x[k] > x[best]) best = k;
        return best;
    }

    public static double Rank(double[] x)
    {
        double last = x[^1];
        double below = x.Count(v => v < last), equal = x.Count(v => v == last);
        return (below + (equal + 1) / 2) / x.Length;
    }

    /// <summary>Windows as the issue defines them: starts 0, s, 2s, …; then the leftover tail.</summary>
    public static List<(int Start, int Length)> Windows(int days, int d, int s)
    {
        var spans = new List<(int, int)>();
        int start = 0;
        for (; start + d <= days; start += s) spans.Add((start, d));
        if ((days - d) % s != 0) spans.Add((start, days - start));
        return spans;
    }

    /// <summary>The operator applied by loops to a picture [N][F][T] → [N][K][W].</summary>
    public static double[,,] Apply(string op, double[][][] x, int d, int s)
    {
        int n = x.Length, f = x[0].Length, t = x[0][0].Length;
        var spans = Windows(t, d, s);
        bool pair = op is "ts_corr" or "ts_cov";
        int k = pair ? f * (f - 1) / 2 : f;
        var result = new double[n, k, spans.Count];
        for (int i = 0; i < n; i++)
            for (int w = 0; w < spans.Count; w++)
            {
                double[] Row(int r) => x[i][r].Skip(spans[w].Start).Take(spans[w].Length).ToArray();
                int row = 0;
                if (pair)
                {
                    for (int a = 0; a < f; a++)
                        for (int b = a + 1; b < f; b++)
                            result[i, row++, w] = op == "ts_corr" ? Corr(Row(a), Row(b)) : Cov(Row(a), Row(b));
                }
                else
                {
                    for (int a = 0; a < f; a++)
                        result[i, a, w] = op switch
                        {
                            "ts_mean" => Mean(Row(a)),
                            "ts_sum" => Row(a).Sum(),
                            "ts_stddev" => Std(Row(a)),
                            "ts_zscore" => Zscore(Row(a)),
                            "ts_return" => Return(Row(a)),
                            "ts_decaylinear" => DecayLinear(Row(a)),
                            "ts_max" => Row(a).Max(),
                            "ts_min" => Row(a).Min(),
                            "ts_argmax" => Argmax(Row(a)),
                            "ts_rank" => Rank(Row(a)),
                            _ => throw new ArgumentException(op),
                        };
                }
            }
        return result;
    }
}

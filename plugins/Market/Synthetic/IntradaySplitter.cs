using AlphaHost.Sdk.Plugins;
namespace AlphaHost.Plugins.Market.Synthetic;

/// <summary>
/// Splits a day's bar into N intraday bars that agree with it: the first bar opens at the day's
/// open, the last closes at its close, bar highs/lows reach exactly the day's high/low, volumes
/// (whole lots) sum to the day's volume, and the day's amount is the sum of the bar amounts
/// (so day vwap = Σ amount / Σ volume). Each bar's vwap lies within its own low..high.
/// </summary>
public static class IntradaySplitter
{
    /// <summary>Board lot of A-shares; futures trade in single contracts (lot 1).</summary>
    public const double Lot = 100;

    /// <summary>
    /// Fills <paramref name="bars"/> (length N) and returns the day's total amount
    /// (Σ volume × vwap × <paramref name="multiplier"/>).
    /// </summary>
    public static double Split(double open, double high, double low, double close, double volume, double tick,
        Xoshiro256 rng, Span<IntradayBar> bars, double lot = Lot, double multiplier = 1)
    {
        int n = bars.Length;
        if (n == 0) throw new ArgumentException("need at least one intraday bar");

        // Price path p[0..n]: a Brownian bridge from open to close, kept inside [low, high] on the tick grid.
        Span<double> path = stackalloc double[n + 1];
        path[0] = open;
        path[n] = close;
        double step = (high - low) / Math.Sqrt(n) * 0.6;
        double walk = open;
        for (int k = 1; k < n; k++)
        {
            walk += step * rng.NextNormal();
            double bridge = walk + (close - walk) * (1.0 / (n - k + 1)); // pull towards the close
            walk = PriceRules.Clamp(bridge, low, high);
            path[k] = PriceRules.Clamp(PriceRules.RoundToTick(walk, tick), low, high);
        }

        int highBar = rng.NextInt(n), lowBar = rng.NextInt(n);
        Span<double> weights = stackalloc double[n];
        double weightSum = 0;
        for (int k = 0; k < n; k++)
        {
            double x = n == 1 ? 0 : (k - (n - 1) / 2.0) / ((n - 1) / 2.0);
            weights[k] = (1 + 1.5 * x * x) * Math.Exp(0.3 * rng.NextNormal()); // U-shaped volume profile
            weightSum += weights[k];
        }
        Span<long> lots = stackalloc long[n];
        AllocateLots((long)Math.Round(volume / lot), weights, weightSum, lots);

        double amount = 0;
        for (int k = 0; k < n; k++)
        {
            double o = path[k], c = path[k + 1];
            double h = k == highBar ? high : Math.Min(high, Math.Max(o, c));
            double l = k == lowBar ? low : Math.Max(low, Math.Min(o, c));
            double v = lots[k] * lot;
            double vwap = (o + h + l + c) / 4;
            bars[k] = new IntradayBar
            {
                Bar = k, Open = o, High = h, Low = l, Close = c, Volume = v, Vwap = vwap, Amount = v * vwap * multiplier,
            };
            amount += v * vwap * multiplier;
        }
        return amount;
    }

    /// <summary>Largest-remainder split of whole lots by weight; every bar gets a lot when there are enough.</summary>
    private static void AllocateLots(long totalLots, ReadOnlySpan<double> weights, double weightSum, Span<long> lots)
    {
        int n = lots.Length;
        long floor = totalLots >= n ? 1 : 0;
        long rest = totalLots - floor * n;
        long given = 0;
        Span<double> remainder = stackalloc double[n];
        for (int k = 0; k < n; k++)
        {
            double share = rest * weights[k] / weightSum;
            lots[k] = floor + (long)Math.Floor(share);
            remainder[k] = share - Math.Floor(share);
            given += lots[k];
        }
        for (long left = totalLots - given; left > 0; left--)
        {
            int best = 0;
            for (int k = 1; k < n; k++) if (remainder[k] > remainder[best]) best = k;
            lots[best]++;
            remainder[best] = -1;
        }
    }
}

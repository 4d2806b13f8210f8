using AlphaHost.Sdk.Plugins;
using AlphaHost.Host.Trading;

namespace AlphaHost.Host.Tests.Trading;

/// <summary>
/// A seeded random market with every rule's situation in it: limit-up and limit-down days,
/// suspensions, and one stock (the last) delisted half-way. Scores are seeded noise.
/// </summary>
public static class RandomMarket
{
    public static List<(MarketBar Bar, ScoreVector Scores)> Build(int seed, int stocks, int ticks)
    {
        var rng = new Random(seed);
        var codes = Enumerable.Range(0, stocks).Select(i => $"S{i:00}").ToArray();
        var close = codes.Select(_ => 5 + rng.NextDouble() * 45).ToArray();
        var result = new List<(MarketBar, ScoreVector)>();
        for (int t = 0; t < ticks; t++)
        {
            var rows = new List<Row>();
            for (int i = 0; i < stocks; i++)
            {
                if (i == stocks - 1 && t >= ticks / 2) continue; // delisted
                double open = Math.Round(close[i] * (1 + (rng.NextDouble() - 0.5) * 0.02), 2);
                double ret = (rng.NextDouble() - 0.5) * 0.16;
                bool up = ret > 0.07, down = ret < -0.07;
                double next = Math.Round(close[i] * (1 + Math.Clamp(ret, -0.1, 0.1)), 2);
                bool suspended = rng.NextDouble() < 0.05;
                rows.Add(new Row(codes[i], open, next, Volume: suspended ? 0 : 50_000 + rng.Next(500_000),
                    Tradable: !suspended, LimitUp: up && !suspended, LimitDown: down && !suspended,
                    Vwap: Math.Round((open + next) / 2, 3), IndexWeight: 1.0 / stocks));
                close[i] = next;
            }
            var bar = Scenario.Bar(t, rows.ToArray());
            var scores = new ScoreVector(bar.Date, bar.Codes, bar.Codes.Select(_ => rng.NextDouble()).ToArray());
            result.Add((bar, scores));
        }
        return result;
    }
}

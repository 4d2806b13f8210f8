using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Plugins.Portfolio.Tests;

/// <summary>Builds a small cross-section for builder tests: codes S0..S(n-1), everything tradable.</summary>
internal static class Inputs
{
    public static PortfolioInput Make(double[] scores, double[]? current = null, double[]? adv = null,
        bool[]? tradable = null, int tick = 0)
    {
        int n = scores.Length;
        return new PortfolioInput(
            new DateOnly(2024, 1, 2), tick,
            Enumerable.Range(0, n).Select(i => $"S{i}").ToArray(),
            scores,
            current ?? new double[n],
            Enumerable.Repeat(10.0, n).ToArray(),
            adv ?? Enumerable.Repeat(1e9, n).ToArray(),
            tradable ?? Enumerable.Repeat(true, n).ToArray(),
            new bool[n], new bool[n],
            1_000_000m);
    }
}

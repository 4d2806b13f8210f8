using AlphaHost.Plugins.Market.Synthetic;

namespace AlphaHost.Plugins.Market.Tests.Synthetic;

public class PlantedAlphaTests
{
    [Fact]
    public void RawScoreFollowsTheDocumentedFormula()
    {
        // Close rises 10 → 11 (R10 = 0.1) with volume proportional to close (corr = 1), and 10-day
        // turnover twice the 30-day mean: raw = −0.1 × (1 + 1) × 2 = −0.4.
        double[] close = Enumerable.Range(0, 10).Select(k => 10 + k / 9.0).ToArray();
        double[] volume = close.Select(c => c * 1000).ToArray();
        Assert.Equal(-0.4, PlantedAlpha.RawScore(close, volume, 0.02, 0.01), 12);
    }

    [Fact]
    public void VolumeCorrelationModulatesTheReversal()
    {
        // R10 = −0.2; volume moves opposite to close → corr = −1 → raw = 0 (reversal cancelled).
        double[] close = Enumerable.Range(0, 10).Select(k => 10 - 2 * k / 9.0).ToArray();
        double[] against = close.Select(c => 100 - c).ToArray();
        Assert.Equal(0, PlantedAlpha.RawScore(close, against, 0.01, 0.01), 12);
        // Constant volume has no correlation (0): raw = 0.2 × 1 × 1.
        Assert.Equal(0.2, PlantedAlpha.RawScore(close, Enumerable.Repeat(5.0, 10).ToArray(), 0.01, 0.01), 12);
    }

    [Fact]
    public void ScoreNeedsThirtyRowsAndDriftUsesOnlyPastScores()
    {
        var alpha = new PlantedAlpha(stocks: 2, strength: 0.5, horizon: 5);
        for (int d = 0; d < 29; d++)
        {
            alpha.Observe(0, 10 + d, 1000, 0.01);
            alpha.Observe(1, 10 - d * 0.1, 1000 + d, 0.01);
        }
        Assert.True(double.IsNaN(alpha.Raw(0)));
        alpha.Observe(0, 40, 1000, 0.01);
        alpha.Observe(1, 7, 1030, 0.01);
        Assert.False(double.IsNaN(alpha.Raw(0)));
        Assert.Equal(0, alpha.Drift(0, 0.02)); // nothing scored yet
        var scores = alpha.ScoreDay(29, [alpha.Raw(0), alpha.Raw(1)]);
        // Stock 0 rose (raw < 0), stock 1 fell (raw > 0): ranks 1, 2 → −1, +1.
        Assert.Equal(new[] { -1.0, 1.0 }, scores);
        // The next day's drift: strength × sigma × mean of the last 5 scores = 0.5 × 0.02 × (1 / 5).
        Assert.Equal(0.5 * 0.02 * 1 / 5, alpha.Drift(1, 0.02), 15);
    }
}

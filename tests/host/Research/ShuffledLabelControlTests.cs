using AlphaHost.Host.Research;

namespace AlphaHost.Host.Tests.Research;

/// <summary>
/// The control experiment: the same walk-forward pipeline with labels shuffled across each day's
/// stocks has nothing to learn, so its out-of-sample RankIC must be indistinguishable from 0
/// (|mean| below two standard errors of the daily values).
/// </summary>
[Collection("torch")]
public class ShuffledLabelControlTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("alphahost-control-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void ShuffledLabelsGiveARankIcIndistinguishableFromZero()
    {
        var path = TestMarkets.Equities(Path.Combine(dir, "m.db"), stocks: 60, days: 330, seed: 11);
        using var panel = ResearchPanel.Load(path);
        var spec = new FitSpec("mlp", "ic", TestPlugins.ForwardReturn(5), Normalization.PerStock,
            new TrainerConfig { Epochs = 3, DaysPerBatch = 8 }, ShuffleLabels: true);
        var sampler = TestPlugins.Rolling(100, 60);
        (double Mean, double StandardError) OutOfSampleRankIc(FitSpec s)
        {
            var (factor, _) = ResearchRun.WalkForward(panel, s, sampler, TestPlugins.Registry, seed: 4);
            var daily = factor.DailyForwardRankIc(panel, 5);
            Assert.True(daily.Count >= 100, $"only {daily.Count} scored days");
            double mean = daily.Average();
            return (mean, Math.Sqrt(daily.Sum(v => (v - mean) * (v - mean)) / (daily.Count - 1) / daily.Count));
        }

        var control = OutOfSampleRankIc(spec);
        Assert.True(Math.Abs(control.Mean) < 2 * control.StandardError,
            $"shuffled-label RankIC {control.Mean:F4} is {Math.Abs(control.Mean) / control.StandardError:F1} standard errors from 0");
        // The same pipeline on the true labels finds the planted alpha: the control is not blind.
        var real = OutOfSampleRankIc(spec with { ShuffleLabels = false });
        Assert.True(real.Mean > 2 * real.StandardError, $"true-label RankIC {real.Mean:F4} ± {real.StandardError:F4}");
    }
}

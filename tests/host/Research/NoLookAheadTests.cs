using AlphaHost.Host.Research;
using AlphaHost.Sdk.Data;
using TorchSharp;
using Microsoft.Data.Sqlite;

namespace AlphaHost.Host.Tests.Research;

/// <summary>
/// No look-ahead, proven by perturbing the future: every bar after day t is changed in a copy of the
/// market, and nothing dated up to t — pictures, labels already known at t, a model fitted at t and
/// its scores for t — may change. Also: the same seed gives the same fitted scores.
/// </summary>
[Collection("torch")]
public class NoLookAheadTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("alphahost-lookahead-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string Market(string name)
    {
        return TestMarkets.Equities(Path.Combine(dir, name), stocks: 40, days: 160, seed: 3);
    }

    private static void PerturbAfter(string path, DateOnly day)
    {
        using var c = new SqliteConnection($"Data Source={path}");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "UPDATE bars SET open = open * 1.5, high = high * 1.5, low = low * 1.5, close = close * 1.5, vwap = vwap * 1.5, volume = volume * 3 WHERE date > $d";
        cmd.Parameters.AddWithValue("$d", TradingCalendar.ToKey(day));
        Assert.True(cmd.ExecuteNonQuery() > 0);
    }

    private static FitSpec Spec() => new("mlp", "ic", TestPlugins.ForwardReturn(5), Normalization.PerStock,
        new TrainerConfig { Epochs = 2, DaysPerBatch = 4 });

    [Fact]
    public void AFutureBarChangesNoPictureLabelOrScoreBeforeIt()
    {
        var original = Market("a.db");
        var changed = Path.Combine(dir, "b.db");
        File.Copy(original, changed);
        using var a = ResearchPanel.Load(original);
        const int t = 120;
        PerturbAfter(changed, a.Dates[t]);
        using var b = ResearchPanel.Load(changed);
        using var scope = torch.NewDisposeScope();

        for (int d = a.Lookback - 1; d <= t; d++)
        {
            var stocks = a.EligibleStocks(d);
            Assert.Equal(stocks, b.EligibleStocks(d));
            Assert.True(Same(a.RawPictures(d, stocks), b.RawPictures(d, stocks)), $"picture of day {d} changed");
        }
        Assert.False(Same(a.RawPictures(t + 1, a.EligibleStocks(t + 1)), b.RawPictures(t + 1, b.EligibleStocks(t + 1))));

        using var fitA = new ModelFitter(Spec(), a, TestPlugins.Registry);
        using var fitB = new ModelFitter(Spec(), b, TestPlugins.Registry);
        int known = t - fitA.LabelLag; // labels of days ≤ t − lag are known at t
        var labelsA = fitA.Labels.Values.narrow(0, 0, known + 1);
        var labelsB = fitB.Labels.Values.narrow(0, 0, known + 1);
        Assert.True(Same(labelsA.nan_to_num(7), labelsB.nan_to_num(7)), "a label known at t changed");

        var sampler = TestPlugins.Sampler(TestPlugins.Rolling(60, 10));
        var split = new WalkForward(sampler, a.Dates, fitA.LabelLag).SplitAt(t)!;
        using var modelA = fitA.Fit(split, t, 0, seed: 5);
        using var modelB = fitB.Fit(split, t, 0, seed: 5);
        Assert.Equal(modelA.Score(a, t), modelB.Score(b, t));
        Assert.Contains(modelA.Score(a, t), v => !double.IsNaN(v));
    }

    [Fact]
    public void TheSameSeedGivesTheSameScores()
    {
        using var panel = ResearchPanel.Load(Market("c.db"));
        using var fitter = new ModelFitter(Spec(), panel, TestPlugins.Registry);
        var sampler = TestPlugins.Sampler(TestPlugins.Rolling(60, 10));
        var split = new WalkForward(sampler, panel.Dates, fitter.LabelLag).SplitAt(110)!;
        using var first = fitter.Fit(split, 110, 0, seed: 9);
        using var second = fitter.Fit(split, 110, 0, seed: 9);
        using var other = fitter.Fit(split, 110, 0, seed: 10);
        Assert.Equal(first.Score(panel, 112), second.Score(panel, 112));
        Assert.NotEqual(first.Score(panel, 112), other.Score(panel, 112));
    }

    // TorchSharp's equal is elementwise: same shape and every element equal.
    private static bool Same(TorchSharp.torch.Tensor x, TorchSharp.torch.Tensor y) =>
        x.shape.SequenceEqual(y.shape) && x.eq(y).all().item<bool>();
}

using System.Text.Json.Nodes;
using AlphaHost.Host.Plugins;
using AlphaHost.Host.Research;
using AlphaHost.Host.Run;

namespace AlphaHost.Host.Tests.Research;

/// <summary>A loss runs only on the kind of label it is defined on; a class label gets a class head and scores as the expected class.</summary>
[Collection("torch")]
public class LossLabelKindTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("alphahost-label-kind-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static PluginChoice Label(string transform) =>
        new("forward_return", new JsonObject { ["horizon"] = 5, ["transform"] = transform }) { Source = "run.json: key 'label'" };

    private static PluginChoice Loss(string name) => new(name) { Source = "run.json: key 'loss'" };

    [Fact]
    public void BceOnRawReturnsIsRefusedWithTheReasonAndMatchingPairsPass()
    {
        var bce = Assert.Throws<PluginLoadException>(() => ModelTraining.CheckLossFitsLabel(TestPlugins.Registry, Loss("bce"), Label("Raw")));
        Assert.StartsWith("run.json: key 'loss': loss 'bce' needs 0/1 labels, e.g. forward_return with \"transform\": \"AboveMean\", but label forward_return", bce.Message);
        Assert.Contains("gives continuous values", bce.Message);
        var wpcc = Assert.Throws<PluginLoadException>(() => ModelTraining.CheckLossFitsLabel(TestPlugins.Registry, Loss("wpcc"), Label("Bins")));
        Assert.Contains("loss 'wpcc' needs real-valued labels", wpcc.Message);
        ModelTraining.CheckLossFitsLabel(TestPlugins.Registry, Loss("bce"), Label("AboveMean"));
        ModelTraining.CheckLossFitsLabel(TestPlugins.Registry, Loss("cross_entropy"), Label("Bins"));
        ModelTraining.CheckLossFitsLabel(TestPlugins.Registry, Loss("ic"), Label("Rank"));
    }

    [Fact]
    public void AClassLabelFitsAClassHeadAndScoresTheExpectedClass()
    {
        var path = TestMarkets.Equities(Path.Combine(dir, "m.db"), stocks: 20, days: 140, seed: 8);
        using var panel = ResearchPanel.Load(path);
        var spec = new FitSpec("mlp", "cross_entropy", Label("Bins"), Normalization.PerStock, new TrainerConfig { Epochs = 1, DaysPerBatch = 8 });
        using var fitter = new ModelFitter(spec, panel, TestPlugins.Registry);
        var split = new WalkForward(TestPlugins.Sampler(TestPlugins.Rolling(60, 10)), panel.Dates, fitter.LabelLag).SplitAt(110)!;
        using var fitted = fitter.Fit(split, 110, 0, seed: 3);
        var scores = fitted.Score(panel, 111).Where(double.IsFinite).ToArray();
        Assert.NotEmpty(scores);
        // Five bins (four edges): the expected class lies strictly between 0 and 4 for softmax probabilities.
        Assert.All(scores, s => Assert.InRange(s, 0.0, 4.0));
        Assert.True(scores.Distinct().Count() > 1, "every stock got the same expected class");
    }
}

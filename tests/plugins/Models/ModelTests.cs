using AlphaHost.Plugins.Models.AlphaNet;
using AlphaHost.Sdk.Plugins;
using AlphaHost.Torch;

namespace AlphaHost.Plugins.Models.Tests;

public class ModelTests
{
    public static readonly TheoryData<string, bool, bool> Variants = new()
    {
        { "alphanet_v1", false, false }, { "alphanet_v1", true, true },
        { "alphanet_v2", false, false }, { "alphanet_v2", true, true },
        { "alphanet_v3", false, false }, { "alphanet_v3", true, true },
        { "mlp", false, false }, { "mlp", true, false },
    };

    private static IModel Built(string name, bool meanFactor, bool attention, ModelShape? shape = null, int seed = 1)
    {
        var model = ModelSet.Create(name, new ModelOptions { MeanFactor = meanFactor, Attention = attention, Seed = seed });
        model.Build(shape ?? new ModelShape(9, 30));
        return model;
    }

    [Fact]
    public void AlphaNetV1Has702FeaturesBeforeTheFullyConnectedLayerForNineByThirty()
    {
        Assert.Equal(702, AlphaNetV1.FeatureCount(9, 30));
        // 117 operator rows: 36 correlations + 36 covariances + 5 × 9 one-row statistics.
        Assert.Equal(117 * 3 + 117 * 3, AlphaNetV1.FeatureCount(9, 30));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void OutputShapesPerHead(string name, bool meanFactor, bool attention)
    {
        using var scope = torch.NewDisposeScope();
        var pictures = torch.Randn([2, 5, 9, 30]);
        var mask = torch.Ones([2, 5], ScalarType.Bool);
        using (var regression = Built(name, meanFactor, attention))
            Assert.Equal(new long[] { 2, 5 }, regression.Forward(pictures, mask).Shape);
        using (var classes = Built(name, meanFactor, attention, new ModelShape(9, 30, ModelHead.Classes, 5)))
            Assert.Equal(new long[] { 2, 5, 5 }, classes.Forward(pictures, mask).Shape);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void APaddedStockChangesNoOtherStocksOutput(string name, bool meanFactor, bool attention)
    {
        using var scope = torch.NewDisposeScope();
        using var model = Built(name, meanFactor, attention);
        torch.ManualSeed(5);
        var pictures = torch.Randn([2, 4, 9, 30]);
        var mask = torch.From(new[] { true, true, false, true, true, true, true, false }, 2, 4);
        var changed = pictures.Clone();
        using (torch.NoGrad()) changed.Select(0, 0).Select(0, 2).Fill_(1e6); // garbage in day 0's padded row
        foreach (bool training in new[] { true, false })
        {
            model.Network.Train(training);
            torch.ManualSeed(9);
            var a = model.Forward(pictures, mask);
            torch.ManualSeed(9);
            var b = model.Forward(changed, mask);
            Assert.True(a.Equal(b), $"{name}: padded stock leaked (training={training})");
            Assert.Equal(0, a.Select(0, 0).Select(0, 2).ToDouble());
        }
    }

    /// <summary>
    /// 64 samples (4 days × 16 stocks) with labels drawn independently of the pictures: no model can
    /// generalise, the best constant has MSE ≈ Var(label) ≈ 1, so a training MSE below 0.1 is only
    /// reachable by memorising the samples — the capacity check the issue asks for.
    /// </summary>
    [Theory]
    [InlineData("alphanet_v1")]
    [InlineData("alphanet_v2")]
    [InlineData("alphanet_v3")]
    [InlineData("mlp")]
    public void OverfitsSixtyFourSamples(string name)
    {
        using var scope = torch.NewDisposeScope();
        using var model = Built(name, false, false, seed: 3);
        torch.ManualSeed(4);
        var pictures = torch.Randn([4, 16, 9, 30]);
        var labels = torch.Randn([4, 16]);
        var mask = torch.Ones([4, 16], ScalarType.Bool);
        using var adam = new optim.Adam(model.Network.Parameters(), lr: 3e-3);
        model.Network.Train();
        for (int step = 0; step < 300; step++)
        {
            using var stepScope = torch.NewDisposeScope();
            adam.ZeroGrad();
            nn.functional.MseLoss(model.Forward(pictures, mask), labels).Backward();
            adam.Step();
        }
        model.Network.Eval();
        using var noGrad = torch.NoGrad();
        double variance = labels.Var().ToDouble();
        double mse = nn.functional.MseLoss(model.Forward(pictures, mask), labels).ToDouble();
        Assert.True(mse < 0.1, $"{name}: training MSE {mse:F3} (label variance {variance:F3})");
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void SavedAndLoadedModelGivesIdenticalPredictions(string name, bool meanFactor, bool attention)
    {
        using var scope = torch.NewDisposeScope();
        var path = Path.Combine(Path.GetTempPath(), $"alphahost-{Guid.NewGuid():N}.pt");
        try
        {
            using var a = Built(name, meanFactor, attention, seed: 1);
            var pictures = torch.Randn([1, 6, 9, 30]);
            var mask = torch.Ones([1, 6], ScalarType.Bool);
            a.Network.Train();
            a.Forward(pictures, mask); // moves BatchNorm statistics away from their initial values
            a.Network.Save(path);
            using var b = Built(name, meanFactor, attention, seed: 2);
            b.Network.Load(path);
            a.Network.Eval();
            b.Network.Eval();
            Assert.True(a.Forward(pictures, mask).Equal(b.Forward(pictures, mask)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void MeanFactorAppendsTheMaskedCrossSectionalMeanTimesOneHundredth()
    {
        using var scope = torch.NewDisposeScope();
        // One day, three stocks (the third padded), one feature, two days of history.
        var pictures = torch.From(new double[] { 1, 2, 3, 4, 100, 100 }, 1, 3, 1, 2);
        var mask = torch.From(new[] { true, true, false }, 1, 3);
        var joined = DayModel.WithMeanFactor(pictures, mask);
        Assert.Equal(new long[] { 1, 3, 2, 2 }, joined.Shape);
        // Means over the two real stocks: (1 + 3) / 2 = 2 and (2 + 4) / 2 = 3, × 0.01.
        Assert.Equal(new[] { 0.02, 0.03 }, joined.Select(1, 0).Select(1, 1).ToArray<double>().Select(v => Math.Round(v, 12)));
    }
}

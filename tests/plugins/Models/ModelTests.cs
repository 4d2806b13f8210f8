using AlphaHost.Plugins.Models.AlphaNet;
using AlphaHost.Sdk.Plugins;
using AlphaHost.Tests.Support;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

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
        var model = TestModels.Create(name, new ModelOptions { MeanFactor = meanFactor, Attention = attention, Seed = seed });
        model.Build(shape ?? new ModelShape(9, 30));
        return model;
    }

    // TorchSharp's equal is elementwise (PyTorch's torch.equal is one bool): same shape and every element equal.
    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    [Fact]
    public void AlphaNetV1Has702FeaturesBeforeTheFullyConnectedLayerForNineByThirty()
    {
        Assert.Equal(702, AlphaNetV1.FeatureCount(TestModels.PaperOperators(), 9, 30));
        // 117 operator rows: 36 correlations + 36 covariances + 5 × 9 one-row statistics.
        Assert.Equal(117 * 3 + 117 * 3, AlphaNetV1.FeatureCount(TestModels.PaperOperators(), 9, 30));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void OutputShapesPerHead(string name, bool meanFactor, bool attention)
    {
        using var scope = NewDisposeScope();
        var pictures = randn(2, 5, 9, 30);
        var mask = ones(2, 5, dtype: ScalarType.Bool);
        using (var regression = Built(name, meanFactor, attention))
            Assert.Equal(new long[] { 2, 5 }, regression.forward(pictures, mask).shape);
        using (var classes = Built(name, meanFactor, attention, new ModelShape(9, 30, ModelHead.Classes, 5)))
            Assert.Equal(new long[] { 2, 5, 5 }, classes.forward(pictures, mask).shape);
        // One output per horizon of a multi-horizon label (regression or binary head).
        using (var horizons = Built(name, meanFactor, attention, new ModelShape(9, 30, ModelHead.Binary, Outputs: 4)))
            Assert.Equal(new long[] { 2, 5, 4 }, horizons.forward(pictures, mask).shape);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void APaddedStockChangesNoOtherStocksOutput(string name, bool meanFactor, bool attention)
    {
        using var scope = NewDisposeScope();
        using var model = Built(name, meanFactor, attention);
        manual_seed(5);
        var pictures = randn(2, 4, 9, 30);
        var mask = tensor(new[] { true, true, false, true, true, true, true, false }, [2, 4]);
        var changed = pictures.clone();
        changed[0, 2].fill_(1e6);          // garbage in day 0's padded row
        changed[1, 3].fill_(double.NaN);   // and in day 1's
        foreach (bool training in new[] { true, false })
        {
            model.Network.train(training);
            manual_seed(9);
            var a = model.forward(pictures, mask);
            manual_seed(9);
            var b = model.forward(changed, mask);
            Assert.True(Same(a, b), $"{name}: padded stock leaked (training={training})");
            Assert.Equal(0, a[0, 2].item<float>());
            Assert.Equal(0, a[1, 3].item<float>());
        }
    }

    /// <summary>
    /// Autograd against finite differences in float64 through the whole model (operators, BatchNorm
    /// in training mode, recurrent or attention encoder, heads), for the pictures and every small
    /// parameter tensor; and the padded stock's picture gets exactly zero gradient.
    /// </summary>
    [Theory]
    [MemberData(nameof(Variants))]
    public void GradientsMatchFiniteDifferencesInFloat64AndSkipPaddedStocks(string name, bool meanFactor, bool attention)
    {
        using var scope = NewDisposeScope();
        // 3 features keep the finite differences cheap; 30 days keep v1's pooling and v3's two strides as at 9 × 30.
        using var model = Built(name, meanFactor, attention, new ModelShape(3, 30));
        model.Network.to(ScalarType.Float64).train();
        manual_seed(11);
        // Positive, price-like values keep ts_return's division well away from zero.
        var pictures = (rand(1, 4, 3, 30, dtype: ScalarType.Float64) + 1).requires_grad_();
        var mask = tensor(new[] { true, true, false, true }, [1, 4]);
        var weights = model.Network.parameters().Where(p => p.numel() <= 64).Cast<Tensor>().ToList();
        Assert.NotEmpty(weights);
        Assert.All(weights, w => Assert.Equal(ScalarType.Float64, w.dtype));
        Tensor Forward()
        {
            manual_seed(3); // the same dropout mask on every evaluation
            return model.forward(pictures, mask);
        }

        var result = GradCheck.Run(Forward, [pictures, .. weights]);
        Assert.True(result.Passed, $"{name}: {result.Worst} (max error {result.MaxAbsError:G3})");
        Assert.Equal(ScalarType.Float64, Forward().dtype);
        Assert.Equal(0, pictures.grad![0, 2].abs().max().item<double>());
        Assert.True(pictures.grad![0, 1].abs().max().item<double>() > 0, $"{name}: no gradient reached a real stock");
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
        using var model = Built(name, false, false, seed: 3);
        var (mse, variance) = Overfit.Train(model, 9, 30, lr: 3e-3, steps: 300);
        Assert.True(mse < 0.1, $"{name}: training MSE {mse:F3} (label variance {variance:F3})");
    }

    /// <summary>The host saves fitted networks with save_py (PyTorch's format); a differently seeded model loading them predicts identically.</summary>
    [Theory]
    [MemberData(nameof(Variants))]
    public void SavedAndLoadedModelGivesIdenticalPredictions(string name, bool meanFactor, bool attention)
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(Path.GetTempPath(), $"alphahost-{Guid.NewGuid():N}.pt");
        try
        {
            using var a = Built(name, meanFactor, attention, seed: 1);
            var pictures = randn(1, 6, 9, 30);
            var mask = ones(1, 6, dtype: ScalarType.Bool);
            a.Network.train();
            a.forward(pictures, mask); // moves BatchNorm statistics away from their initial values
            a.Network.save_py(path);
            using var b = Built(name, meanFactor, attention, seed: 2);
            a.Network.eval();
            b.Network.eval();
            Assert.False(Same(a.forward(pictures, mask), b.forward(pictures, mask)), $"{name}: seeds 1 and 2 built the same weights");
            b.Network.load_py(path);
            Assert.True(Same(a.forward(pictures, mask), b.forward(pictures, mask)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void TheSameSeedBuildsTheSameModelOnCpu(string name, bool meanFactor, bool attention)
    {
        using var scope = NewDisposeScope();
        manual_seed(6);
        var pictures = randn(2, 5, 9, 30);
        var mask = ones(2, 5, dtype: ScalarType.Bool);
        using var a = Built(name, meanFactor, attention, seed: 4);
        using var b = Built(name, meanFactor, attention, seed: 4);
        a.Network.eval();
        b.Network.eval();
        Assert.True(Same(a.forward(pictures, mask), b.forward(pictures, mask)));
    }

    [Fact]
    public void AModelBuiltInsideADisposeScopeOutlivesIt()
    {
        IModel model;
        using (NewDisposeScope()) model = Built("alphanet_v2", false, false);
        using (model)
        {
            using var scope = NewDisposeScope();
            model.Network.eval();
            var scores = model.forward(randn(1, 3, 9, 30), ones(1, 3, dtype: ScalarType.Bool));
            Assert.True(scores.isfinite().all().item<bool>());
            Assert.All(model.Network.state_dict().Values, t => Assert.False(t.IsInvalid));
        }
    }

    [Fact]
    public void StateDictKeysArePyTorchStyle()
    {
        using var v1 = Built("alphanet_v1", false, false);
        var keys = v1.Network.state_dict().Keys.ToHashSet();
        Assert.Superset(new HashSet<string> { "operators.norm.weight", "operators.norm.running_mean", "pool_norm.weight", "fc.weight", "out.bias" }, keys);
        using var v3 = Built("alphanet_v3", false, true);
        Assert.Contains("fine_encoder.attention.in_proj_weight", v3.Network.state_dict().Keys);
        using var v2 = Built("alphanet_v2", false, false);
        Assert.Contains("encoder.lstm.weight_hh_l0", v2.Network.state_dict().Keys);
    }

    /// <summary>
    /// No GPU here, and DayModel's nonzero and the pair operators' index_select have no meta kernels in
    /// libtorch, so a meta-device run cannot stand in: every tensor factory in these models' sources must
    /// name a device instead (a bare one would land on the CPU beside GPU inputs), and nothing goes to the CPU.
    /// </summary>
    [Fact]
    public void EveryTensorTheseModelsCreateNamesItsDevice() =>
        SourceCheck.AssertEveryFactoryNamesADevice(SourceCheck.PluginSources("Models", ["DayModel.cs", "AlphaNet", "Baselines"]));

    [Fact]
    public void MeanFactorAppendsTheMaskedCrossSectionalMeanTimesOneHundredth()
    {
        using var scope = NewDisposeScope();
        // One day, three stocks (the third padded, NaN), one feature, two days of history.
        var pictures = tensor(new double[] { 1, 2, 3, 4, double.NaN, 100 }, [1, 3, 1, 2]);
        var mask = tensor(new[] { true, true, false }, [1, 3]);
        var joined = DayModel.WithMeanFactor(pictures, mask);
        Assert.Equal(new long[] { 1, 3, 2, 2 }, joined.shape);
        // Means over the two real stocks: (1 + 3) / 2 = 2 and (2 + 4) / 2 = 3, × 0.01.
        Assert.Equal(new[] { 0.02, 0.03 }, joined[0, 1, 1].data<double>().ToArray().Select(v => Math.Round(v, 12)));
    }
}

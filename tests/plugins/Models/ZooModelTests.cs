using AlphaHost.Plugins.Models.Master;
using AlphaHost.Plugins.Models.Temporal;
using AlphaHost.Sdk.Plugins;
using AlphaHost.Torch;

namespace AlphaHost.Plugins.Models.Tests;

/// <summary>The sequence models and MASTER on tiny instances: 3 features × 6 steps, width 8.</summary>
public class ZooModelTests
{
    private const int Features = 3, Lookback = 6;

    public static readonly TheoryData<string> Zoo = new() { "gru", "lstm", "alstm", "gru_attention", "transformer", "transformer_learned", "master" };

    private static IModel Built(string name, int seed = 1, ModelShape? shape = null, double dropout = 0.1, int layers = 2)
    {
        var model = ModelSet.Create(name, new ModelOptions { Seed = seed }, new TemporalSize(Hidden: 8, Layers: layers, Heads: 2, Dropout: dropout));
        model.Build(shape ?? new ModelShape(Features, Lookback));
        return model;
    }

    [Theory]
    [MemberData(nameof(Zoo))]
    public void OutputShapesPerHead(string name)
    {
        using var scope = torch.NewDisposeScope();
        var pictures = torch.Randn([2, 5, Features, Lookback]);
        var mask = torch.Ones([2, 5], ScalarType.Bool);
        using (var regression = Built(name))
            Assert.Equal(new long[] { 2, 5 }, regression.Forward(pictures, mask).Shape);
        using (var classes = Built(name, shape: new ModelShape(Features, Lookback, ModelHead.Classes, 5)))
            Assert.Equal(new long[] { 2, 5, 5 }, classes.Forward(pictures, mask).Shape);
    }

    [Theory]
    [MemberData(nameof(Zoo))]
    public void APaddedStockChangesNoOtherStocksOutput(string name)
    {
        using var scope = torch.NewDisposeScope();
        using var model = Built(name);
        torch.ManualSeed(5);
        var pictures = torch.Randn([2, 4, Features, Lookback]);
        var mask = torch.From(new[] { true, true, false, true, true, true, true, false }, 2, 4);
        var changed = pictures.Clone();
        using (torch.NoGrad())
        {
            changed.Select(0, 0).Select(0, 2).Fill_(double.NaN);  // garbage in day 0's padded row
            changed.Select(0, 1).Select(0, 3).Fill_(1e6);         // and in day 1's
        }
        foreach (bool training in new[] { true, false })
        {
            model.Network.Train(training);
            torch.ManualSeed(9);
            var a = model.Forward(pictures, mask);
            torch.ManualSeed(9);
            var b = model.Forward(changed, mask);
            Assert.True(a.Equal(b), $"{name}: padded stock leaked (training={training})");
            Assert.Equal(0, a.Select(0, 0).Select(0, 2).ToDouble());
            Assert.False(b.IsNan().Any().ToDouble() != 0, $"{name}: NaN in a padded row reached the output");
        }
    }

    [Fact]
    public void MasterLetsRealStocksSeeEachOtherAcrossTheDay()
    {
        // The masking test above would also pass if stocks never interacted; this one shows they do.
        using var scope = torch.NewDisposeScope();
        using var model = Built("master");
        model.Network.Eval();
        torch.ManualSeed(6);
        var pictures = torch.Randn([1, 4, Features, Lookback]);
        var mask = torch.Ones([1, 4], ScalarType.Bool);
        var changed = pictures.Clone();
        using (torch.NoGrad()) changed.Select(1, 3).Add_(3.0);
        var a = model.Forward(pictures, mask).Select(1, 0).ToDouble();
        var b = model.Forward(changed, mask).Select(1, 0).ToDouble();
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void MasterScoresADayOfFiveHundredStocksWithPadding()
    {
        using var scope = torch.NewDisposeScope();
        using var model = Built("master");
        model.Network.Eval();
        torch.ManualSeed(7);
        var pictures = torch.Randn([2, 500, Features, Lookback]);
        var mask = torch.Rand([2, 500]).Gt(0.2);                  // ~400 real stocks a day, a different set each day
        var changed = torch.Where(mask.Unsqueeze(-1).Unsqueeze(-1), pictures, 1e6);
        var a = model.Forward(pictures, mask);
        var b = model.Forward(changed, mask);
        Assert.Equal(new long[] { 2, 500 }, a.Shape);
        Assert.True(a.Equal(b));
        Assert.Equal(0, a.Masked(mask.LogicalNot()).Abs().Sum().ToDouble());
        Assert.True(a.Masked(mask).Abs().Gt(0).All().ToDouble() != 0);
    }

    [Theory]
    [MemberData(nameof(Zoo))]
    public void GradientsMatchFiniteDifferencesInFloat64(string name)
    {
        using var scope = torch.NewDisposeScope();
        torch.ManualSeed(8);
        var pictures = torch.Randn([1, 3, 2, 4], ScalarType.Float64).RequiresGrad_();
        using var tiny = Built(name, layers: 1, shape: new ModelShape(2, 4));
        tiny.Network.To(ScalarType.Float64);
        tiny.Network.Eval();
        var mask = torch.From(new[] { true, false, true }, 1, 3);
        var head = tiny.Network.NamedParameters().Last(p => p.Name.EndsWith("weight")).Tensor;
        var result = Autograd.GradCheck(() => tiny.Forward(pictures, mask), [pictures, head]);
        Assert.True(result.Passed, $"{name}: {result.Worst}");
    }

    [Theory]
    [MemberData(nameof(Zoo))]
    public void SavedAndLoadedModelGivesIdenticalPredictions(string name)
    {
        using var scope = torch.NewDisposeScope();
        var path = Path.Combine(Path.GetTempPath(), $"alphahost-{Guid.NewGuid():N}.pt");
        try
        {
            using var a = Built(name, seed: 1);
            var pictures = torch.Randn([1, 6, Features, Lookback]);
            var mask = torch.From(new[] { true, true, true, false, true, true }, 1, 6);
            a.Network.Save(path);
            using var b = Built(name, seed: 2);
            a.Network.Eval();
            b.Network.Eval();
            Assert.False(a.Forward(pictures, mask).Equal(b.Forward(pictures, mask)), "different seeds should start different");
            b.Network.Load(path);
            Assert.True(a.Forward(pictures, mask).Equal(b.Forward(pictures, mask)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// 64 samples (4 days × 16 stocks) whose labels are drawn independently of the pictures: the best
    /// any generalising rule can do is the constant, MSE ≈ Var(label); below 0.1 × Var(label) the
    /// model has memorised the samples — the capacity check.
    /// </summary>
    [Theory]
    [MemberData(nameof(Zoo))]
    public void OverfitsSixtyFourSamples(string name)
    {
        using var scope = torch.NewDisposeScope();
        using var model = ModelSet.Create(name, new ModelOptions { Seed = 3 }, new TemporalSize(Hidden: 16, Layers: 1, Heads: 2, Dropout: 0));
        model.Build(new ModelShape(Features, Lookback));
        torch.ManualSeed(4);
        var pictures = torch.Randn([4, 16, Features, Lookback]);
        var labels = torch.Randn([4, 16]);
        var mask = torch.Ones([4, 16], ScalarType.Bool);
        using var adam = new optim.Adam(model.Network.Parameters(), lr: 1e-2);
        model.Network.Train();
        for (int step = 0; step < 400; step++)
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
        Assert.True(mse < 0.1 * variance, $"{name}: training MSE {mse:F4}, label variance {variance:F3}");
    }

    [Fact]
    public void SinusoidalPositionsFollowTheirDefinition()
    {
        using var scope = torch.NewDisposeScope();
        var table = PositionalEncoding.Sinusoidal(3, 4).ToArray<float>();
        // PE[t, 2i] = sin(t / 10000^(2i/d)), PE[t, 2i+1] = cos(same), d = 4.
        Assert.Equal(new[] { 0f, 1f, 0f, 1f }, table[..4]);
        Assert.Equal(Math.Sin(2), table[8], 6);
        Assert.Equal(Math.Cos(2), table[9], 6);
        Assert.Equal(Math.Sin(2 / 100.0), table[10], 6);
        Assert.Equal(Math.Cos(2 / 100.0), table[11], 6);
    }

    [Fact]
    public void MarketStateIsTheMaskedCrossSectionalMeanAndStdOfTheLatestSteps()
    {
        using var scope = torch.NewDisposeScope();
        // One day, three stocks (the last padded), one feature, three steps; the state covers the last 2.
        var pictures = torch.From(new double[] { 9, 1, 2, 9, 3, 6, 9, 100, -100 }, 1, 3, 1, 3);
        var mask = torch.From(new[] { true, true, false }, 1, 3);
        using var gate = new MarketGate(1, 3, marketSteps: 2, beta: 1);
        var state = gate.MarketState(pictures, mask).ToArray<double>();
        // step 1: values 1, 3 → mean 2, population std 1; step 2: values 2, 6 → mean 4, std 2.
        Assert.Equal(new[] { 2.0, 4.0, 1.0, 2.0 }, state.Select(v => Math.Round(v, 6)));
    }

    [Fact]
    public void GateWeightsAverageOne()
    {
        using var scope = torch.NewDisposeScope();
        torch.ManualSeed(2);
        using var gate = new MarketGate(5, 6, marketSteps: 3, beta: 0.5);
        var alpha = gate.Weights(torch.Randn([2, 7, 5, 6]), torch.Ones([2, 7], ScalarType.Bool));
        Assert.Equal(new long[] { 2, 5 }, alpha.Shape);
        Assert.True(alpha.Sum(1).AllClose(torch.Full([2], 5.0), atol: 1e-5));
    }
}

using AlphaHost.Plugins.Models.Master;
using AlphaHost.Sdk.Plugins;
using TorchSharp;
using static TorchSharp.torch;

namespace AlphaHost.Plugins.Models.Tests;

/// <summary>MASTER's gate on the note's index statistics: definition, α averaging one, no look-ahead.</summary>
public class MarketGateTests
{
    [Fact]
    public void IndexStateIsEachFeaturesIndexLevelMeanStdAndDistanceFromItsSixDayMean()
    {
        using var scope = NewDisposeScope();
        // One day, three assets (the last padded), one feature, eight steps; d = 7 leaves the first step out.
        var a = new double[] { 100, 1, 2, 3, 4, 5, 6, 7 };
        var b = new double[] { 100, 3, 4, 5, 6, 7, 8, 9 };
        var padded = new double[] { 9, 9, 9, 9, 9, 9, 9, -1e6 };
        var pictures = tensor(a.Concat(b).Concat(padded).ToArray(), [1, 3, 1, 8]);
        var mask = tensor(new[] { true, true, false }, [1, 3]);
        using var gate = new MarketGate(1, 8, marketSteps: 7, beta: 1, MarketStateKind.Index);
        var state = gate.MarketState(pictures, mask).data<double>().ToArray();
        // Index over the last 7 steps: 2, 3, 4, 5, 6, 7, 8. Latest 8; mean 5; population std √(28/7) = 2;
        // latest − mean of the last 6 (3..8, mean 5.5) = 2.5.
        Assert.Equal(new[] { 8.0, 5.0, 2.0, 2.5 }, state.Select(v => Math.Round(v, 6)));
    }

    [Theory]
    [InlineData(MarketStateKind.CrossSection)]
    [InlineData(MarketStateKind.Index)]
    public void GateOutputAveragesOneOverTheFeaturesOfEveryDay(MarketStateKind kind)
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        using var gate = new MarketGate(6, 12, marketSteps: 10, beta: 0.3, kind);
        var mask = rand(3, 9).gt(0.3);
        var alpha = gate.Weights(randn(3, 9, 6, 12) * 3, mask);
        Assert.Equal(new long[] { 3, 6 }, alpha.shape);
        Assert.True(alpha.mean([1]).allclose(ones(3), atol: 1e-5), string.Join(", ", alpha.mean([1]).data<float>().ToArray()));
        Assert.True(alpha.gt(0).all().item<bool>());
        Assert.False(alpha.allclose(ones(3, 6), atol: 1e-3));                     // it does gate: not every weight is 1
    }

    /// <summary>
    /// A day's market state is read from that day's picture only: never from another day of the same
    /// batch (a later day sitting beside it), never from steps before its d-day window, always from its last step.
    /// </summary>
    [Theory]
    [InlineData(MarketStateKind.CrossSection)]
    [InlineData(MarketStateKind.Index)]
    public void EachDaysGateReadsOnlyThatDaysPictureUpToItsLastStep(MarketStateKind kind)
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        using var gate = new MarketGate(4, 10, marketSteps: 6, beta: 1, kind);
        var days = randn(2, 5, 4, 10);
        var mask = ones(2, 5, dtype: ScalarType.Bool);
        var together = gate.Weights(days, mask);
        var alone = gate.Weights(days.narrow(0, 0, 1), mask.narrow(0, 0, 1));
        Assert.True(together[0].allclose(alone[0], atol: 1e-6));

        var laterChanged = days.clone();
        laterChanged[1] = randn(5, 4, 10) * 10;
        Assert.True(gate.Weights(laterChanged, mask)[0].allclose(together[0], atol: 1e-6));

        var oldChanged = days.clone();
        oldChanged[0, .., .., ..4] = randn(5, 4, 4) * 10;                         // steps 0..3: before the 6-step window
        Assert.True(gate.Weights(oldChanged, mask)[0].allclose(together[0], atol: 1e-6));

        var todayChanged = days.clone();
        todayChanged[0, .., .., 9] = randn(5, 4) * 10;
        Assert.False(gate.Weights(todayChanged, mask)[0].allclose(together[0], atol: 1e-4));
    }

    [Fact]
    public void MasterIndexIsMasterWithTheIndexGateWhateverItsConfigSays()
    {
        using var scope = NewDisposeScope();
        using var model = new MasterIndexModel();
        Assert.Equal("master_index", model.Info.Name);
        model.Configure(new MasterOptions { Hidden = 8, Heads = 2, Seed = 1 });
        Assert.Equal(MarketStateKind.Index, model.Options.MarketState);
        model.Build(new ModelShape(3, 30));
        var mask = tensor(new[] { true, true, false, true }, [1, 4]);
        var scores = model.forward(randn(1, 4, 3, 30), mask);
        Assert.Equal(new long[] { 1, 4 }, scores.shape);
        Assert.Equal(0f, scores[0, 2].item<float>());
        // The gate's projection reads 4 statistics per feature (index state), not 2·F·K.
        var gateWeight = model.Network.named_parameters().Single(p => p.name.EndsWith("gate.projection.weight")).parameter;
        Assert.Equal(new long[] { 3, 12 }, gateWeight.shape);
    }
}

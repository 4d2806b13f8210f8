using AlphaHost.Sdk.Plugins;
using AlphaHost.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace AlphaHost.Plugins.Labels.Tests;

public class LabelTests
{
    // Six days × three stocks of opening prices.
    private static readonly double[,] Open =
    {
        { 10, 20, 30 },
        { 11, 20, 30 },
        { 12, 21, 33 },
        { 12, 22, 36 },
        { 13, 22, 30 },
        { 15, 24, 30 },
    };

    private static LabelPanel Panel(double[,] open, bool[,]? tradable = null, bool[,]? limitUp = null)
    {
        int d = open.GetLength(0), n = open.GetLength(1);
        var o = torch.tensor(open.Cast<double>().ToArray(), [d, n]);
        var t = tradable is null ? torch.ones([d, n], ScalarType.Bool) : torch.tensor(tradable.Cast<bool>().ToArray(), [d, n]);
        var l = limitUp is null ? torch.zeros([d, n], ScalarType.Bool) : torch.tensor(limitUp.Cast<bool>().ToArray(), [d, n]);
        return new LabelPanel(o, o, o, t, l);
    }

    private static double[] Row(Tensor t, int day) => Values(t.select(0, day));

    private static double[] Values(Tensor t) => t.cpu().contiguous().data<double>().ToArray();

    private static bool[] Flags(Tensor t) => t.cpu().contiguous().data<bool>().ToArray();

    [Fact]
    public void RawForwardReturnEntersAtTheNextOpen()
    {
        using var scope = torch.NewDisposeScope();
        var label = new ForwardReturnLabel(new LabelSpec { Horizon = 2, Excess = Excess.None }).Compute(Panel(Open));
        // d = 0: open[3] / open[1] − 1 = 12/11 − 1, 22/20 − 1, 36/30 − 1.
        Assert.Equal(new[] { 12 / 11.0 - 1, 22 / 20.0 - 1, 36 / 30.0 - 1 }, Row(label.Values, 0), new Close());
        // d = 2: open[5] / open[3] − 1.
        Assert.Equal(new[] { 15 / 12.0 - 1, 24 / 22.0 - 1, 30 / 36.0 - 1 }, Row(label.Values, 2), new Close());
        // d = 3, 4, 5 need open[6..8]: unknown, masked.
        for (int d = 3; d < 6; d++) Assert.All(Flags(label.Mask.select(0, d)), Assert.False);
    }

    [Fact]
    public void StocksThatCannotBeBoughtAtEntryAreMaskedNotFaked()
    {
        using var scope = torch.NewDisposeScope();
        var tradable = new bool[6, 3];
        for (int d = 0; d < 6; d++) for (int n = 0; n < 3; n++) tradable[d, n] = true;
        tradable[1, 1] = false;        // stock 1 suspended on day 1: no entry for the label of day 0
        var limitUp = new bool[6, 3];
        limitUp[2, 2] = true;          // stock 2 opens limit-up on day 2: no entry for day 1
        var label = new ForwardReturnLabel(new LabelSpec { Horizon = 1, Excess = Excess.None }).Compute(Panel(Open, tradable, limitUp));
        Assert.Equal(new[] { true, false, true }, Flags(label.Mask.select(0, 0)));
        Assert.Equal(new[] { true, true, false }, Flags(label.Mask.select(0, 1)));
        Assert.True(double.IsNaN(Row(label.Values, 0)[1]));
    }

    [Fact]
    public void ExcessOverTheCrossSectionalMeanOfTheCountedStocks()
    {
        using var scope = torch.NewDisposeScope();
        var raw = new[] { 12 / 11.0 - 1, 22 / 20.0 - 1, 36 / 30.0 - 1 };
        double mean = raw.Average();
        var label = new ForwardReturnLabel(new LabelSpec { Horizon = 2 }).Compute(Panel(Open));
        Assert.Equal(raw.Select(r => r - mean).ToArray(), Row(label.Values, 0), new Close());
    }

    [Fact]
    public void UniformRankAveragesTies()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new double[] { 0.3, 0.1, 0.3, 0.5, 9 }, [1, 5]);
        var mask = torch.tensor(new[] { true, true, true, true, false }, [1, 5]);
        // Ranks 1..4 among four counted: 0.1 → 1, 0.3 → 2.5 (tie), 0.5 → 4; scaled (r − 1) / 3.
        var ranks = Values(CrossSection.UniformRank(x, mask));
        Assert.Equal(new[] { 0.5, 0, 0.5, 1 }, ranks[..4], new Close());
    }

    [Fact]
    public void ZScoreUsesTheSampleStd()
    {
        using var scope = torch.NewDisposeScope();
        var z = CrossSection.ZScore(torch.tensor(new double[] { 1, 2, 3, 100 }, [1, 4]), torch.tensor(new[] { true, true, true, false }, [1, 4]));
        Assert.Equal(new[] { -1.0, 0, 1 }, Values(z)[..3], new Close());
    }

    [Fact]
    public void BinsByEdges()
    {
        using var scope = torch.NewDisposeScope();
        // Next-open returns over 1 day from day 0 → 1 (entry day 1 → exit day 2): 12/11 − 1 = 9.1%, 5%, 10%.
        var open = new double[,] { { 1, 1, 1, 1 }, { 100, 100, 100, 100 }, { 96, 98, 100, 102 }, { 1, 1, 1, 1 } };
        var label = new ForwardReturnLabel(new LabelSpec { Horizon = 1, Excess = Excess.None, Transform = LabelTransform.Bins }).Compute(Panel(open));
        // −4% → 0, −2% → 1, 0% → 2, 2% → 3 (edges −3.5%, −1.5%, 1.5%, 3.5%).
        Assert.Equal(new double[] { 0, 1, 2, 3 }, Row(label.Values, 0));
    }

    [Fact]
    public void RiskAdjustedIsTheSharpeOfTheBarsAfterEntry()
    {
        using var scope = torch.NewDisposeScope();
        // 3 days, 1 stock, 2 bars a day; horizon 1 → the label of day 0 uses day 1's bars (0.01, 0.03).
        var bars = torch.tensor(new double[] { 9, 9, 0.01, 0.03, 5, 5 }, [3, 1, 2]);
        var one = torch.ones([3, 1], ScalarType.Float64);
        var panel = new LabelPanel(one, one, one, torch.ones([3, 1], ScalarType.Bool), torch.zeros([3, 1], ScalarType.Bool), IntradayReturns: bars);
        var label = new RiskAdjustedLabel(1).Compute(panel);
        double mean = 0.02, std = Math.Sqrt(2 * 0.01 * 0.01);
        Assert.Equal(mean / std, Row(label.Values, 0)[0], 10);
    }

    [Fact]
    public void NoLookAheadALabelSeesOnlyItsEntryAndExitDays()
    {
        using var scope = torch.NewDisposeScope();
        var spec = new LabelSpec { Horizon = 2, Excess = Excess.None };
        var baseline = Values(new ForwardReturnLabel(spec).Compute(Panel(Open)).Values);
        for (int changed = 0; changed < 6; changed++)
        {
            var open = (double[,])Open.Clone();
            open[changed, 0] *= 1.5;
            var values = Values(new ForwardReturnLabel(spec).Compute(Panel(open)).Values);
            for (int d = 0; d < 6; d++)
            {
                bool known = d + 3 < 6; // later labels are masked whatever the prices
                bool uses = known && (d + 1 == changed || d + 3 == changed);
                bool differs = !values[d * 3].Equals(baseline[d * 3]);
                Assert.Equal(uses, differs);
            }
        }
    }

    [Fact]
    public void DirectionIsOneWhereTheReturnIsAboveZero()
    {
        using var scope = torch.NewDisposeScope();
        // Day 0's label: open[2] / open[1] − 1 = −4%, −2%, 0%, +2%.
        var open = new double[,] { { 1, 1, 1, 1 }, { 100, 100, 100, 100 }, { 96, 98, 100, 102 }, { 1, 1, 1, 1 } };
        var label = new ForwardReturnLabel(new LabelSpec { Horizon = 1, Excess = Excess.None, Transform = LabelTransform.Direction });
        Assert.Equal(LabelKind.Binary, ((ILabel)label).Kind);
        Assert.Equal(new double[] { 0, 0, 0, 1 }, Row(label.Compute(Panel(open)).Values, 0));
    }

    [Fact]
    public void DirectionAndAboveTheMeanDifferOnRawReturns()
    {
        using var scope = torch.NewDisposeScope();
        // Returns +1%, +2%, +6%: all rose (direction 1), only the last beat the day's mean of 3%.
        var open = new double[,] { { 1, 1, 1 }, { 100, 100, 100 }, { 101, 102, 106 }, { 1, 1, 1 } };
        LabelResult With(LabelTransform t) => new ForwardReturnLabel(new LabelSpec { Horizon = 1, Excess = Excess.None, Transform = t }).Compute(Panel(open));
        Assert.Equal(new double[] { 1, 1, 1 }, Row(With(LabelTransform.Direction).Values, 0));
        Assert.Equal(new double[] { 0, 0, 1 }, Row(With(LabelTransform.AboveMean).Values, 0));
        // Over the cross-sectional mean the direction is the sign of the excess: −2%, −1%, +3%.
        var excess = new ForwardReturnLabel(new LabelSpec { Horizon = 1, Transform = LabelTransform.Direction }).Compute(Panel(open));
        Assert.Equal(new double[] { 0, 0, 1 }, Row(excess.Values, 0));
    }

    [Fact]
    public void ExcessOverTheBenchmarkSubtractsItsReturnOverTheSameDays()
    {
        using var scope = torch.NewDisposeScope();
        var p = Panel(Open);
        var bench = torch.tensor(new double[] { 100, 100, 110, 99, 100, 100 });
        var label = new ForwardReturnLabel(new LabelSpec { Horizon = 1, Excess = Excess.Benchmark }).Compute(p with { Benchmark = bench });
        // Day 0: open[2] / open[1] − 1 minus bench[2] / bench[1] − 1 = 10%; day 1: minus 99 / 110 − 1.
        Assert.Equal(new[] { 12 / 11.0 - 1 - 0.1, 21 / 20.0 - 1 - 0.1, 33 / 30.0 - 1 - 0.1 }, Row(label.Values, 0), new Close());
        Assert.Equal(new[] { 12 / 12.0 - 1 - (99 / 110.0 - 1), 22 / 21.0 - 1 - (99 / 110.0 - 1), 36 / 33.0 - 1 - (99 / 110.0 - 1) }, Row(label.Values, 1), new Close());
    }

    [Fact]
    public void SeveralHorizonsGiveOneOutputPerHorizonInOneLabel()
    {
        using var scope = torch.NewDisposeScope();
        ILabel label = new ForwardReturnLabel(new LabelSpec { Horizons = [1, 2], Excess = Excess.None });
        Assert.Equal(2, label.Horizon);                  // the longest: the walk-forward gap covers both outputs
        Assert.Equal(new[] { 1, 2 }, label.Horizons);
        var result = label.Compute(Panel(Open));
        Assert.Equal(new long[] { 6, 3, 2 }, result.Values.shape);
        // Day 0: open[2] / open[1] − 1 and open[3] / open[1] − 1.
        Assert.Equal(new[] { 12 / 11.0 - 1, 21 / 20.0 - 1, 33 / 30.0 - 1 }, Values(result.Values.select(0, 0).select(1, 0)), new Close());
        Assert.Equal(new[] { 12 / 11.0 - 1, 22 / 20.0 - 1, 36 / 30.0 - 1 }, Values(result.Values.select(0, 0).select(1, 1)), new Close());
        // A stock counts only where every horizon is known: day 3 has its 1-day label (open[5]) but not the 2-day one.
        Assert.All(Flags(result.Mask.select(0, 2)), Assert.True);
        Assert.All(Flags(result.Mask.select(0, 3)), Assert.False);
        Assert.All(Values(result.Values.select(0, 3)), v => Assert.True(double.IsNaN(v)));
    }

    [Fact]
    public void SeveralHorizonsSeeOnlyTheirEntryAndExitDays()
    {
        using var scope = torch.NewDisposeScope();
        var spec = new LabelSpec { Horizons = [1, 3], Excess = Excess.None };
        var baseline = Values(new ForwardReturnLabel(spec).Compute(Panel(Open)).Values);
        for (int changed = 0; changed < 6; changed++)
        {
            var open = (double[,])Open.Clone();
            open[changed, 0] *= 1.5;
            var values = Values(new ForwardReturnLabel(spec).Compute(Panel(open)).Values);
            for (int d = 0; d < 6; d++)
                for (int k = 0; k < 2; k++)
                {
                    int h = spec.Horizons[k], at = (d * 3 + 0) * 2 + k;
                    bool known = d + 1 + 3 < 6;  // the longest horizon decides which days count
                    bool uses = known && (d + 1 == changed || d + 1 + h == changed);
                    Assert.Equal(uses, !values[at].Equals(baseline[at]));
                }
        }
    }

    [Fact]
    public void ClassesOverSeveralHorizonsAreRefusedByName()
    {
        var errors = new LabelSpec { Horizons = [1, 5], Transform = LabelTransform.Bins }.Validate().ToList();
        Assert.Contains(errors, e => e.Key == nameof(LabelSpec.Horizons));
        Assert.Contains(new LabelSpec { Horizons = [1, 1] }.Validate(), e => e.Key == nameof(LabelSpec.Horizons));
        Assert.Empty(new LabelSpec { Horizons = [1, 3, 5, 10], Transform = LabelTransform.Direction }.Validate());
    }

    /// <summary>Every label configuration: each excess and transform over open and vwap entries, and the risk-adjusted label.</summary>
    private static IEnumerable<(string Name, ILabel Label)> AllLabels()
    {
        foreach (var entry in Enum.GetValues<EntryPrice>())
            foreach (var excess in Enum.GetValues<Excess>())
                foreach (var transform in Enum.GetValues<LabelTransform>())
                    yield return ($"{entry}/{excess}/{transform}", new ForwardReturnLabel(new LabelSpec { Horizon = 2, Entry = entry, Excess = excess, Transform = transform }));
        yield return ("risk_adjusted", new RiskAdjustedLabel(2));
    }

    /// <summary>A random panel of 8 days × 5 stocks on the device, prices in the given dtype (labels are float64 whatever it is).</summary>
    private static LabelPanel RandomPanel(Device device, ScalarType dtype)
    {
        torch.manual_seed(11);
        var price = (torch.rand([8, 5], dtype, device: device) + 10).cumsum(0);
        return new LabelPanel(price, price * 1.01, price * 0.99,
            torch.rand([8, 5], device: device).gt(0.1), torch.rand([8, 5], device: device).gt(0.9),
            Benchmark: torch.rand([8], dtype, device: device) + 100,
            IntradayReturns: torch.randn([8, 5, 4], dtype, device: device) * 0.01);
    }

    [Fact]
    public void LabelsStayOnThePanelsDeviceInFloat64()
    {
        var devices = new List<Device> { torch.CPU };
        if (torch.cuda.is_available()) devices.Add(torch.CUDA);
        foreach (var device in devices)
            foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
                foreach (var (name, label) in AllLabels())
                {
                    using var scope = torch.NewDisposeScope();
                    var panel = RandomPanel(device, dtype);
                    var result = label.Compute(panel);
                    Assert.True(device.type == result.Values.device_type, $"{name}: values on {result.Values.device}, panel on {device}");
                    Assert.Equal(device.type, result.Mask.device_type);
                    Assert.Equal(panel.Open.device_index, result.Values.device_index);
                    Assert.Equal(ScalarType.Float64, result.Values.dtype);
                    Assert.Equal(ScalarType.Bool, result.Mask.dtype);
                    Assert.Equal(new long[] { 8, 5 }, result.Values.shape);
                    Assert.Contains(true, Flags(result.Mask)); // some labels are real, not all masked
                }
    }

    // No meta-device run here (the Operators and Losses tests have one): libtorch's C++ build has no meta
    // kernel for isnan, which every label reaches right after its first shift, and cat's meta kernel does
    // not compare devices, so a CPU tensor in Shift went unnoticed there. The source check covers it.
    [Fact]
    public void EveryTensorTheLabelsCreateNamesItsDevice() =>
        SourceCheck.AssertEveryFactoryNamesADevice(SourceCheck.PluginSources(nameof(Labels)));

    private sealed class Close : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) < 1e-12;
        public int GetHashCode(double v) => 0;
    }
}

using AlphaHost.Sdk.Plugins;
using AlphaHost.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace AlphaHost.Plugins.Losses.Tests;

public class LossTests
{
    // One 5-stock day; stock 4 is masked and carries garbage (NaN label, huge prediction).
    private static readonly double[] Pred = [0.1, 0.4, -0.2, 0.3, 9.9];
    private static readonly double[] Label = [0.02, 0.05, -0.01, 0.01, double.NaN];
    private static readonly bool[] Mask = [true, true, true, true, false];
    private static readonly double[] Liquidity = [1e6, 1e8, 1e7, 1e9, 1e5];

    private static LossInput Day(double[] pred, double[] label, bool[] mask, double[]? liquidity = null) =>
        new(Row(pred), Row(label), torch.tensor(mask, [1, mask.Length]), liquidity is null ? null : Row(liquidity));

    private static Tensor Row(double[] x) => torch.tensor(x, [1, x.Length]);

    private static double[] Values(Tensor t) => t.cpu().contiguous().data<double>().ToArray();

    /// <summary>Weighted Pearson straight from the definition, over the unmasked stocks.</summary>
    private static double WeightedPearson(double[] x, double[] y, double[] w)
    {
        double sw = w.Sum();
        double mx = x.Zip(w, (a, b) => a * b).Sum() / sw, my = y.Zip(w, (a, b) => a * b).Sum() / sw;
        double cov = 0, vx = 0, vy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            cov += w[i] * (x[i] - mx) * (y[i] - my);
            vx += w[i] * (x[i] - mx) * (x[i] - mx);
            vy += w[i] * (y[i] - my) * (y[i] - my);
        }
        return cov / sw / Math.Sqrt(vx / sw * (vy / sw));
    }

    private static double Value(ILoss loss, LossInput input) => loss.Compute(input).item<double>();

    [Fact]
    public void IcOfAPerfectLinearDayIsMinusOneWhateverTheMaskedStockHolds()
    {
        using var scope = torch.NewDisposeScope();
        Assert.Equal(-1, Value(new IcLoss(), Day([1, 2, 3, 4, 1000], [2, 4, 6, 8, double.NaN], Mask)), 12);
        Assert.Equal(1, Value(new IcLoss(), Day([4, 3, 2, 1, -5], [2, 4, 6, 8, double.NaN], Mask)), 12);
    }

    [Fact]
    public void MseByHand()
    {
        using var scope = torch.NewDisposeScope();
        // errors 0, 0, 0, 2 over four counted stocks: 4 / 4 = 1.
        Assert.Equal(1, Value(new MseLoss(), Day([1, 2, 3, 4, 50], [1, 2, 3, 6, double.NaN], Mask)), 12);
    }

    [Fact]
    public void IcMatchesTheDefinition()
    {
        using var scope = torch.NewDisposeScope();
        double expected = -WeightedPearson(Pred[..4], Label[..4], [1, 1, 1, 1]);
        Assert.Equal(expected, Value(new IcLoss(), Day(Pred, Label, Mask)), 12);
    }

    [Fact]
    public void WpccWeightsTheTrueReturnRanking()
    {
        using var scope = torch.NewDisposeScope();
        // Labels descending: 0.05 (j=1), 0.02 (j=2), 0.01 (j=3), −0.01 (j=4); N − 1 = 3.
        double[] w = [Math.Pow(0.5, 1 / 3.0), 1, 0.5, Math.Pow(0.5, 2 / 3.0)];
        double expected = -WeightedPearson(Pred[..4], Label[..4], w);
        Assert.Equal(expected, Value(new WpccLoss(), Day(Pred, Label, Mask)), 12);
        var weights = Values(WpccLoss.RankWeights(Row(Label), torch.tensor(Mask, [1, 5])));
        Assert.Equal(w.Append(0), weights.Select(v => Math.Round(v, 12)), new RoundedComparer());
    }

    [Fact]
    public void LiqWpccWeightsByLiquidityAndReturn()
    {
        using var scope = torch.NewDisposeScope();
        // log10 liquidity of the counted stocks: 6, 8, 7, 9 → min-max l = 0, 2/3, 1/3, 1.
        double[] l = [0, 2 / 3.0, 1 / 3.0, 1];
        double[] w = l.Select((li, i) => 0.5 + 0.5 / (1 + Math.Exp(-40 * li * Label[i]))).ToArray();
        double expected = -WeightedPearson(Pred[..4], Label[..4], w);
        Assert.Equal(expected, Value(new LiqWpccLoss(), Day(Pred, Label, Mask, Liquidity)), 12);
    }

    [Fact]
    public void RankIcUsesTheLabelRanks()
    {
        using var scope = torch.NewDisposeScope();
        // Label ranks (ascending, 0-based) of 0.02, 0.05, −0.01, 0.01: 2, 3, 0, 1.
        double expected = -WeightedPearson(Pred[..4], [2, 3, 0, 1], [1, 1, 1, 1]);
        Assert.Equal(expected, Value(new RankIcLoss(), Day(Pred, Label, Mask)), 12);
    }

    [Fact]
    public void BceByHand()
    {
        using var scope = torch.NewDisposeScope();
        // logits 0 → p = ½: each term ln 2; logit ln 3 with label 1: −ln(3/4).
        double expected = (Math.Log(2) * 3 - Math.Log(0.75)) / 4;
        Assert.Equal(expected, Value(new BceLoss(), Day([0, 0, 0, Math.Log(3), 7], [1, 0, 1, 1, double.NaN], Mask)), 12);
    }

    [Fact]
    public void CrossEntropyByHand()
    {
        using var scope = torch.NewDisposeScope();
        // Two stocks, three classes; uniform logits give ln 3; logits (ln 4, 0, 0) with class 0 give −ln(4/6).
        var logits = torch.tensor(new double[] { 0, 0, 0, Math.Log(4), 0, 0, 5, 5, 5 }, [1, 3, 3]);
        var input = new LossInput(logits, torch.tensor(new double[] { 2, 0, double.NaN }, [1, 3]), torch.tensor(new[] { true, true, false }, [1, 3]));
        Assert.Equal((Math.Log(3) - Math.Log(4.0 / 6)) / 2, Value(new CrossEntropyLoss(), input), 12);
    }

    [Fact]
    public void LossesAverageOverDays()
    {
        using var scope = torch.NewDisposeScope();
        // Day 1: IC = 1; day 2: IC = −1; day 3 has one stock only and does not count.
        var pred = torch.tensor(new double[] { 1, 2, 3, 1, 2, 3, 5, 0, 0 }, [3, 3]);
        var label = torch.tensor(new double[] { 1, 2, 3, 3, 2, 1, 1, 0, 0 }, [3, 3]);
        var mask = torch.tensor(new[] { true, true, true, true, true, true, true, false, false }, [3, 3]);
        Assert.Equal(0, Value(new IcLoss(), new LossInput(pred, label, mask)), 12);
        var mse = Value(new MseLoss(), new LossInput(pred, label, mask));
        Assert.Equal((0 + 8 / 3.0 + 16) / 3, mse, 12);
    }

    public static readonly TheoryData<string> Correlations = new() { "ic", "rank_ic", "wpcc", "liq_wpcc", "mse", "bce" };

    [Theory]
    [MemberData(nameof(Correlations))]
    public void GradientsFlowToThePredictionsAndNotToMaskedStocks(string name)
    {
        using var scope = torch.NewDisposeScope();
        var loss = ByName(name);
        var pred = Row(Pred).requires_grad_();
        var labels = name == "bce" ? Row([1, 0, 1, 0, double.NaN]) : Row(Label);
        var input = new LossInput(pred, labels, torch.tensor(Mask, [1, 5]), Row(Liquidity));
        var check = GradCheck.Run(() => loss.Compute(input), [pred]);
        Assert.True(check.Passed, check.Worst);
        pred.grad!.zero_(); // gradcheck left its own backward's gradient there
        loss.Compute(input).backward();
        var grad = Values(pred.grad!);
        Assert.Equal(0, grad[4]);
        Assert.Contains(grad[..4], g => Math.Abs(g) > 1e-6);
    }

    public static readonly TheoryData<string> AllLosses = new() { "mse", "ic", "rank_ic", "wpcc", "liq_wpcc", "bce", "cross_entropy" };

    /// <summary>A loss of this plugin by its name, found by type as a plugin loader finds it (not from a name table).</summary>
    private static ILoss ByName(string name) => typeof(IcLoss).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(ILoss).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
        .Select(t => (ILoss)Activator.CreateInstance(t)!)
        .Single(l => l.Info.Name == name);

    [Fact]
    public void ThePluginDefinesExactlyTheListedLosses() =>
        Assert.Equal(((IEnumerable<object[]>)AllLosses).Select(row => (string)row[0]).Order(), typeof(IcLoss).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(ILoss).IsAssignableFrom(t)).Select(t => ((ILoss)Activator.CreateInstance(t)!).Info.Name).Order());

    private static IEnumerable<Device> Devices()
    {
        yield return torch.CPU;
        if (torch.cuda.is_available()) yield return torch.CUDA;
    }

    private static LossInput RandomInput(string name, ScalarType dtype, Device device)
    {
        torch.manual_seed(4);
        var pred = (name == "cross_entropy" ? torch.randn([3, 6, 5], dtype, device: device) : torch.randn([3, 6], dtype, device: device)).requires_grad_();
        var labels = name switch
        {
            "bce" => torch.randint(0, 2, [3, 6], device: device).to(dtype),
            "cross_entropy" => torch.randint(0, 5, [3, 6], device: device).to(dtype),
            _ => torch.randn([3, 6], dtype, device: device),
        };
        var mask = torch.rand([3, 6], device: device).gt(0.2);
        var liquidity = torch.rand([3, 6], dtype, device: device) * 1e8;
        return new LossInput(pred, labels, mask, liquidity);
    }

    [Theory]
    [MemberData(nameof(AllLosses))]
    public void LossAndGradientStayOnTheInputsDevice(string name)
    {
        foreach (var device in Devices())
            foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
            {
                using var scope = torch.NewDisposeScope();
                var input = RandomInput(name, dtype, device);
                var loss = ByName(name).Compute(input);
                Assert.Equal(device.type, loss.device_type);
                Assert.Equal(input.Predictions.device_index, loss.device_index);
                Assert.Equal(dtype, loss.dtype);
                Assert.Equal(0, loss.dim());
                Assert.False(double.IsNaN(loss.to(ScalarType.Float64).cpu().item<double>())); // item<T> must match the dtype
                loss.backward();
                Assert.Equal(device.type, input.Predictions.grad!.device_type);
            }
    }

    /// <summary>
    /// On PyTorch's "meta" device (shapes, no data) a tensor a loss makes on the CPU and combines element-wise
    /// with the meta inputs fails "expected all tensors to be on the same device", as it would on a GPU
    /// (a CPU tensor made outside device: in RankWeights fails here). Limits: libtorch's C++ build lacks
    /// meta kernels for nan_to_num and log_sigmoid (PyTorch adds them in Python), which every loss reaches
    /// in its last steps, so the run is checked up to there; and scatter's meta kernel does not compare
    /// devices. The source check below covers what this misses.
    /// </summary>
    [Theory]
    [MemberData(nameof(AllLosses))]
    public void NoTensorMadeOnTheCpuMeetsMetaInputs(string name)
    {
        using var scope = torch.NewDisposeScope();
        var input = RandomInput(name, ScalarType.Float32, torch.device("meta"));
        try
        {
            var loss = ByName(name).Compute(input);
            Assert.Equal(DeviceType.META, loss.device_type);
        }
        catch (System.Runtime.InteropServices.ExternalException e) when (e.Message.Contains("no fake impl or Meta kernel registered"))
        {
            Assert.Matches("aten::(nan_to_num|log_sigmoid_forward)", e.Message); // a missing kernel we know of, reached only at the end
        }
    }

    [Fact]
    public void EveryTensorTheLossesCreateNamesItsDevice() =>
        SourceCheck.AssertEveryFactoryNamesADevice(SourceCheck.PluginSources(nameof(Losses)));

    private sealed class RoundedComparer : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) < 1e-10;
        public int GetHashCode(double v) => 0;
    }
}

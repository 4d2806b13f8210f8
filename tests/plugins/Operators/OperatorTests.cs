using AlphaHost.Sdk.Plugins;
using AlphaHost.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace AlphaHost.Plugins.Operators.Tests;

public class OperatorTests
{
    public static readonly TheoryData<string> AllOperators = new(TheOperators.All.Select(o => o.OperatorName));

    /// <summary>A small random picture with planted special cases: a constant row, a row starting at 0, ties.</summary>
    private static double[][][] Picture(int n, int f, int t, int seed)
    {
        var rng = new Random(seed);
        var x = new double[n][][];
        for (int i = 0; i < n; i++)
        {
            x[i] = new double[f][];
            for (int r = 0; r < f; r++) x[i][r] = Enumerable.Range(0, t).Select(_ => Math.Round(rng.NextDouble() * 4 - 1, 2)).ToArray();
        }
        Array.Fill(x[0][1], 3.5);           // zero variance everywhere
        x[1][2][0] = 0;                     // ts_return's zero denominator (first window)
        for (int k = 0; k < t; k++) x[1][0][k] = k % 3; // ties for rank and argmax
        return x;
    }

    private static Tensor ToTensor(double[][][] x) =>
        torch.tensor(x.SelectMany(a => a.SelectMany(b => b)).ToArray(), [x.Length, x[0].Length, x[0][0].Length]);

    private static double[] Values(Tensor t) => t.cpu().contiguous().data<double>().ToArray();

    [Theory]
    [MemberData(nameof(AllOperators))]
    public void MatchesTheLoopDefinitionWithFullAndPartialWindows(string op)
    {
        // T = 11, d = 4, s = 3: windows [0,4) [3,7) [6,10) and the tail [9,11) of 2 days.
        // T = 11, d = 3, s = 3: windows [0,3) [3,6) [6,9) and the tail [9,11).
        // T = 11, d = 1, s = 1: eleven one-day windows (n − 1 = 0: statistics are 0).
        foreach (var (d, s) in new[] { (4, 3), (3, 3), (1, 1), (11, 5) })
        {
            using var scope = torch.NewDisposeScope();
            var x = Picture(3, 4, 11, seed: d * 10 + s);
            var expected = ReferenceOperators.Apply(op, x, d, s);
            var actual = TheOperators.ByName(op).forward(ToTensor(x), d, s);
            Assert.Equal(new long[] { expected.GetLength(0), expected.GetLength(1), expected.GetLength(2) }, actual.shape);
            var values = Values(actual);
            int index = 0;
            foreach (var e in expected)
            {
                double a = values[index++];
                Assert.False(double.IsNaN(a) || double.IsInfinity(a), $"{op} d={d} s={s}: non-finite output at {index - 1}");
                Assert.True(Math.Abs(a - e) <= 1e-9 * (1 + Math.Abs(e)), $"{op} d={d} s={s} element {index - 1}: {a} != {e}");
            }
        }
    }

    [Fact]
    public void WindowPlanFollowsTheStrideAndAddsTheTail()
    {
        Assert.Equal([(0, 10), (10, 10), (20, 10)], WindowPlan.For(30, 10, 10).Spans());
        Assert.Equal(10, WindowPlan.For(30, 3, 3).Count);
        // (30 − 4) % 4 = 2: seven windows of 4, then [28, 30).
        var plan = WindowPlan.For(30, 4, 4);
        Assert.Equal(8, plan.Count);
        Assert.Equal((28, 2), plan.Spans().Last());
        Assert.Throws<ArgumentException>(() => WindowPlan.For(5, 6, 1));
    }

    [Fact]
    public void CorrelationOfKnownSeries()
    {
        using var scope = torch.NewDisposeScope();
        // Rows: x, 2x + 1 (corr 1), −x (corr −1 with x), and constant (corr 0).
        double[] x = [1, 2, 4, 8];
        var picture = torch.tensor(x.Concat(x.Select(v => 2 * v + 1)).Concat(x.Select(v => -v)).Concat([5, 5, 5, 5]).ToArray(), [1, 4, 4]);
        var corr = Values(new TsCorr().forward(picture, 4, 4));
        // pairs: (0,1) (0,2) (0,3) (1,2) (1,3) (2,3)
        Assert.Equal(new double[] { 1, -1, 0, -1, 0, 0 }, corr.Select(v => Math.Round(v, 12)));
        // Sample covariance of x with itself scaled: cov(x, 2x+1) = 2·var(x); var(x) = 9.5833…
        var cov = Values(new TsCov().forward(picture, 4, 4));
        double mean = 3.75, variance = x.Sum(v => (v - mean) * (v - mean)) / 3;
        Assert.Equal(2 * variance, cov[0], 10);
    }

    [Theory]
    [MemberData(nameof(AllOperators))]
    public void GradientsMatchFiniteDifferences(string op)
    {
        if (op is "ts_argmax" or "ts_rank") return; // piecewise constant: no gradient by definition
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(3);
        // Distinct values (no ties at max/min) keep every operator differentiable at the test point.
        var x = torch.randn([2, 3, 7], ScalarType.Float64).requires_grad_();
        var result = GradCheck.Run(() => TheOperators.ByName(op).forward(x, 3, 2), [x]);
        Assert.True(result.Passed, $"{op}: {result.Worst}");
    }

    [Fact]
    public void ZeroVarianceGivesZeroGradientNotNaN()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.full([1, 2, 4], 2.0, ScalarType.Float64).requires_grad_();
        var y = torch.cat([new TsZscore().forward(x, 4, 4), new TsCorr().forward(x, 4, 4), new TsStddev().forward(x, 4, 4)], 1);
        y.sum().backward();
        Assert.All(Values(x.grad!), g => Assert.False(double.IsNaN(g)));
    }

    [Fact]
    public void ThePluginDefinesTheTwelveOperators()
    {
        Assert.Equal(["ts_argmax", "ts_corr", "ts_cov", "ts_decaylinear", "ts_max", "ts_mean", "ts_min", "ts_rank", "ts_return", "ts_stddev", "ts_sum", "ts_zscore"],
            TheOperators.All.Select(o => o.OperatorName));
    }

    /// <summary>An operator of another plugin: it cannot share the window statistics, so the group falls back to one by one.</summary>
    private sealed class Doubled : IOperatorLayer
    {
        public string OperatorName => "doubled_last";
        public PluginInfo Info => new(OperatorName, "1.0.0", PluginFamily.Operator, "2 × the window's last value", []);
        public int OutputRows(int features) => features;
        public Tensor forward(Tensor pictures, int window, int stride) => TheOperators.ByName("ts_mean").forward(pictures, 1, 1).narrow(2, window - 1, 1) * 2;
    }

    [Fact]
    public void AMixedGroupFallsBackToOneByOneInOrder()
    {
        using var scope = torch.NewDisposeScope();
        var x = ToTensor(Picture(3, 4, 10, seed: 2));
        IOperatorLayer[] mixed = [TheOperators.ByName("ts_corr"), new Doubled(), TheOperators.ByName("ts_mean")];
        var y = OperatorLayers.Apply(mixed, x, 10, 10);
        Assert.Equal(new long[] { 3, 6 + 4 + 4, 1 }, y.shape);
        Assert.Equal(Values(TheOperators.ByName("ts_corr").forward(x, 10, 10)), Values(y.narrow(1, 0, 6)));
        // Row r of the doubled block is 2 × x[:, r, 9] (the window's last day), by definition.
        Assert.Equal(Values(x.select(2, 9) * 2), Values(y.narrow(1, 6, 4).squeeze(2)));
        Assert.Equal(Values(TheOperators.ByName("ts_mean").forward(x, 10, 10)), Values(y.narrow(1, 10, 4)));
    }

    [Fact]
    public void AlphaNetSevenGive117RowsForNineFeatures()
    {
        Assert.Equal(36 + 36 + 9 * 5, TheOperators.OutputRows(TheOperators.AlphaNet, 9));
        using var scope = torch.NewDisposeScope();
        var y = TheOperators.Apply(TheOperators.AlphaNet, torch.randn([5, 9, 30]), 10, 10);
        Assert.Equal(new long[] { 5, 117, 3 }, y.shape);
    }

    [Fact]
    public void OperatorsAppliedTogetherEqualEachAppliedAlone()
    {
        // Applied together they share the window statistics; the result must be each one's own, stacked in order.
        using var scope = torch.NewDisposeScope();
        var x = ToTensor(Picture(3, 4, 11, seed: 5));
        var names = TheOperators.All.Select(o => o.OperatorName).ToArray();
        foreach (var (d, s) in new[] { (4, 3), (3, 3), (1, 1) })
        {
            var together = TheOperators.Apply(names, x, d, s);
            var alone = torch.cat(names.Select(n => TheOperators.ByName(n).forward(x, d, s)).ToArray(), 1);
            Assert.Equal(alone.shape, together.shape);
            Assert.Equal(Values(alone), Values(together));
        }
    }

    /// <summary>
    /// The devices reachable here: the CPU, CUDA where present, and PyTorch's "meta" device (shapes, no
    /// data). A tensor made on the CPU inside forward meets the meta input in some kernel and fails
    /// "expected all tensors to be on the same device" — as it would on a GPU — so the meta run catches
    /// a silent CPU fallback on a machine without one.
    /// </summary>
    internal static IEnumerable<Device> Devices()
    {
        yield return torch.CPU;
        if (torch.cuda.is_available()) yield return torch.CUDA;
        yield return torch.device("meta");
    }

    /// <summary>
    /// libtorch (C++) has no meta kernel for index_select, which the pair operators' row-pair lookup
    /// uses (PyTorch supplies one in Python only), so they skip the meta run; the index tensors they
    /// build are covered by <see cref="EveryTensorTheOperatorsCreateNamesItsDevice"/> and, on a GPU, by the CUDA run.
    /// </summary>
    private static bool RunsOn(Device device, string op) => device.type != DeviceType.META || op is not ("ts_corr" or "ts_cov");

    [Theory]
    [MemberData(nameof(AllOperators))]
    public void ResultsStayOnTheInputsDeviceAndDtype(string op)
    {
        int runs = 0;
        foreach (var device in Devices().Where(d => RunsOn(d, op)))
            foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
            {
                using var scope = torch.NewDisposeScope();
                var x = torch.randn([3, 4, 11], dtype, device: device);
                foreach (var (d, s) in new[] { (4, 3), (3, 3), (1, 1) }) // full windows and a tail, one-day windows
                {
                    var y = TheOperators.ByName(op).forward(x, d, s);
                    Assert.Equal(x.device_type, y.device_type);
                    Assert.Equal(x.device_index, y.device_index);
                    Assert.Equal(dtype, y.dtype);
                    Assert.Equal(new long[] { 3, TheOperators.ByName(op).OutputRows(4), WindowPlan.For(11, d, s).Count }, y.shape);
                    runs++;
                }
            }
        Assert.True(runs >= (RunsOn(torch.device("meta"), op) ? 12 : 6)); // the meta run was not skipped where it applies
    }

    [Fact]
    public void OperatorsAppliedTogetherStayOnTheInputsDevice()
    {
        var names = TheOperators.All.Select(o => o.OperatorName).ToArray();
        var oneRow = names.Where(n => RunsOn(torch.device("meta"), n)).ToArray();
        foreach (var device in Devices())
        {
            using var scope = torch.NewDisposeScope();
            var x = torch.randn([3, 4, 11], ScalarType.Float64, device: device);
            var y = TheOperators.Apply(device.type == DeviceType.META ? oneRow : names, x, 4, 3);
            Assert.Equal(x.device_type, y.device_type);
            Assert.Equal(x.device_index, y.device_index);
        }
    }

    [Fact]
    public void OnCudaTheOperatorsGiveTheCpuNumbers()
    {
        if (!torch.cuda.is_available()) return; // no GPU here: the meta device above stands in for the device check
        using var scope = torch.NewDisposeScope();
        var x = ToTensor(Picture(3, 4, 11, seed: 9));
        var names = TheOperators.All.Select(o => o.OperatorName).ToArray();
        var cpu = Values(TheOperators.Apply(names, x, 4, 3));
        var cuda = Values(TheOperators.Apply(names, x.cuda(), 4, 3));
        Assert.All(cpu.Zip(cuda), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-9 * (1 + Math.Abs(p.First)), $"{p.First} != {p.Second}"));
    }

    [Fact]
    public void EveryTensorTheOperatorsCreateNamesItsDevice() =>
        SourceCheck.AssertEveryFactoryNamesADevice(SourceCheck.PluginSources(nameof(Operators)));
}

using AlphaHost.Torch;

namespace AlphaHost.Plugins.Operators.Tests;

public class OperatorTests
{
    public static readonly TheoryData<string> AllOperators = new(OperatorSet.All.Select(o => o.OperatorName));

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
        torch.From(x.SelectMany(a => a.SelectMany(b => b)).ToArray(), x.Length, x[0].Length, x[0][0].Length);

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
            var actual = OperatorSet.ByName(op).Forward(ToTensor(x), d, s);
            Assert.Equal(new long[] { expected.GetLength(0), expected.GetLength(1), expected.GetLength(2) }, actual.Shape);
            var values = actual.ToArray<double>();
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
        var picture = torch.From(x.Concat(x.Select(v => 2 * v + 1)).Concat(x.Select(v => -v)).Concat([5, 5, 5, 5]).ToArray(), 1, 4, 4);
        var corr = new TsCorr().Forward(picture, 4, 4).ToArray<double>();
        // pairs: (0,1) (0,2) (0,3) (1,2) (1,3) (2,3)
        Assert.Equal(new double[] { 1, -1, 0, -1, 0, 0 }, corr.Select(v => Math.Round(v, 12)));
        // Sample covariance of x with itself scaled: cov(x, 2x+1) = 2·var(x); var(x) = 9.5833…
        var cov = new TsCov().Forward(picture, 4, 4).ToArray<double>();
        double mean = 3.75, variance = x.Sum(v => (v - mean) * (v - mean)) / 3;
        Assert.Equal(2 * variance, cov[0], 10);
    }

    [Theory]
    [MemberData(nameof(AllOperators))]
    public void GradientsMatchFiniteDifferences(string op)
    {
        if (op is "ts_argmax" or "ts_rank") return; // piecewise constant: no gradient by definition
        using var scope = torch.NewDisposeScope();
        torch.ManualSeed(3);
        // Distinct values (no ties at max/min) keep every operator differentiable at the test point.
        var x = torch.Randn([2, 3, 7], ScalarType.Float64).RequiresGrad_();
        var result = Autograd.GradCheck(() => OperatorSet.ByName(op).Forward(x, 3, 2), [x]);
        Assert.True(result.Passed, $"{op}: {result.Worst}");
    }

    [Fact]
    public void ZeroVarianceGivesZeroGradientNotNaN()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.Full([1, 2, 4], 2.0, ScalarType.Float64).RequiresGrad_();
        var y = torch.Cat([new TsZscore().Forward(x, 4, 4), new TsCorr().Forward(x, 4, 4), new TsStddev().Forward(x, 4, 4)], 1);
        y.Sum().Backward();
        Assert.All(x.Grad!.ToArray<double>(), g => Assert.False(double.IsNaN(g)));
    }

    [Fact]
    public void AlphaNetSevenGive117RowsForNineFeatures()
    {
        Assert.Equal(36 + 36 + 9 * 5, OperatorSet.OutputRows(OperatorSet.AlphaNet, 9));
        using var scope = torch.NewDisposeScope();
        var y = OperatorSet.Apply(OperatorSet.AlphaNet, torch.Randn([5, 9, 30]), 10, 10);
        Assert.Equal(new long[] { 5, 117, 3 }, y.Shape);
    }

    [Fact]
    public void OperatorsAppliedTogetherEqualEachAppliedAlone()
    {
        // Applied together they share the window statistics; the result must be each one's own, stacked in order.
        using var scope = torch.NewDisposeScope();
        var x = ToTensor(Picture(3, 4, 11, seed: 5));
        var names = OperatorSet.All.Select(o => o.OperatorName).ToArray();
        foreach (var (d, s) in new[] { (4, 3), (3, 3), (1, 1) })
        {
            var together = OperatorSet.Apply(names, x, d, s);
            var alone = torch.Cat(names.Select(n => OperatorSet.ByName(n).Forward(x, d, s)).ToArray(), 1);
            Assert.Equal(alone.Shape, together.Shape);
            Assert.Equal(alone.ToArray<double>(), together.ToArray<double>());
        }
    }
}

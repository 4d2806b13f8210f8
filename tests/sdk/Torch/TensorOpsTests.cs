using AlphaHost.Torch;

namespace AlphaHost.Sdk.Tests.Torch;

using static AlphaHost.Torch.torch;

public class TensorOpsTests
{
    private static Tensor T(double[] v, params long[] shape) => From(v, shape);

    [Fact]
    public void ArithmeticMatchesHandComputedValues()
    {
        using var scope = NewDisposeScope();
        var a = T([1, 2, 3, 4], 2, 2);
        var b = T([10, 20, 30, 40], 2, 2);
        Assert.Equal(new double[] { 11, 22, 33, 44 }, (a + b).ToArray<double>());
        Assert.Equal(new double[] { 9, 18, 27, 36 }, (b - a).ToArray<double>());
        Assert.Equal(new double[] { 10, 40, 90, 160 }, (a * b).ToArray<double>());
        Assert.Equal(new double[] { 10, 10, 10, 10 }, (b / a).ToArray<double>());
        Assert.Equal(new double[] { 0, -1, -2, -3 }, (1.0 - a).ToArray<double>());
        Assert.Equal(new double[] { 1, 0.5, 1.0 / 3, 0.25 }, (1.0 / a).ToArray<double>());
        Assert.Equal(new double[] { -1, -2, -3, -4 }, (-a).ToArray<double>());
        // [[1,2],[3,4]] @ [[10,20],[30,40]] = [[70,100],[150,220]]
        Assert.Equal(new double[] { 70, 100, 150, 220 }, a.Matmul(b).ToArray<double>());
    }

    [Fact]
    public void ReductionsMatchDefinitions()
    {
        using var scope = NewDisposeScope();
        var x = T([1, 2, 3, 4, 5, 6], 2, 3);
        Assert.Equal(21, x.Sum().Item<double>());
        Assert.Equal(new double[] { 6, 15 }, x.Sum(1).ToArray<double>());
        Assert.Equal(new long[] { 2, 1 }, x.Sum(1, keepdim: true).Shape);
        Assert.Equal(new double[] { 2.5, 3.5, 4.5 }, x.Mean(0).ToArray<double>());
        // Sample std of {1,2,3}: sqrt(((1-2)^2 + 0 + (3-2)^2) / 2) = 1; population: sqrt(2/3).
        Assert.Equal(new double[] { 1, 1 }, x.Std(1).ToArray<double>());
        Assert.Equal(Math.Sqrt(2.0 / 3), x.Std(1, unbiased: false).ToArray<double>()[0], 12);
        var (values, indices) = x.Max(1);
        Assert.Equal(new double[] { 3, 6 }, values.ToArray<double>());
        Assert.Equal(new long[] { 2, 2 }, indices.ToArray<long>());
    }

    [Fact]
    public void SoftmaxAndSigmoidMatchFormulas()
    {
        using var scope = NewDisposeScope();
        var x = T([0, Math.Log(3)], 2);
        // softmax([0, ln 3]) = [1/4, 3/4]
        var s = x.Softmax(0).ToArray<double>();
        Assert.Equal(0.25, s[0], 12);
        Assert.Equal(0.75, s[1], 12);
        var sig = T([0, Math.Log(3)], 2).Sigmoid().ToArray<double>();
        Assert.Equal(0.5, sig[0], 12);
        Assert.Equal(0.75, sig[1], 12);
    }

    [Fact]
    public void ShapeOpsAndIndexing()
    {
        using var scope = NewDisposeScope();
        var x = Arange(6, ScalarType.Float64).Reshape(2, 3); // [[0,1,2],[3,4,5]]
        Assert.Equal(new double[] { 0, 3, 1, 4, 2, 5 }, x.Permute(1, 0).Contiguous().ToArray<double>());
        Assert.Equal(new long[] { 3, 2 }, x.T().Shape);
        Assert.Equal(new double[] { 3, 4, 5 }, x.Select(0, 1).ToArray<double>());
        Assert.Equal(new double[] { 1, 2, 4, 5 }, x.Narrow(1, 1, 2).ToArray<double>());
        // Unfold along dim 1, size 2, step 1: windows [0,1],[1,2] and [3,4],[4,5].
        var u = x.Unfold(1, 2, 1);
        Assert.Equal(new long[] { 2, 2, 2 }, u.Shape);
        Assert.Equal(new double[] { 0, 1, 1, 2, 3, 4, 4, 5 }, u.Contiguous().ToArray<double>());
        var rows = From(new long[] { 1, 0 });
        Assert.Equal(new double[] { 3, 4, 5, 0, 1, 2 }, x.Index(rows).ToArray<double>());
        var idx = From(new long[] { 2, 0, 1, 1 }, 2, 2);
        Assert.Equal(new double[] { 2, 0, 4, 4 }, x.Gather(1, idx).ToArray<double>());
        Assert.Equal(new double[] { 0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5 }, Cat([x, x], 0).ToArray<double>());
        Assert.Equal(new long[] { 2, 2, 3 }, Stack([x, x]).Shape);
        var mask = x.Gt(2.5);
        Assert.Equal(new double[] { 3, 4, 5 }, x.Masked(mask).ToArray<double>());
        Assert.Equal(new double[] { -1, -1, -1, 3, 4, 5 }, Where(mask, x, -1.0).ToArray<double>());
    }

    [Fact]
    public void SortAndArgsortAreStableAndDescendingOnRequest()
    {
        using var scope = NewDisposeScope();
        var x = T([3, 1, 2, 1], 4);
        var (v, i) = x.Sort();
        Assert.Equal(new double[] { 1, 1, 2, 3 }, v.ToArray<double>());
        Assert.Equal(new long[] { 1, 3, 2, 0 }, i.ToArray<long>());
        Assert.Equal(new long[] { 0, 2, 1, 3 }, x.Argsort(descending: true).ToArray<long>());
        var (tv, ti) = x.Topk(2);
        Assert.Equal(new double[] { 3, 2 }, tv.ToArray<double>());
        Assert.Equal(new long[] { 0, 2 }, ti.ToArray<long>());
    }

    [Fact]
    public void LstsqGivesTheMinimumNormSolutionAndPinverseAgrees()
    {
        using var scope = NewDisposeScope();
        // Underdetermined: x + y = 2 has minimum-norm solution (1, 1).
        var a = T([1, 1], 1, 2);
        var b = T([2], 1, 1);
        Assert.Equal(new double[] { 1, 1 }, a.Lstsq(b).ToArray<double>().Select(v => Math.Round(v, 10)));
        // pinv([[1, 1]]) = [[0.5], [0.5]]
        Assert.Equal(new double[] { 0.5, 0.5 }, a.Pinverse().ToArray<double>().Select(v => Math.Round(v, 10)));
        // Overdetermined: fit y = c through points 1, 2, 3 -> mean 2.
        var ones = T([1, 1, 1], 3, 1);
        var y = T([1, 2, 3], 3, 1);
        Assert.Equal(2, ones.Lstsq(y).Item<double>(), 10);
    }

    [Fact]
    public void BadShapesRaiseAnExceptionNamingTheOpAndShapes()
    {
        using var scope = NewDisposeScope();
        var a = Zeros([2, 3]);
        var b = Zeros([4, 5]);
        var e = Assert.Throws<TorchException>(() => a.Matmul(b));
        Assert.Contains("aten::matmul", e.Message);
        Assert.Contains("Tensor[2, 3] Float32", e.Message);
        Assert.Contains("Tensor[4, 5] Float32", e.Message);
    }

    [Fact]
    public void UnknownOpRaisesAnExceptionNamingTheOp()
    {
        var e = Assert.Throws<TorchException>(() => Aten.Call("aten::no_such_op", Arg.None));
        Assert.Contains("aten::no_such_op", e.Message);
    }

    [Fact]
    public void ComparisonOperatorsAndElementTypes()
    {
        using var scope = NewDisposeScope();
        var a = From(new float[] { 1, 5, 3 });
        var b = From(new float[] { 2, 2, 3 });
        Assert.Equal(new[] { true, false, false }, (a < b).ToArray<bool>());
        Assert.Equal(new[] { false, true, true }, (a >= b).ToArray<bool>());
        Assert.Equal(ScalarType.Float32, a.Dtype);
        Assert.Equal(ScalarType.Float64, a.Double().Dtype);
        Assert.Throws<TorchException>(() => a.ToArray<double>());
        var ints = From(new long[] { 1, 2, 3 });
        Assert.Equal(new long[] { 2, 3, 4 }, ints.Add(1).ToArray<long>());
    }
}

using TorchSharp;
using static TorchSharp.torch;

namespace AlphaHost.Sdk.Tests.Tensors;

/// <summary>The ops the project relies on, against hand-computed values.</summary>
public class TensorOpsTests
{
    private static Tensor T(double[] v, params long[] shape) => tensor(v, shape);
    private static double[] D(Tensor t) => t.contiguous().data<double>().ToArray();
    private static long[] L(Tensor t) => t.contiguous().data<long>().ToArray();

    [Fact]
    public void ArithmeticMatchesHandComputedValues()
    {
        using var scope = NewDisposeScope();
        var a = T([1, 2, 3, 4], 2, 2);
        var b = T([10, 20, 30, 40], 2, 2);
        Assert.Equal(new double[] { 11, 22, 33, 44 }, D(a + b));
        Assert.Equal(new double[] { 9, 18, 27, 36 }, D(b - a));
        Assert.Equal(new double[] { 10, 40, 90, 160 }, D(a * b));
        Assert.Equal(new double[] { 10, 10, 10, 10 }, D(b / a));
        Assert.Equal(new double[] { 0, -1, -2, -3 }, D(1.0 - a));
        Assert.Equal(new double[] { 1, 0.5, 1.0 / 3, 0.25 }, D(1.0 / a));
        Assert.Equal(new double[] { -1, -2, -3, -4 }, D(-a));
        // [[1,2],[3,4]] @ [[10,20],[30,40]] = [[70,100],[150,220]]
        Assert.Equal(new double[] { 70, 100, 150, 220 }, D(a.matmul(b)));
        // Broadcasting a row over the rows.
        Assert.Equal(new double[] { 11, 22, 13, 24 }, D(a + T([10, 20], 2)));
    }

    [Fact]
    public void ReductionsMatchDefinitions()
    {
        using var scope = NewDisposeScope();
        var x = T([1, 2, 3, 4, 5, 6], 2, 3);
        Assert.Equal(21, x.sum().item<double>());
        Assert.Equal(new double[] { 6, 15 }, D(x.sum(1)));
        Assert.Equal(new long[] { 2, 1 }, x.sum(1, keepdim: true).shape);
        Assert.Equal(new double[] { 2.5, 3.5, 4.5 }, D(x.mean([0])));
        // torch.std is unbiased by default (the project's operators rely on it): sample std of {1,2,3} is
        // sqrt(((1-2)² + 0 + (3-2)²) / 2) = 1; population: sqrt(2/3).
        Assert.Equal(new double[] { 1, 1 }, D(x.std(1)));
        Assert.Equal(Math.Sqrt(2.0 / 3), D(x.std(1, unbiased: false))[0], 12);
        Assert.Equal(new double[] { 1, 1 }, D(x.var(1)));
        var (values, indices) = x.max(1);
        Assert.Equal(new double[] { 3, 6 }, D(values));
        Assert.Equal(new long[] { 2, 2 }, L(indices));
    }

    [Fact]
    public void SoftmaxAndSigmoidMatchFormulas()
    {
        using var scope = NewDisposeScope();
        var x = T([0, Math.Log(3)], 2);
        // softmax([0, ln 3]) = [1/4, 3/4]; sigmoid(ln 3) = 3/4
        var s = D(x.softmax(0));
        Assert.Equal(0.25, s[0], 12);
        Assert.Equal(0.75, s[1], 12);
        var sig = D(x.sigmoid());
        Assert.Equal(0.5, sig[0], 12);
        Assert.Equal(0.75, sig[1], 12);
    }

    [Fact]
    public void ShapeOpsAndIndexing()
    {
        using var scope = NewDisposeScope();
        var x = arange(6, ScalarType.Float64).reshape(2, 3); // [[0,1,2],[3,4,5]]
        Assert.Equal(new double[] { 0, 3, 1, 4, 2, 5 }, D(x.permute(1, 0)));
        Assert.Equal(new long[] { 3, 2 }, x.t().shape);
        Assert.Equal(new double[] { 3, 4, 5 }, D(x.select(0, 1)));
        Assert.Equal(new double[] { 1, 2, 4, 5 }, D(x.narrow(1, 1, 2)));
        // Unfold along dim 1, size 2, step 1: windows [0,1],[1,2] and [3,4],[4,5] (the operators' rolling windows).
        var u = x.unfold(1, 2, 1);
        Assert.Equal(new long[] { 2, 2, 2 }, u.shape);
        Assert.Equal(new double[] { 0, 1, 1, 2, 3, 4, 4, 5 }, D(u));
        // Step > 1 (the operators' stride): length 5, size 2, step 2 → windows [0,1],[2,3]; the tail is dropped.
        Assert.Equal(new double[] { 0, 1, 2, 3 }, D(arange(5, ScalarType.Float64).unfold(0, 2, 2)));
        Assert.Equal(new double[] { 3, 4, 5, 0, 1, 2 }, D(x.index(tensor(new long[] { 1, 0 }))));
        var idx = tensor(new long[] { 2, 0, 1, 1 }, [2, 2]);
        Assert.Equal(new double[] { 2, 0, 4, 4 }, D(x.gather(1, idx)));
        Assert.Equal(new double[] { 0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5 }, D(cat([x, x], 0)));
        Assert.Equal(new long[] { 2, 2, 3 }, stack([x, x]).shape);
        var mask = x.gt(2.5);
        Assert.Equal(new double[] { 3, 4, 5 }, D(x.masked_select(mask)));
        Assert.Equal(new double[] { -1, -1, -1, 3, 4, 5 }, D(where(mask, x, full_like(x, -1.0))));
        Assert.Equal(new double[] { -1, -1, -1, 3, 4, 5 }, D(x.masked_fill(mask.logical_not(), -1.0)));
    }

    [Fact]
    public void SortIsStableOnRequestAndDescending()
    {
        using var scope = NewDisposeScope();
        // Many ties, so an unstable sort would be free to permute them: stable keeps input order among equals.
        var values = Enumerable.Range(0, 64).Select(i => (double)(i % 3)).ToArray();
        var (v, i) = T(values, values.Length).sort(stable: true);
        var expected = Enumerable.Range(0, 64).OrderBy(k => values[k]).Select(k => (long)k).ToArray(); // LINQ OrderBy is stable
        Assert.Equal(expected, L(i));
        Assert.Equal(values.Order().ToArray(), D(v));
        var x = T([3, 1, 2, 1], 4);
        var (dv, di) = x.sort(descending: true, stable: true);
        Assert.Equal(new double[] { 3, 2, 1, 1 }, D(dv));
        Assert.Equal(new long[] { 0, 2, 1, 3 }, L(di));
        Assert.Equal(new long[] { 0, 2, 1, 3 }, L(x.argsort(descending: true)));
        var (tv, ti) = x.topk(2);
        Assert.Equal(new double[] { 3, 2 }, D(tv));
        Assert.Equal(new long[] { 0, 2 }, L(ti));
    }

    [Fact]
    public void LstsqGivesTheMinimumNormSolutionAndPinverseAgrees()
    {
        using var scope = NewDisposeScope();
        // Overdetermined: fit y = c through points 1, 2, 3 → mean 2.
        var ones = T([1, 1, 1], 3, 1);
        var y = T([1, 2, 3], 3, 1);
        var (solution, _, _, _) = linalg.lstsq(ones, y);
        Assert.Equal(2, solution.item<double>(), 10);
        // Underdetermined: x + y = 2 has minimum-norm solution (1, 1) = pinv([[1, 1]]) · 2, pinv = [[0.5], [0.5]].
        var a = T([1, 1], 1, 2);
        Assert.Equal(new double[] { 0.5, 0.5 }, D(linalg.pinv(a)).Select(v => Math.Round(v, 10)));
        Assert.Equal(new double[] { 1, 1 }, D(linalg.pinv(a).matmul(T([2], 1, 1))).Select(v => Math.Round(v, 10)));
    }

    [Fact]
    public void BadShapesRaiseAnExceptionNamingTheShapes()
    {
        using var scope = NewDisposeScope();
        var a = zeros(2, 3);
        var b = zeros(4, 5);
        // mm, not matmul: TorchSharp 0.107's native THSTensor_matmul has no CATCH, so a shape error there
        // aborts the process (terminate on c10::Error) instead of raising; mm and broadcasting ops raise.
        var e = Assert.ThrowsAny<Exception>(() => a.mm(b));
        Assert.Contains("2x3", e.Message);
        Assert.Contains("4x5", e.Message);
        var add = Assert.ThrowsAny<Exception>(() => a.add(b));
        Assert.Contains("size of tensor a (3) must match the size of tensor b (5)", add.Message);
    }

    [Fact]
    public void SearchsortedNonzeroAndIndexPut()
    {
        using var scope = NewDisposeScope();
        var edges = T([1, 3, 5, 7], 4);
        // Left: first i with edges[i] >= v; right: first i with edges[i] > v.
        var v = T([0, 3, 4, 7, 8], 5);
        Assert.Equal(new long[] { 0, 1, 2, 3, 4 }, L(searchsorted(edges, v)));
        Assert.Equal(new long[] { 0, 2, 2, 4, 4 }, L(searchsorted(edges, v, right: true)));
        var m = T([0, 2, 0, 0, 0, 5], 2, 3);
        Assert.Equal(new long[] { 0, 1, 1, 2 }, L(m.nonzero())); // (row, col) pairs (0,1), (1,2)
        var target = zeros(2, 3, dtype: ScalarType.Float64);
        var rows = tensor(new long[] { 0, 1, 1 });
        var cols = tensor(new long[] { 2, 0, 0 });
        target.index_put_(T([1, 2, 3], 3), [rows, cols], accumulate: true);
        Assert.Equal(new double[] { 0, 0, 1, 5, 0, 0 }, D(target)); // (1,0) gets 2 + 3
        target.index_put_(T([9, 9, 9], 3), [rows, cols]);
        Assert.Equal(new double[] { 0, 0, 9, 9, 0, 0 }, D(target));
    }

    [Fact]
    public void ComparisonOperatorsAndElementTypes()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new float[] { 1, 5, 3 });
        var b = tensor(new float[] { 2, 2, 3 });
        Assert.Equal(new[] { true, false, false }, a.lt(b).data<bool>().ToArray());
        Assert.Equal(new[] { false, true, true }, a.ge(b).data<bool>().ToArray());
        Assert.Equal(ScalarType.Float32, a.dtype);
        Assert.Equal(ScalarType.Float64, a.to(ScalarType.Float64).dtype);
        // Reading a float tensor as double is a type error, not a silent reinterpretation.
        Assert.ThrowsAny<Exception>(() => a.data<double>().ToArray());
        var ints = tensor(new long[] { 1, 2, 3 });
        Assert.Equal(new long[] { 2, 3, 4 }, ints.add(1).data<long>().ToArray());
        Assert.Equal(ScalarType.Int64, ints.add(1).dtype);
    }

    [Fact]
    public void CumulativeAndRankOpsForCrossSections()
    {
        using var scope = NewDisposeScope();
        var x = T([3, 1, 2], 3);
        Assert.Equal(new double[] { 3, 4, 6 }, D(x.cumsum(0)));
        // Rank by double argsort: ranks of [3, 1, 2] are [2, 0, 1].
        Assert.Equal(new long[] { 2, 0, 1 }, L(x.argsort().argsort()));
        // nan_to_num and isnan, for masked cross-sections.
        var n = T([double.NaN, 1], 2);
        Assert.Equal(new[] { true, false }, n.isnan().data<bool>().ToArray());
        Assert.Equal(new double[] { 0, 1 }, D(n.nan_to_num(0.0)));
    }
}

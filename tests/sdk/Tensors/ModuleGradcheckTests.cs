using AlphaHost.Tests.Support;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AlphaHost.Sdk.Tests.Tensors;

/// <summary>Autograd through every nn module the project uses against finite differences, in float64; attention layouts by hand.</summary>
public class ModuleGradcheckTests
{
    private static void AssertGradcheck(Func<Tensor> f, IReadOnlyList<Tensor> inputs)
    {
        var result = GradCheck.Run(f, inputs);
        Assert.True(result.Passed, $"gradcheck failed: max error {result.MaxAbsError:G3} at {result.Worst}");
    }

    private static Tensor Input(params long[] shape) => randn(shape, dtype: ScalarType.Float64).requires_grad_();

    private static Tensor[] With(Tensor x, nn.Module m) => [x, .. m.parameters()];

    [Fact]
    public void Linear()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        using var m = nn.Linear(4, 3);
        m.to(ScalarType.Float64);
        var x = Input(5, 4);
        Assert.Equal(2, m.parameters().Count()); // weight and bias: both are checked
        AssertGradcheck(() => m.forward(x), With(x, m));
    }

    [Fact]
    public void Embedding()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        using var m = nn.Embedding(6, 3);
        m.to(ScalarType.Float64);
        var idx = tensor(new long[] { 0, 2, 2, 5 });
        AssertGradcheck(() => m.forward(idx), m.parameters().ToArray());
        // Row 2 is looked up twice: its gradient sums both uses (2 × 3 ones); unused rows get none.
        m.zero_grad();
        m.forward(idx).sum().backward();
        Assert.Equal(new double[] { 3, 0, 6, 0, 0, 3 }, m.weight!.grad!.sum(1).data<double>().ToArray());
    }

    [Fact]
    public void DropoutWithAFixedSeed()
    {
        using var scope = NewDisposeScope();
        using var m = nn.Dropout(0.5);
        m.train();
        var x = Input(4, 5);
        AssertGradcheck(() => { manual_seed(3); return m.forward(x); }, [x]);
        // Same seed, same mask; kept entries are scaled by 1 / (1 − p) = 2; eval is the identity.
        manual_seed(3);
        var a = m.forward(x).detach();
        manual_seed(3);
        Assert.True(Same(a, m.forward(x).detach()));
        var kept = a.ne(0);
        Assert.True(Same(a.masked_select(kept), x.detach().masked_select(kept).mul(2)));
        Assert.InRange(kept.sum().item<long>(), 1, 19);
        m.eval();
        Assert.True(Same(m.forward(x), x));
    }

    [Fact]
    public void BatchNorm1dTrainingAndEval()
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        using var m = nn.BatchNorm1d(3);
        m.to(ScalarType.Float64);
        var x = Input(6, 3, 2);
        m.train();
        AssertGradcheck(() => m.forward(x), With(x, m));
        m.eval();
        AssertGradcheck(() => m.forward(x), With(x, m));
    }

    [Fact]
    public void BatchNorm2d()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        using var m = nn.BatchNorm2d(2);
        m.to(ScalarType.Float64);
        var x = Input(3, 2, 2, 2);
        AssertGradcheck(() => m.forward(x), With(x, m));
    }

    [Fact]
    public void LayerNorm()
    {
        using var scope = NewDisposeScope();
        manual_seed(6);
        using var m = nn.LayerNorm(4);
        m.to(ScalarType.Float64);
        var x = Input(3, 4);
        AssertGradcheck(() => m.forward(x), With(x, m));
    }

    [Fact]
    public void GruTwoLayersBatchFirst()
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        using var m = nn.GRU(3, 4, numLayers: 2, batchFirst: true);
        m.to(ScalarType.Float64);
        var x = Input(2, 5, 3); // [N, T, F]
        var (output, h) = m.forward(x, null);
        Assert.Equal(new long[] { 2, 5, 4 }, output.shape);
        Assert.Equal(new long[] { 2, 2, 4 }, h.shape); // [layers, N, H], not batch-first
        // The last step's output is the top layer's final state.
        Assert.True(Same(output.select(1, -1), h[1]));
        AssertGradcheck(() => m.forward(x, null).Item1, With(x, m));
    }

    [Fact]
    public void LstmTwoLayersReturnsAFlatTuple()
    {
        using var scope = NewDisposeScope();
        manual_seed(8);
        using var m = nn.LSTM(3, 4, numLayers: 2, batchFirst: true);
        m.to(ScalarType.Float64);
        var x = Input(2, 4, 3);
        // TorchSharp: (output, h, c), not PyTorch's (output, (h, c)).
        var (o, h, c) = m.forward(x, null);
        Assert.Equal(new long[] { 2, 4, 4 }, o.shape);
        Assert.Equal(new long[] { 2, 2, 4 }, h.shape);
        Assert.Equal(new long[] { 2, 2, 4 }, c.shape);
        Assert.True(Same(o.select(1, -1), h[1]));
        AssertGradcheck(() => { var (oo, _, cc) = m.forward(x, null); return cat([oo.flatten(), cc.flatten()]); }, With(x, m));
    }

    [Fact]
    public void MultiheadAttentionWithPaddingMask()
    {
        using var scope = NewDisposeScope();
        manual_seed(9);
        using var m = nn.MultiheadAttention(4, 2);
        m.to(ScalarType.Float64);
        var q = Input(3, 2, 4);  // [L, N, E]: sequence-first
        var kv = Input(5, 2, 4); // [S, N, E]
        var padding = tensor(new[] { false, false, false, true, true, false, false, false, false, false }, [2, 5]);
        AssertGradcheck(() => m.forward(q, kv, kv, padding, false, null).Item1, [q, kv, .. m.parameters()]);
    }

    [Fact]
    public void AttentionIgnoresPaddedKeys()
    {
        using var scope = NewDisposeScope();
        manual_seed(10);
        using var m = nn.MultiheadAttention(4, 2);
        var q = randn(2, 1, 4);  // [L, N, E]
        var kv = randn(3, 1, 4); // [S, N, E]
        var padding = tensor(new[] { false, false, true }, [1, 3]);
        var (out1, w) = m.forward(q, kv, kv, padding, true, null);
        // Changing the padded key (sequence position 2) must not change anything.
        var kv2 = kv.clone();
        kv2[2].fill_(100);
        var (out2, _) = m.forward(q, kv2, kv2, padding, true, null);
        Assert.True(out1.allclose(out2, 1e-6, 1e-6));
        Assert.Equal(new long[] { 1, 2, 3 }, w.shape); // [N, L, S], averaged over heads
        Assert.Equal(0, w.select(2, 2).abs().sum().item<float>());
    }

    [Fact]
    public void MultiheadAttentionIsSequenceFirstByHand()
    {
        using var scope = NewDisposeScope();
        manual_seed(11);
        const int L = 3, N = 2, E = 4, H = 2;
        using var m = nn.MultiheadAttention(E, H);
        m.to(ScalarType.Float64);
        m.eval();
        var x = randn(new long[] { L, N, E }, dtype: ScalarType.Float64);
        var (output, weights) = m.forward(x, x, x, null, true, null);
        var p = Weights(m);
        var xs = x.data<double>().ToArray();
        var (expected, expectedWeights) = Reference.Attention(xs, L, N, E, H, p["in_proj_weight"], p["in_proj_bias"], p["out_proj.weight"], p["out_proj.bias"]);
        AssertClose(expected, output.data<double>().ToArray());
        AssertClose(expectedWeights, weights.data<double>().ToArray());
        // The same numbers read batch-first ([N=3, L=2, E]) would be different attention: the test tells them apart.
        var batchFirst = Reference.Attention(Reference.Swap01(xs, L, N, E), N, L, E, H, p["in_proj_weight"], p["in_proj_bias"], p["out_proj.weight"], p["out_proj.bias"]).Output;
        Assert.True(Reference.Swap01(batchFirst, N, L, E).Zip(expected).Max(t => Math.Abs(t.First - t.Second)) > 1e-3);
    }

    [Fact]
    public void TransformerEncoderLayerIsSequenceFirstByHand()
    {
        using var scope = NewDisposeScope();
        manual_seed(12);
        const int L = 3, N = 2, E = 4, H = 2, F = 6;
        using var m = nn.TransformerEncoderLayer(E, H, F, dropout: 0.0);
        m.to(ScalarType.Float64);
        m.eval();
        var x = randn(new long[] { L, N, E }, dtype: ScalarType.Float64);
        var output = m.forward(x);
        var p = Weights(m);
        var xs = x.data<double>().ToArray();
        // Post-norm (PyTorch's default): y = LN1(x + SA(x)); out = LN2(y + W2 relu(W1 y + b1) + b2).
        var sa = Reference.Attention(xs, L, N, E, H, p["self_attn.in_proj_weight"], p["self_attn.in_proj_bias"], p["self_attn.out_proj.weight"], p["self_attn.out_proj.bias"]).Output;
        var y = Reference.LayerNorm(xs.Zip(sa, (a, b) => a + b).ToArray(), E, p["norm1.weight"], p["norm1.bias"]);
        var hidden = Reference.Linear(y, E, p["linear1.weight"], p["linear1.bias"]).Select(v => Math.Max(0, v)).ToArray();
        var ff = Reference.Linear(hidden, F, p["linear2.weight"], p["linear2.bias"]);
        var expected = Reference.LayerNorm(y.Zip(ff, (a, b) => a + b).ToArray(), E, p["norm2.weight"], p["norm2.bias"]);
        AssertClose(expected, output.data<double>().ToArray());
        // Mixing runs along dim 0: changing x[1, 0] moves out[0, 0] but never batch element 1.
        var x2 = x.clone();
        x2[1, 0].add_(1.0);
        var out2 = m.forward(x2);
        Assert.True(out2[0, 0].sub(output[0, 0]).abs().max().item<double>() > 1e-3);
        Assert.True(Same(out2.select(1, 1), output.select(1, 1)));
    }

    [Fact]
    public void TransformerEncoderLayerWithPaddingMask()
    {
        using var scope = NewDisposeScope();
        manual_seed(13);
        using var m = nn.TransformerEncoderLayer(4, 2, 8, dropout: 0.0);
        m.to(ScalarType.Float64);
        var x = Input(3, 2, 4);
        var padding = tensor(new[] { false, false, true, false, false, false }, [2, 3]);
        AssertGradcheck(() => m.call(x, null, padding), With(x, m));
    }

    [Fact]
    public void ScaledDotProductAttentionByHandAndGradcheck()
    {
        using var scope = NewDisposeScope();
        // One query [1, 0] against keys [1, 0], [0, 1]: scores [1, 0] / √2, values 10 and 20.
        var q = tensor(new double[] { 1, 0 }, [1, 1, 1, 2]); // [N, H, L, D]
        var k = tensor(new double[] { 1, 0, 0, 1 }, [1, 1, 2, 2]);
        var v = tensor(new double[] { 10, 10, 20, 20 }, [1, 1, 2, 2]);
        double w0 = 1 / (1 + Math.Exp(-1 / Math.Sqrt(2)));
        var o = nn.functional.scaled_dot_product_attention(q, k, v).data<double>().ToArray();
        Assert.Equal(10 * w0 + 20 * (1 - w0), o[0], 12);
        // A boolean mask keeps where true: masking key 1 leaves value 10 only.
        var keep = tensor(new[] { true, false }, [1, 1, 1, 2]);
        Assert.Equal(10, nn.functional.scaled_dot_product_attention(q, k, v, keep).data<double>()[0], 12);

        manual_seed(14);
        var qq = Input(2, 2, 3, 4);
        var kk = Input(2, 2, 5, 4);
        var vv = Input(2, 2, 5, 4);
        AssertGradcheck(() => nn.functional.scaled_dot_product_attention(qq, kk, vv, is_casual: false), [qq, kk, vv]);
    }

    /// <summary>torch.equal: same shape, same values.</summary>
    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    private static Dictionary<string, double[]> Weights(nn.Module m) =>
        m.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.contiguous().data<double>().ToArray());

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-10, $"element {i}: expected {expected[i]}, got {actual[i]}");
    }

    /// <summary>Loops over plain arrays, in PyTorch's documented formulas (row-major, weights [out, in]).</summary>
    private static class Reference
    {
        public static double[] Linear(double[] x, int inDim, double[] w, double[] b)
        {
            int rows = x.Length / inDim, outDim = b.Length;
            var y = new double[rows * outDim];
            for (int r = 0; r < rows; r++)
                for (int o = 0; o < outDim; o++)
                {
                    double s = b[o];
                    for (int i = 0; i < inDim; i++) s += w[o * inDim + i] * x[r * inDim + i];
                    y[r * outDim + o] = s;
                }
            return y;
        }

        public static double[] LayerNorm(double[] x, int dim, double[] gamma, double[] beta)
        {
            var y = new double[x.Length];
            for (int r = 0; r < x.Length / dim; r++)
            {
                var row = x.Skip(r * dim).Take(dim).ToArray();
                double mean = row.Average(), var = row.Sum(v => (v - mean) * (v - mean)) / dim;
                for (int i = 0; i < dim; i++) y[r * dim + i] = (row[i] - mean) / Math.Sqrt(var + 1e-5) * gamma[i] + beta[i];
            }
            return y;
        }

        /// <summary>[A, B, E] → [B, A, E].</summary>
        public static double[] Swap01(double[] x, int a, int b, int e)
        {
            var y = new double[x.Length];
            for (int i = 0; i < a; i++)
                for (int j = 0; j < b; j++)
                    Array.Copy(x, (i * b + j) * e, y, (j * a + i) * e, e);
            return y;
        }

        /// <summary>Self-attention of x [L, N, E] (sequence-first): output [L, N, E] and head-averaged weights [N, L, L].</summary>
        public static (double[] Output, double[] Weights) Attention(double[] x, int len, int n, int e, int heads,
            double[] inW, double[] inB, double[] outW, double[] outB)
        {
            var qkv = Linear(x, e, inW, inB); // [L, N, 3E]: q | k | v
            int d = e / heads;
            var concat = new double[len * n * e];
            var weights = new double[n * len * len];
            for (int b = 0; b < n; b++)
                for (int h = 0; h < heads; h++)
                    for (int l = 0; l < len; l++)
                    {
                        var scores = new double[len];
                        for (int s = 0; s < len; s++)
                        {
                            double dot = 0;
                            for (int i = 0; i < d; i++) dot += qkv[(l * n + b) * 3 * e + h * d + i] * qkv[(s * n + b) * 3 * e + e + h * d + i];
                            scores[s] = dot / Math.Sqrt(d);
                        }
                        double max = scores.Max(), z = scores.Sum(v => Math.Exp(v - max));
                        for (int s = 0; s < len; s++)
                        {
                            double w = Math.Exp(scores[s] - max) / z;
                            weights[(b * len + l) * len + s] += w / heads;
                            for (int i = 0; i < d; i++) concat[(l * n + b) * e + h * d + i] += w * qkv[(s * n + b) * 3 * e + 2 * e + h * d + i];
                        }
                    }
            return (Linear(concat, e, outW, outB), weights);
        }
    }
}

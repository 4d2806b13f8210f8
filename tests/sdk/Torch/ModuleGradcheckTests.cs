using AlphaHost.Torch;

namespace AlphaHost.Sdk.Tests.Torch;

using static AlphaHost.Torch.torch;

/// <summary>Autograd through every nn module against finite differences, in float64.</summary>
public class ModuleGradcheckTests
{
    private static void AssertGradcheck(Func<Tensor> f, IReadOnlyList<Tensor> inputs)
    {
        var result = Autograd.GradCheck(f, inputs);
        Assert.True(result.Passed, $"gradcheck failed: max error {result.MaxAbsError:G3} at {result.Worst}");
    }

    private static Tensor Input(params long[] shape) => Randn(shape, ScalarType.Float64).RequiresGrad_();

    [Fact]
    public void Linear()
    {
        using var scope = NewDisposeScope();
        ManualSeed(1);
        using var m = new nn.Linear(4, 3);
        m.To(ScalarType.Float64);
        var x = Input(5, 4);
        AssertGradcheck(() => m.Forward(x), [x, .. m.Parameters()]);
    }

    [Fact]
    public void Embedding()
    {
        using var scope = NewDisposeScope();
        ManualSeed(2);
        using var m = new nn.Embedding(6, 3);
        m.To(ScalarType.Float64);
        var idx = From(new long[] { 0, 2, 2, 5 });
        AssertGradcheck(() => m.Forward(idx), m.Parameters());
    }

    [Fact]
    public void DropoutWithAFixedMask()
    {
        using var scope = NewDisposeScope();
        using var m = new nn.Dropout(0.5);
        var x = Input(4, 5);
        AssertGradcheck(() => { ManualSeed(3); return m.Forward(x); }, [x]);
    }

    [Fact]
    public void BatchNorm1dTrainingAndEval()
    {
        using var scope = NewDisposeScope();
        ManualSeed(4);
        using var m = new nn.BatchNorm1d(3);
        m.To(ScalarType.Float64);
        var x = Input(6, 3, 2);
        AssertGradcheck(() => m.Forward(x), [x, .. m.Parameters()]);
        m.Eval();
        AssertGradcheck(() => m.Forward(x), [x, .. m.Parameters()]);
    }

    [Fact]
    public void BatchNorm2d()
    {
        using var scope = NewDisposeScope();
        ManualSeed(5);
        using var m = new nn.BatchNorm2d(2);
        m.To(ScalarType.Float64);
        var x = Input(3, 2, 2, 2);
        AssertGradcheck(() => m.Forward(x), [x, .. m.Parameters()]);
    }

    [Fact]
    public void LayerNorm()
    {
        using var scope = NewDisposeScope();
        ManualSeed(6);
        using var m = new nn.LayerNorm(4);
        m.To(ScalarType.Float64);
        var x = Input(3, 4);
        AssertGradcheck(() => m.Forward(x), [x, .. m.Parameters()]);
    }

    [Fact]
    public void GruTwoLayers()
    {
        using var scope = NewDisposeScope();
        ManualSeed(7);
        using var m = new nn.GRU(3, 4, numLayers: 2);
        m.To(ScalarType.Float64);
        var x = Input(2, 5, 3);
        AssertGradcheck(() => m.Forward(x).Output, [x, .. m.Parameters()]);
    }

    [Fact]
    public void LstmTwoLayers()
    {
        using var scope = NewDisposeScope();
        ManualSeed(8);
        using var m = new nn.LSTM(3, 4, numLayers: 2);
        m.To(ScalarType.Float64);
        var x = Input(2, 4, 3);
        AssertGradcheck(() => { var (o, h, c) = m.Forward(x); return Cat([o.Flatten(), c.Flatten()]); }, [x, .. m.Parameters()]);
    }

    [Fact]
    public void MultiheadAttentionWithPaddingMask()
    {
        using var scope = NewDisposeScope();
        ManualSeed(9);
        using var m = new nn.MultiheadAttention(4, 2);
        m.To(ScalarType.Float64);
        var q = Input(2, 3, 4);
        var kv = Input(2, 5, 4);
        var padding = From(new[] { false, false, false, true, true, false, false, false, false, false }, 2, 5);
        AssertGradcheck(() => m.Forward(q, kv, kv, padding).Output, [q, kv, .. m.Parameters()]);
    }

    [Fact]
    public void AttentionIgnoresPaddedKeys()
    {
        using var scope = NewDisposeScope();
        ManualSeed(10);
        using var m = new nn.MultiheadAttention(4, 2);
        var q = Randn([1, 2, 4]);
        var kv = Randn([1, 3, 4]);
        var padding = From(new[] { false, false, true }, 1, 3);
        var (out1, w) = m.Forward(q, kv, kv, padding);
        // Changing the padded key must not change anything.
        var kv2 = kv.Clone();
        using (NoGrad()) kv2.Select(1, 2).Fill_(100);
        var (out2, _) = m.Forward(q, kv2, kv2, padding);
        Assert.True(out1.AllClose(out2, 1e-6, 1e-6));
        Assert.Equal(0, w!.Select(2, 2).Abs().Sum().ToDouble());
    }
}

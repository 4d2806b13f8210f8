using AlphaHost.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace AlphaHost.Sdk.Tests.Tensors;

public class AutogradTests
{
    [Fact]
    public void BackwardGivesTheDerivative()
    {
        using var scope = NewDisposeScope();
        // d/dx Σ x³ = 3x²
        var x = tensor(new double[] { 1, -2, 3 }).requires_grad_();
        x.pow(3).sum().backward();
        Assert.Equal(new double[] { 3, 12, 27 }, x.grad!.data<double>().ToArray());
        Assert.True(x.is_leaf);
    }

    [Fact]
    public void BackwardWithAnExplicitGradientAndAccumulation()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new double[] { 1, 2 }).requires_grad_();
        var y = x.mul(3.0);
        y.backward([tensor(new double[] { 1, 10 })], retain_graph: true);
        Assert.Equal(new double[] { 3, 30 }, x.grad!.data<double>().ToArray());
        // Gradients accumulate until zeroed, as in PyTorch.
        y.backward([tensor(new double[] { 1, 1 })]);
        Assert.Equal(new double[] { 6, 33 }, x.grad!.data<double>().ToArray());
        x.grad!.zero_();
        Assert.Equal(new double[] { 0, 0 }, x.grad!.data<double>().ToArray());
    }

    [Fact]
    public void NoGradAndDetachStopTracking()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new double[] { 1 }).requires_grad_();
        using (no_grad())
        {
            Assert.False(is_grad_enabled());
            Assert.False(x.mul(2.0).requires_grad);
        }
        Assert.True(is_grad_enabled());
        Assert.True(x.mul(2.0).requires_grad);
        Assert.False(x.detach().requires_grad);
    }

    [Fact]
    public void GradcheckCatchesAWrongGradient()
    {
        using var scope = NewDisposeScope();
        // f(x) = x · stop_gradient(x): autograd sees x, finite differences see 2x.
        var x = tensor(new double[] { 0.5, 1.5, -2 }).requires_grad_();
        var wrong = GradCheck.Run(() => x.mul(x.detach()), [x]);
        Assert.False(wrong.Passed);
        var ok = GradCheck.Run(() => x.mul(x), [x]);
        Assert.True(ok.Passed, ok.Worst);
    }

    [Fact]
    public void SeedMakesRandomNumbersRepeat()
    {
        using var scope = NewDisposeScope();
        manual_seed(42);
        var a = randn(5).data<float>().ToArray();
        var c = rand(3).data<float>().ToArray();
        manual_seed(42);
        var b = randn(5).data<float>().ToArray();
        var d = rand(3).data<float>().ToArray();
        Assert.Equal(a, b);
        Assert.Equal(c, d);
        manual_seed(43);
        Assert.NotEqual(a, randn(5).data<float>().ToArray());
    }

    [Fact]
    public void ThreadCountCanBeSet()
    {
        int before = get_num_threads();
        try
        {
            set_num_threads(1);
            Assert.Equal(1, get_num_threads());
        }
        finally
        {
            set_num_threads(before);
        }
        Assert.Equal(before, get_num_threads());
    }
}

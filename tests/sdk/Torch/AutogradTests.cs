using AlphaHost.Torch;

namespace AlphaHost.Sdk.Tests.Torch;

using static AlphaHost.Torch.torch;

public class AutogradTests
{
    [Fact]
    public void BackwardGivesTheDerivative()
    {
        using var scope = NewDisposeScope();
        // d/dx Σ x³ = 3x²
        var x = From(new double[] { 1, -2, 3 }).RequiresGrad_();
        x.Pow(3).Sum().Backward();
        Assert.Equal(new double[] { 3, 12, 27 }, x.Grad!.ToArray<double>());
        Assert.True(x.IsLeaf);
    }

    [Fact]
    public void BackwardWithAnExplicitGradientAndAccumulation()
    {
        using var scope = NewDisposeScope();
        var x = From(new double[] { 1, 2 }).RequiresGrad_();
        var y = x * 3.0;
        y.Backward(From(new double[] { 1, 10 }), retainGraph: true);
        Assert.Equal(new double[] { 3, 30 }, x.Grad!.ToArray<double>());
        y.Backward(From(new double[] { 1, 1 }));
        Assert.Equal(new double[] { 6, 33 }, x.Grad!.ToArray<double>());
        x.ZeroGrad();
        Assert.Null(x.Grad);
    }

    [Fact]
    public void NoGradAndDetachStopTracking()
    {
        using var scope = NewDisposeScope();
        var x = From(new double[] { 1 }).RequiresGrad_();
        using (NoGrad())
        {
            Assert.False(IsGradEnabled);
            Assert.False((x * 2.0).RequiresGrad);
        }
        Assert.True(IsGradEnabled);
        Assert.True((x * 2.0).RequiresGrad);
        Assert.False(x.Detach().RequiresGrad);
    }

    [Fact]
    public void GradcheckCatchesAWrongGradient()
    {
        using var scope = NewDisposeScope();
        // f(x) = x · stop_gradient(x): autograd sees x, finite differences see 2x.
        var x = From(new double[] { 0.5, 1.5, -2 }).RequiresGrad_();
        var result = Autograd.GradCheck(() => x * x.Detach(), [x]);
        Assert.False(result.Passed);
        var ok = Autograd.GradCheck(() => x * x, [x]);
        Assert.True(ok.Passed, ok.Worst);
    }

    [Fact]
    public void SeedMakesRandomNumbersRepeat()
    {
        using var scope = NewDisposeScope();
        ManualSeed(42);
        var a = Randn([5]).ToArray<float>();
        ManualSeed(42);
        var b = Randn([5]).ToArray<float>();
        Assert.Equal(a, b);
    }

    [Fact]
    public void ThreadCountCanBeSet()
    {
        int before = NumThreads;
        NumThreads = 1;
        Assert.Equal(1, NumThreads);
        NumThreads = before;
        Assert.Equal(before, NumThreads);
    }
}

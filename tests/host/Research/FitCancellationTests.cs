using AlphaHost.Host.Research;

namespace AlphaHost.Host.Tests.Research;

/// <summary>A fit honours its cancellation token between batches: a stopping run does not wait for the fit.</summary>
[Collection("torch")]
public class FitCancellationTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("alphahost-fit-cancel-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void ACancelledFitStopsAfterTheEpochInFlight()
    {
        var path = TestMarkets.Equities(Path.Combine(dir, "m.db"), stocks: 30, days: 140, seed: 3);
        using var panel = ResearchPanel.Load(path);
        var spec = new FitSpec("mlp", "ic", TestPlugins.ForwardReturn(5), Normalization.PerStock,
            new TrainerConfig { Epochs = 5, DaysPerBatch = 4, Patience = 10 });
        using var fitter = new ModelFitter(spec, panel, TestPlugins.Registry);
        var sampler = TestPlugins.Sampler(TestPlugins.Rolling(60, 10));
        var split = new WalkForward(sampler, panel.Dates, fitter.LabelLag).SplitAt(110)!;

        using var cancel = new CancellationTokenSource();
        var epochs = new List<EpochProgress>();
        Assert.ThrowsAny<OperationCanceledException>(() => fitter.Fit(split, 110, 0, seed: 1, p =>
        {
            epochs.Add(p);
            cancel.Cancel(); // as the engine's Dispose would, during the fit
        }, cancel.Token));
        Assert.Single(epochs);

        using var whole = fitter.Fit(split, 110, 0, seed: 1); // no token: the fit runs every epoch
        Assert.Equal(5, whole.Curve.Count);
    }
}

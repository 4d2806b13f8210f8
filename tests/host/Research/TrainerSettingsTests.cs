using AlphaHost.Host.Research;
using AlphaHost.Host.Run;
using AlphaHost.Sdk.Plugins;
using TorchSharp;

namespace AlphaHost.Host.Tests.Research;

/// <summary>The trainer's optimiser and liquidity-capped validation score, from the run config, against hand-computed values.</summary>
[Collection("torch")]
public class TrainerSettingsTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("alphahost-trainer-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private TrainerConfig FromRunConfig(string json)
    {
        var path = Path.Combine(dir, "run.json");
        File.WriteAllText(path, json);
        return RunConfig.Load(path).FitSpec("mlp").Trainer;
    }

    [Fact]
    public void RmspropWithMomentumStepsAsTorchDefinesIt()
    {
        var config = FromRunConfig("""{"optimizer": "rmsprop", "momentum": 0.9, "learningRate": 0.01}""");
        Assert.Equal((OptimizerKind.RmsProp, 0.9), (config.Optimizer, config.Momentum));
        var trainer = new Trainer(config with { WeightDecay = 0 }, TestPlugins.Registry.Create<ILoss>("mse"));
        using var p = new TorchSharp.Modules.Parameter(torch.tensor(new[] { 1.0 }));
        using var optimizer = trainer.Optimizer([p]);
        // Gradient 2 both steps. v1 = 0.01·4 = 0.04, buf1 = 2/√0.04 = 10;
        // v2 = 0.99·0.04 + 0.04 = 0.0796, buf2 = 0.9·10 + 2/√0.0796 = 16.0888...; p = 1 − 0.01·(buf1 + buf2).
        for (int step = 0; step < 2; step++)
        {
            optimizer.zero_grad();
            using var loss = (p * 2).sum();
            loss.backward();
            optimizer.step();
        }
        double expected = 1 - 0.01 * (10 + 0.9 * 10 + 2 / (Math.Sqrt(0.0796) + 1e-8));
        Assert.Equal(expected, p.data<double>()[0], 6);
    }

    [Fact]
    public void MomentumWithoutRmspropIsRefusedNamingTheKey()
    {
        var path = Path.Combine(dir, "run.json");
        File.WriteAllText(path, """{"momentum": 0.9}""");
        var e = Assert.Throws<ConfigException>(() => RunConfig.Load(path));
        Assert.Contains($"{path}: key 'momentum': expected 0 unless \"optimizer\" is \"rmsprop\"", e.Message);
    }

    [Fact]
    public void TheCappedValidationScoreBuysTheTopByLiquidityUpToItsShare()
    {
        var config = FromRunConfig("""{"validationCapital": 1000, "validationLiquidityShare": 0.5, "validationTopN": 3}""");
        Assert.Equal((1000.0, 0.5, 3), (config.Capital, config.LiquidityShare, config.TopN));
        var trainer = new Trainer(config, TestPlugins.Registry.Create<ILoss>("mse"));
        double[] scores = [0.9, 0.1, 0.8, 0.7, 0.2];
        double[] returns = [0.10, 0.50, -0.02, 0.04, 0.30];
        // Top 3: stocks 0, 2, 3 with traded value 600, 1400, 2000 (Σ 4000): allocations 150, 350, 500,
        // caps 300, 700, 1000 — none binds. Gain 15 − 7 + 20 = 28 → 2.8 % of the capital.
        Assert.Equal(0.028, trainer.CappedTopNReturn(scores, returns, [600, 5, 1400, 2000, 9]), 12);
        // Thin stocks: traded value 100, 200, 100 (Σ 400): allocations 250, 500, 250 capped at 50, 100, 50.
        // Gain 5 − 2 + 2 = 5 → 0.5 %; the rest stays in cash.
        Assert.Equal(0.005, trainer.CappedTopNReturn(scores, returns, [100, 5, 200, 100, 9]), 12);
    }
}

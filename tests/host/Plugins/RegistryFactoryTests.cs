using System.Text.Json.Nodes;
using AlphaHost.Host.Plugins;
using AlphaHost.Host.Run;
using AlphaHost.Sdk.Plugins;
using TorchSharp;

namespace AlphaHost.Host.Tests.Plugins;

/// <summary>The registry as a factory: a fresh, configured instance per use, every plugin key reachable from the run config.</summary>
[Collection("torch")]
public class RegistryFactoryTests
{
    private static PluginChoice Gru(JsonObject config) => new("gru", config) { ConfigSource = "run.json: model.config" };

    private static long Parameters(IModel model) => model.Network.parameters().Sum(p => p.numel());

    [Fact]
    public void EachCreateIsAFreshInstanceConfiguredFromTheChoice()
    {
        using var small = TestPlugins.Registry.Create<IModel>(Gru(new JsonObject { ["hidden"] = 8, ["layers"] = 1 }));
        using var other = TestPlugins.Registry.Create<IModel>(Gru(new JsonObject { ["hidden"] = 8, ["layers"] = 1 }));
        using var wide = TestPlugins.Registry.Create<IModel>(Gru(new JsonObject { ["hidden"] = 16, ["layers"] = 1 }));
        Assert.NotSame(small, other);
        foreach (var m in new[] { small, other, wide }) m.Build(new ModelShape(9, 30));
        // GRU(9 → h, one layer): 3 gates × (9h + h·h + 2h) weights and biases, then the linear head h + 1.
        static long Expected(int h) => 3 * (9 * h + h * h + 2 * h) + h + 1;
        Assert.Equal(Expected(8), Parameters(small));
        Assert.Equal(Expected(16), Parameters(wide));
        Assert.Contains("hidden", TestPlugins.Registry.KeysOf("gru"));
    }

    [Fact]
    public void AnAlphaNetGetsTheOperatorPluginsItsConfigNames()
    {
        PluginChoice V2(JsonObject? config) => new("alphanet_v2", config) { ConfigSource = "run.json: model.config" };
        using var paper = TestPlugins.Registry.Create<IModel>(V2(null));
        using var two = TestPlugins.Registry.Create<IModel>(V2(new JsonObject { ["operators"] = new JsonArray("ts_mean", "ts_corr") }));
        Assert.Equal(["ts_corr", "ts_cov", "ts_stddev", "ts_zscore", "ts_return", "ts_decaylinear", "ts_mean"], ((IUsesOperators)paper).OperatorNames);
        foreach (var m in new[] { paper, two }) m.Build(new ModelShape(9, 30));
        // alphanet_v2: BatchNorm over K operator rows (2K weights and biases), LSTM(K → 30), BatchNorm(30), linear 30 → 1.
        static long Expected(int k) => 2 * k + 4 * (30 * k + 30 * 30 + 2 * 30) + 2 * 30 + 30 + 1;
        Assert.Equal(Expected(36 + 36 + 5 * 9), Parameters(paper)); // the paper's 117 rows
        Assert.Equal(Expected(9 + 36), Parameters(two));            // ts_mean: 9 rows, ts_corr: 36 pairs
        using var scope = torch.NewDisposeScope();
        var scores = two.forward(torch.randn(1, 4, 9, 30), torch.ones(1, 4, dtype: torch.ScalarType.Bool));
        Assert.Equal(new long[] { 1, 4 }, scores.shape);

        var typo = Assert.Throws<PluginLoadException>(() => TestPlugins.Registry.Create<IModel>(V2(new JsonObject { ["operators"] = new JsonArray("ts_corr", "ts_men") })));
        Assert.Contains("run.json: model.config: operators: no Operator plugin named 'ts_men'; did you mean 'ts_mean'?", typo.Message);
    }

    [Fact]
    public void ABadKeyOrValueNamesTheSourceTheKeyAndTheNearestValidOne()
    {
        var typo = Assert.Throws<PluginLoadException>(() => TestPlugins.Registry.Create<IModel>(Gru(new JsonObject { ["hiden"] = 8 })));
        Assert.Contains("run.json: model.config: unknown key 'hiden'; did you mean 'hidden'?", typo.Message);
        var heads = Assert.Throws<PluginLoadException>(() => TestPlugins.Registry.Create<IModel>(Gru(new JsonObject { ["hidden"] = 8, ["heads"] = 3 })));
        Assert.Contains("key 'heads': expected an integer >= 1 that divides hidden (8), got 3", heads.Message);
    }

    [Fact]
    public void ARunConfigSectionIsANameOrANameWithConfigAndErrorsNameTheFileAndKey()
    {
        var dir = Directory.CreateTempSubdirectory("alphahost-config-").FullName;
        try
        {
            var path = Path.Combine(dir, "run.json");
            File.WriteAllText(path, """{"model": {"name": "gru", "config": {"hidden": 8}}, "loss": "liq_wpcc", "challengers": ["mlp"]}""");
            var config = RunConfig.Load(path);
            Assert.Equal(("gru", 8), (config.Model.Name, (int)config.Model.Config!["hidden"]!));
            Assert.Equal("liq_wpcc", config.Loss.Name);
            Assert.Equal($"{path}: key 'challengers[0]'", config.Challengers[0].Source);
            config.CheckPlugins(TestPlugins.Registry);

            File.WriteAllText(path, """{"model": {"name": "gru", "options": {}}}""");
            var shape = Assert.Throws<ConfigException>(() => RunConfig.Load(path));
            Assert.Contains($"{path}: key 'model': expected a plugin name, or an object", shape.Message);

            File.WriteAllText(path, """{"loss": "wpcc_liq"}""");
            var unknown = Assert.Throws<PluginLoadException>(() => RunConfig.Load(path).CheckPlugins(TestPlugins.Registry));
            Assert.Equal($"{path}: key 'loss': no Loss plugin named 'wpcc_liq'; Loss plugins: bce, cross_entropy, ic, liq_wpcc, mse, rank_ic, wpcc", unknown.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

using System.Text.Json.Nodes;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Sdk.Tests.Plugins;

public class ConfigSchemaTests
{
    public enum Pooling { Max, Mean }

    public sealed record ModelConfig : PluginConfig
    {
        public int Hidden { get; init; } = 30;
        public double LearningRate { get; init; } = 1e-3;
        public Pooling Pooling { get; init; } = Pooling.Max;
        public string? Tag { get; init; }
        public int[] Horizons { get; init; } = [1, 5];

        public override IEnumerable<ConfigError> Validate()
        {
            if (Hidden < 1) yield return new(nameof(Hidden), "an integer >= 1", Hidden);
            if (LearningRate is <= 0 or > 1) yield return new(nameof(LearningRate), "a number in (0, 1]", LearningRate);
        }
    }

    private static ConfigLayer Layer(string source, string json) => new(source, JsonNode.Parse(json)!.AsObject());

    private static ConfigException BindFails(params ConfigLayer[] layers) =>
        Assert.Throws<ConfigException>(() => ConfigSchema.Bind<ModelConfig>(layers));

    [Fact]
    public void KeysAreCamelCasePropertyNamesInDeclarationOrderWithDefaults()
    {
        Assert.Equal(["hidden", "learningRate", "pooling", "tag", "horizons"], ConfigSchema.KeysOf<ModelConfig>());
        var hidden = ConfigSchema.Describe(typeof(ModelConfig))[0];
        Assert.Equal(("hidden", typeof(int), (object?)30), (hidden.Key, hidden.Type, hidden.Default));
    }

    [Fact]
    public void LaterLayersOverrideEarlierOnesKeyByKey()
    {
        var config = ConfigSchema.Bind<ModelConfig>(
            Layer("plugin.json", """{ "hidden": 64, "pooling": "Mean", "horizons": [1, 3, 5, 10] }"""),
            Layer("run.json", """{ "hidden": 128, "tag": null }"""));
        Assert.Equal(128, config.Hidden);
        Assert.Equal(1e-3, config.LearningRate); // default kept
        Assert.Equal(Pooling.Mean, config.Pooling);
        Assert.Equal([1, 3, 5, 10], config.Horizons);
        Assert.Null(config.Tag);
    }

    [Fact]
    public void AnUnknownKeyIsNamedWithTheNearestKnownOne()
    {
        var e = BindFails(Layer("run.json plugins.m", """{ "learningrate": 0.1 }"""));
        Assert.Equal("run.json plugins.m: unknown key 'learningrate'; did you mean 'learningRate'? expected one of: hidden, learningRate, pooling, tag, horizons",
            Assert.Single(e.Problems));
    }

    [Theory]
    [InlineData("""{ "hidden": "64" }""", "key 'hidden': expected an integer, got \"64\"")]
    [InlineData("""{ "hidden": 6.5 }""", "key 'hidden': expected an integer, got 6.5")]
    [InlineData("""{ "hidden": null }""", "key 'hidden': expected an integer, got null")]
    [InlineData("""{ "pooling": "Median" }""", "key 'pooling': expected one of \"Max\", \"Mean\", got \"Median\"")]
    [InlineData("""{ "pooling": 1 }""", "key 'pooling': expected one of \"Max\", \"Mean\", got 1")]
    [InlineData("""{ "horizons": [1, "x"] }""", "key 'horizons': expected an array of an integer, got [1,\"x\"]")]
    [InlineData("""{ "horizons": null }""", "key 'horizons': expected an array of an integer, got null")]
    public void AWronglyTypedValueNamesKeyExpectedAndGot(string json, string expected)
    {
        var e = BindFails(Layer("f.json", json));
        Assert.Equal("f.json: " + expected, Assert.Single(e.Problems));
    }

    [Fact]
    public void RangeChecksNameTheLayerThatSetTheKeyAndEveryProblemIsListed()
    {
        var e = BindFails(
            Layer("plugin.json", """{ "hidden": 0 }"""),
            Layer("run.json", """{ "learningRate": 2 }"""));
        Assert.Equal(
            ["plugin.json: key 'hidden': expected an integer >= 1, got 0", "run.json: key 'learningRate': expected a number in (0, 1], got 2"],
            e.Problems);
        Assert.Contains("bad config for ModelConfig", e.Message);
    }
}

namespace AlphaHost.Host.Tests.Run;

/// <summary>
/// Same config and seed → byte-identical factor and metrics, the challengers' and a live combination's
/// grades included (their fits share libtorch's process-wide generator, so they must not interleave);
/// another seed → another factor.
/// </summary>
[Collection("alphahost run")]
public class RunReproducibilityTests : IDisposable
{
    private readonly ScratchDir scratch = new();

    public void Dispose() => scratch.Dispose();

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    [Fact]
    public void SameSeedSameNumbersOtherSeedOtherFactor()
    {
        var dir = scratch.Path;
        var config = RunKit.TinyConfig(dir, challengers: ["example-linear", "alphanet_v2"]);
        // A live combination of two challengers: its weights and scores are part of the numbers too.
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(config))!.AsObject();
        json["combinations"] = System.Text.Json.Nodes.JsonNode.Parse("""[{"name": "blend", "combiner": "ic_weighted", "members": ["example-linear", "alphanet_v2"]}]""");
        File.WriteAllText(config, json.ToJsonString());
        string Run(string name, int seed)
        {
            var runDir = Path.Combine(dir, name);
            var (code, output) = RunKit.Run(Bound, "--config", config, "--out", runDir, "--seed", seed.ToString(), "--headless");
            Assert.True(code == 0, output);
            return runDir;
        }
        string a = Run("a", 11), b = Run("b", 11), c = Run("c", 12);
        string Read(string runDir, string file) => File.ReadAllText(Path.Combine(runDir, file));

        Assert.True(Read(a, "factor.csv").Split('\n').Length > 100, "the run scored too little to compare");
        Assert.Equal(Read(a, "factor.csv"), Read(b, "factor.csv"));
        Assert.Equal(Read(a, "metrics.json"), Read(b, "metrics.json"));
        Assert.Contains("\"name\": \"alphanet_v2\"", Read(a, "metrics.json"));
        Assert.True(Read(a, "models/blend/factor.csv").Split('\n').Length > 100, "the combination scored too little to compare");
        Assert.Equal(Read(a, "models/blend/factor.csv"), Read(b, "models/blend/factor.csv"));
        Assert.Equal(Read(a, "models/blend/weights.csv"), Read(b, "models/blend/weights.csv"));
        Assert.NotEqual(Read(a, "factor.csv"), Read(c, "factor.csv"));
    }
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AlphaHost.Host.Plugins;
using AlphaHost.Host.Research;
using AlphaHost.Host.Run;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Host.Cluster;

/// <summary>
/// One fit, everything a worker needs to repeat it: the run config (JSON, resolved: file + command
/// line), the model, the retrain (index and day), the seed and the market by content hash, with the
/// date range the client loaded. Config plus model, retrain, seed and market identify the result.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record FitJob(
    [property: Id(0)] string Config,
    [property: Id(1)] string Model,
    [property: Id(2)] int Retrain,
    [property: Id(3)] int Day,
    [property: Id(4)] int Seed,
    [property: Id(5)] string MarketHash,
    [property: Id(6)] string? From,
    [property: Id(7)] string? To)
{
    /// <summary>A short name for logs and for the file its result is kept in (computed: a deserialised job has no initialisers run).</summary>
    public string Key => Hash($"{Config}\n{Model}\n{Retrain}\n{Day}\n{Seed}\n{MarketHash}\n{From}\n{To}");

    public override string ToString() => $"{Label(Model)} retrain {Retrain} seed {Seed}";

    public RunConfig RunConfig() => ClusterConfig.Read(Config);
    public PluginChoice ModelChoice() => ClusterConfig.ReadChoice(Model);
    public DateOnly? FromDate => From is null ? null : DateOnly.Parse(From, System.Globalization.CultureInfo.InvariantCulture);
    public DateOnly? ToDate => To is null ? null : DateOnly.Parse(To, System.Globalization.CultureInfo.InvariantCulture);

    private static string Label(string model) => ClusterConfig.ReadChoice(model).ToString();

    internal static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
}

/// <summary>
/// What a fit gives back: the out-of-sample scores of its scored days ([days × stocks] row-major by
/// panel slot, NaN where a stock was not scored), its training curve, its first member's weights
/// (PyTorch state_dict bytes, as `train` writes model_N.pt), its parameter count and who ran it.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record FitOutcome(
    [property: Id(0)] string Key,
    [property: Id(1)] int Retrain,
    [property: Id(2)] int[] ScoredDays,
    [property: Id(3)] int Stocks,
    [property: Id(4)] double[] Scores,
    [property: Id(5)] CurvePoint[] Curve,
    [property: Id(6)] byte[] Weights,
    [property: Id(7)] long Parameters,
    [property: Id(8)] string Worker,
    [property: Id(9)] double Seconds,
    [property: Id(10)] double[]? PerOutput = null,
    [property: Id(11)] int Width = 1)
{
    /// <summary>The scores of the i-th scored day.</summary>
    public double[] Row(int i) => Scores.AsSpan(i * Stocks, Stocks).ToArray();

    /// <summary>The i-th scored day's outputs (null when the model's score is all there is).</summary>
    public DayOutputs? Outputs(int i) =>
        PerOutput is null ? null : new DayOutputs(Row(i), PerOutput.AsSpan(i * Stocks * Width, Stocks * Width).ToArray(), Width);
}

/// <summary>One epoch of a training curve (the wire form of <see cref="Research.EpochProgress"/>).</summary>
[GenerateSerializer, Immutable]
public sealed record CurvePoint(
    [property: Id(0)] int Retrain, [property: Id(1)] int Epoch, [property: Id(2)] double TrainLoss,
    [property: Id(3)] double ValidationLoss, [property: Id(4)] double ValidationMetric, [property: Id(5)] bool Best)
{
    public static CurvePoint Of(Research.EpochProgress p) => new(p.Retrain, p.Epoch, p.TrainLoss, p.ValidationLoss, p.ValidationMetric, p.Best);
    public Research.EpochProgress ToProgress() => new(Retrain, Epoch, TrainLoss, ValidationLoss, ValidationMetric, Best);
}

/// <summary>The run config as the JSON a worker binds again (every settable key, enums by name).</summary>
public static class ClusterConfig
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Write(RunConfig config)
    {
        var json = JsonSerializer.SerializeToNode(config, Options)!.AsObject();
        var keys = ConfigSchema.Describe(typeof(RunConfig)).Select(k => k.Key).ToHashSet();
        foreach (var key in json.Select(p => p.Key).Where(k => !keys.Contains(k)).ToList()) json.Remove(key);
        return json.ToJsonString();
    }

    public static RunConfig Read(string json) =>
        RunConfig.Load(null, JsonNode.Parse(json) as JsonObject ?? throw new ArgumentException("fit job: the run config is not a JSON object"), "fit job");

    public static string WriteChoice(PluginChoice choice) => JsonSerializer.Serialize(choice);
    public static PluginChoice ReadChoice(string json) => JsonSerializer.Deserialize<PluginChoice>(json)!;
}

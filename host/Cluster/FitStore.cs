using System.Text.Json;

namespace AlphaHost.Host.Cluster;

/// <summary>
/// Finished fits on disk, DIR/KEY.json (scores, curve) and DIR/KEY.pt (weights), written when a fit
/// comes back: a client restarted with the same command takes them instead of fitting again.
/// </summary>
public sealed class FitStore(string dir)
{
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public string Directory { get; } = System.IO.Directory.CreateDirectory(dir).FullName;

    public FitOutcome? Find(FitJob job)
    {
        var path = JsonPath(job.Key);
        if (!File.Exists(path)) return null;
        var outcome = JsonSerializer.Deserialize<FitOutcome>(File.ReadAllText(path), Json)!;
        var weights = WeightsPath(job.Key);
        return outcome with { Weights = File.Exists(weights) ? File.ReadAllBytes(weights) : [] };
    }

    public void Save(FitOutcome outcome)
    {
        File.WriteAllBytes(WeightsPath(outcome.Key), outcome.Weights);
        // The JSON last and atomically: its presence means the fit is complete.
        var path = JsonPath(outcome.Key);
        File.WriteAllText(path + ".part", JsonSerializer.Serialize(outcome with { Weights = [] }, Json));
        File.Move(path + ".part", path, overwrite: true);
    }

    private string JsonPath(string key) => Path.Combine(Directory, $"{key}.json");
    private string WeightsPath(string key) => Path.Combine(Directory, $"{key}.pt");
}

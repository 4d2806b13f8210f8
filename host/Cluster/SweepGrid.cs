using System.Globalization;
using System.Text.Json.Nodes;
using AlphaHost.Host.Run;

namespace AlphaHost.Host.Cluster;

/// <summary>
/// A sweep file (`alphahost sweep --config FILE`):
/// <code>
/// { "config": "run.json",                      optional: the base run config, relative to this file
///   "base": { "epochs": 1 },                   optional: run-config keys on top of it
///   "grid": { "learningRate": [0.001, 0.003],  run-config keys → the values to try (every combination)
///             "model": ["mlp", "gru"] },
///   "seeds": [1, 2, 3] }                       optional: each combination runs with each seed (default [1])
/// </code>
/// Every combination is one run config; the market is one for the whole sweep, so keys that change
/// it (marketDb, market, marketKind, stocks, days, alphaStrength, intradayBars) cannot be swept.
/// </summary>
public sealed record SweepGrid(IReadOnlyList<SweepPoint> Points, IReadOnlyList<int> Seeds, RunConfig Base)
{
    private static readonly string[] MarketKeys = ["marketDb", "market", "marketKind", "stocks", "days", "alphaStrength", "intradayBars"];

    public static SweepGrid Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"sweep {path}: not found");
        var root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new ArgumentException($"sweep {path}: expected a JSON object");
        foreach (var key in root.Select(p => p.Key))
            if (key is not ("config" or "base" or "grid" or "seeds"))
                throw new ArgumentException($"sweep {path}: unknown key '{key}'; expected config, base, grid, seeds");
        string? basePath = null;
        if (root["config"] is { } c)
        {
            basePath = c is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new ArgumentException($"sweep {path}: key 'config': expected a path to a run config");
            basePath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, basePath);
        }
        var baseKeys = root["base"] switch
        {
            null => new JsonObject(),
            JsonObject o => (JsonObject)o.DeepClone(),
            _ => throw new ArgumentException($"sweep {path}: key 'base': expected an object of run-config keys"),
        };
        var grid = root["grid"] as JsonObject ?? throw new ArgumentException($"sweep {path}: key 'grid': expected an object of run-config keys, each with an array of values");
        if (grid.Count == 0) throw new ArgumentException($"sweep {path}: key 'grid' is empty; name at least one run-config key with its values");
        var axes = new List<(string Key, JsonNode?[] Values)>();
        foreach (var (key, values) in grid)
        {
            if (values is not JsonArray array || array.Count == 0) throw new ArgumentException($"sweep {path}: grid key '{key}': expected a non-empty array of values");
            if (MarketKeys.Contains(key)) throw new ArgumentException($"sweep {path}: grid key '{key}' changes the market; a sweep grades every point on one market");
            axes.Add((key, array.Select(n => n?.DeepClone()).ToArray()));
        }
        int[] seeds = root["seeds"] switch
        {
            null => [1],
            JsonArray a when a.Count > 0 && a.All(n => n is JsonValue v && v.TryGetValue<int>(out _)) => a.Select(n => n!.GetValue<int>()).ToArray(),
            _ => throw new ArgumentException($"sweep {path}: key 'seeds': expected a non-empty array of integers"),
        };
        var baseConfig = RunConfig.Load(basePath, baseKeys, $"{path}: base");
        var points = new List<SweepPoint>();
        foreach (var combination in Combinations(axes))
        {
            var overrides = (JsonObject)baseKeys.DeepClone();
            foreach (var (key, value) in combination) overrides[key] = value?.DeepClone();
            string name = string.Join(" ", combination.Select(kv => $"{kv.Key}={Text(kv.Value)}"));
            var config = RunConfig.Load(basePath, overrides, $"{path}: grid point {name}");
            points.Add(new SweepPoint(points.Count, name, config));
        }
        return new SweepGrid(points, seeds, baseConfig);
    }

    private static IEnumerable<List<KeyValuePair<string, JsonNode?>>> Combinations(List<(string Key, JsonNode?[] Values)> axes, int i = 0)
    {
        if (i == axes.Count) { yield return []; yield break; }
        foreach (var value in axes[i].Values)
            foreach (var rest in Combinations(axes, i + 1))
                yield return [new(axes[i].Key, value), .. rest];
    }

    private static string Text(JsonNode? value) => value switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<double>(out var d) => d.ToString("G", CultureInfo.InvariantCulture),
        null => "null",
        _ => value.ToJsonString(),
    };
}

/// <summary>One combination of the grid: its index, its name (key=value ...) and its run config.</summary>
public sealed record SweepPoint(int Index, string Name, RunConfig Config);

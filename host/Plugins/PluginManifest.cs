using System.Text.Json;
using System.Text.Json.Nodes;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Host.Plugins;

/// <summary>
/// A plugin folder's <c>plugin.json</c>:
/// <code>
/// { "name": "examples", "version": "1.0.0", "family": "Sampler", "assembly": "AlphaHost.Plugins.Examples.dll",
///   "config": { "rolling-window": { "trainDays": 1000 } } }
/// </code>
/// <c>config</c> (optional) holds default config per plugin name; the run config may override it key by key.
/// </summary>
public sealed record PluginManifest(
    string Path,
    string Name,
    string Version,
    PluginFamily Family,
    string Assembly,
    IReadOnlyDictionary<string, JsonObject> Config)
{
    public const string FileName = "plugin.json";
    private static readonly string[] Keys = ["name", "version", "family", "assembly", "config"];

    /// <summary>Reads and checks a manifest; throws <see cref="PluginLoadException"/> naming the file and key.</summary>
    public static PluginManifest Read(string path)
    {
        if (!File.Exists(path)) throw new PluginLoadException($"{path}: missing; a plugin folder needs a {FileName} with name, version, family and assembly");
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new PluginLoadException($"{path}: line {e.LineNumber + 1}: not valid JSON ({e.Message.Split(" Path:")[0]})");
        }
        if (root is not JsonObject obj) throw new PluginLoadException($"{path}: expected a JSON object at the top");
        foreach (var (key, _) in obj)
            if (!Keys.Contains(key))
                throw new PluginLoadException($"{path}: unknown key '{key}'; expected one of: {string.Join(", ", Keys)}");

        var familyText = RequiredString(obj, "family", path);
        if (!Enum.TryParse<PluginFamily>(familyText, ignoreCase: false, out var family) || !Enum.IsDefined(family))
            throw new PluginLoadException($"{path}: key 'family': expected one of {string.Join(", ", Enum.GetNames<PluginFamily>())}, got \"{familyText}\"");

        var config = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        if (obj["config"] is { } configNode)
        {
            if (configNode is not JsonObject perPlugin)
                throw new PluginLoadException($"{path}: key 'config': expected an object of plugin name → {{ key: value }}");
            foreach (var (pluginName, values) in perPlugin)
            {
                if (values is not JsonObject o)
                    throw new PluginLoadException($"{path}: key 'config.{pluginName}': expected an object of config keys");
                config[pluginName] = (JsonObject)o.DeepClone();
            }
        }
        var assembly = RequiredString(obj, "assembly", path);
        if (assembly.Contains('/') || assembly.Contains('\\') || !assembly.EndsWith(".dll", StringComparison.Ordinal))
            throw new PluginLoadException($"{path}: key 'assembly': expected a file name like \"My.Plugin.dll\" in the plugin folder, got \"{assembly}\"");
        return new PluginManifest(path, RequiredString(obj, "name", path), RequiredString(obj, "version", path), family, assembly, config);
    }

    private static string RequiredString(JsonObject obj, string key, string path) =>
        obj[key] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0
            ? s
            : throw new PluginLoadException($"{path}: key '{key}': expected a non-empty string, got {obj[key]?.ToJsonString() ?? "nothing"}");
}

/// <summary>A plugin could not be loaded or validated; the message names the file, key or plugin and what was expected.</summary>
public sealed class PluginLoadException(string message, Exception? inner = null) : Exception(message, inner);

using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace AlphaHost.Host.Plugins;

/// <summary>
/// One plugin as a run config names it: <c>"model": "mlp"</c> or
/// <c>"model": {"name": "gru", "config": {"meanFactor": true}}</c>. The config object holds the
/// plugin's own keys (its <c>IConfigurable</c> config), layered over the defaults in its plugin.json.
/// </summary>
[JsonConverter(typeof(PluginChoiceConverter))]
[System.ComponentModel.Description("a plugin name, or an object {\"name\": ..., \"config\": {...}}")]
public sealed record PluginChoice(string Name, JsonObject? Config = null)
{
    /// <summary>Where the choice was written, for errors: e.g. "run.json model".</summary>
    [JsonIgnore]
    public string Source { get; init; } = "config";

    public static implicit operator PluginChoice(string name) => new(name);

    /// <summary>Where the config object was written, for errors about its keys: e.g. "run.json: model.config".</summary>
    [JsonIgnore]
    public string ConfigSource { get; init; } = "config";

    /// <summary>The plugin's config keys as a layer named after <see cref="ConfigSource"/>, or null when none are given.</summary>
    public AlphaHost.Sdk.Plugins.ConfigLayer? Layer =>
        Config is null ? null : new AlphaHost.Sdk.Plugins.ConfigLayer(ConfigSource, Config);

    /// <summary>
    /// Values applied beneath <see cref="Config"/> (over the plugin.json defaults), with their own
    /// source for errors: e.g. a run config's shorthand keys ("stocks", "days") for its market generator.
    /// </summary>
    [JsonIgnore]
    public AlphaHost.Sdk.Plugins.ConfigLayer? Beneath { get; init; }

    /// <summary>The same choice with its source named, e.g. <c>At("run.json", "model")</c>.</summary>
    public PluginChoice At(string file, string key) => this with { Source = $"{file}: key '{key}'", ConfigSource = $"{file}: {key}.config" };

    public override string ToString() => Config is null || Config.Count == 0 ? Name : $"{Name} {Config.ToJsonString()}";
}

/// <summary>Reads a plugin name or a {"name", "config"} object; anything else names what was expected.</summary>
public sealed class PluginChoiceConverter : JsonConverter<PluginChoice>
{
    public override PluginChoice Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String) return new PluginChoice(Name(reader.GetString()));
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("a plugin name, or an object {\"name\": ..., \"config\": {...}}");
        var node = JsonNode.Parse(ref reader) as JsonObject ?? throw new JsonException("an object");
        string? name = null;
        JsonObject? config = null;
        foreach (var (key, value) in node)
        {
            switch (key)
            {
                case "name" when value is JsonValue v && v.TryGetValue<string>(out var s):
                    name = s;
                    break;
                case "config" when value is JsonObject o:
                    config = (JsonObject)o.DeepClone();
                    break;
                case "config" when value is null:
                    break;
                default:
                    throw new JsonException($"an object with \"name\" (a string) and optional \"config\" (an object); key '{key}' is not one of them or has the wrong type");
            }
        }
        return new PluginChoice(Name(name), config);
    }

    private static string Name(string? name) =>
        string.IsNullOrWhiteSpace(name) ? throw new JsonException("a non-empty plugin name") : name;

    public override void Write(Utf8JsonWriter writer, PluginChoice value, JsonSerializerOptions options)
    {
        if (value.Config is null)
        {
            writer.WriteStringValue(value.Name);
            return;
        }
        writer.WriteStartObject();
        writer.WriteString("name", value.Name);
        writer.WritePropertyName("config");
        value.Config.WriteTo(writer, options);
        writer.WriteEndObject();
    }
}

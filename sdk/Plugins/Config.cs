using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace AlphaHost.Sdk.Plugins;

/// <summary>
/// Base of a plugin's typed config. Its public settable properties are the keys (camelCase in
/// JSON: <c>TrainDays</c> is <c>"trainDays"</c>); the values a new instance holds are the defaults.
/// <code>
/// public sealed record RollingConfig : PluginConfig
/// {
///     public int TrainDays { get; init; } = 1500;
///     public override IEnumerable&lt;ConfigError&gt; Validate()
///     {
///         if (TrainDays &lt; 2) yield return new(nameof(TrainDays), "an integer >= 2", TrainDays);
///     }
/// }
/// </code>
/// </summary>
public abstract record PluginConfig
{
    /// <summary>Range and cross-key checks, run after binding; one error per problem.</summary>
    public virtual IEnumerable<ConfigError> Validate() => [];
}

/// <summary>A plugin that takes a typed config; the host calls <see cref="Configure"/> once, right after construction.</summary>
public interface IConfigurable<TConfig> where TConfig : PluginConfig, new()
{
    void Configure(TConfig config);
}

/// <summary>One bad config value: the key (property name or JSON key), what was expected, what was given.</summary>
public sealed record ConfigError(string Key, string Expected, object? Got = null)
{
    public string JsonKey => ConfigSchema.JsonKey(Key);
}

/// <summary>Where a layer of config values came from, e.g. "plugins/bin/x/plugin.json config.rolling".</summary>
public sealed record ConfigLayer(string Source, JsonObject Values);

public sealed class ConfigException(string message, IReadOnlyList<string> problems) : Exception(message)
{
    /// <summary>One line per bad key: source, key, expected, got.</summary>
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>One key a config accepts, with its type and default.</summary>
public sealed record ConfigKey(string Key, Type Type, object? Default);

/// <summary>Reads the keys of a config type and binds JSON layers onto it, naming every bad key.</summary>
public static class ConfigSchema
{
    public static string JsonKey(string propertyName) =>
        propertyName.Length == 0 || char.IsLower(propertyName[0]) ? propertyName : char.ToLowerInvariant(propertyName[0]) + propertyName[1..];

    /// <summary>The JSON keys of <typeparamref name="TConfig"/>, for <see cref="PluginInfo.ConfigKeys"/>.</summary>
    public static IReadOnlyList<string> KeysOf<TConfig>() where TConfig : PluginConfig, new() =>
        Describe(typeof(TConfig)).Select(k => k.Key).ToArray();

    public static IReadOnlyList<ConfigKey> Describe(Type configType)
    {
        var defaults = New(configType);
        return Settable(configType).Select(p => new ConfigKey(JsonKey(p.Name), p.PropertyType, p.GetValue(defaults))).ToArray();
    }

    public static TConfig Bind<TConfig>(params ConfigLayer[] layers) where TConfig : PluginConfig, new() =>
        (TConfig)Bind(typeof(TConfig), layers);

    /// <summary>
    /// Defaults, then each layer in order (later wins). Throws <see cref="ConfigException"/> listing
    /// every unknown key, wrongly typed value and failed <see cref="PluginConfig.Validate"/> check.
    /// </summary>
    public static PluginConfig Bind(Type configType, IEnumerable<ConfigLayer> layers)
    {
        var config = New(configType);
        var properties = Settable(configType).ToDictionary(p => JsonKey(p.Name), StringComparer.Ordinal);
        var setBy = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<string>();
        // Fresh options per bind: the shared default cache would pin a plugin's types and stop its unload.
        var json = new JsonSerializerOptions { Converters = { new JsonStringEnumConverter(allowIntegerValues: false) } };
        var nullability = new NullabilityInfoContext();

        foreach (var layer in layers)
        {
            foreach (var (key, node) in layer.Values)
            {
                if (!properties.TryGetValue(key, out var property))
                {
                    var hint = Nearest(key, properties.Keys) is { } near ? $"did you mean '{near}'? " : "";
                    problems.Add($"{layer.Source}: unknown key '{key}'; {hint}expected one of: {string.Join(", ", properties.Keys)}");
                    continue;
                }
                try
                {
                    var value = node is null ? null : node.Deserialize(property.PropertyType, json);
                    if (value is null && !AcceptsNull(property, nullability))
                        throw new JsonException("null");
                    property.SetValue(config, value);
                    setBy[key] = layer.Source;
                }
                catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException or ArgumentException)
                {
                    problems.Add($"{layer.Source}: key '{key}': expected {Expected(property.PropertyType)}, got {node?.ToJsonString() ?? "null"}");
                }
            }
        }
        if (problems.Count == 0)
        {
            foreach (var error in config.Validate())
            {
                var source = setBy.GetValueOrDefault(error.JsonKey, "default");
                problems.Add($"{source}: key '{error.JsonKey}': expected {error.Expected}, got {Show(error.Got)}");
            }
        }
        if (problems.Count > 0)
            throw new ConfigException($"bad config for {configType.Name}: {string.Join("; ", problems)}", problems);
        return config;
    }

    private static PluginConfig New(Type configType)
    {
        if (!typeof(PluginConfig).IsAssignableFrom(configType))
            throw new ArgumentException($"{configType} does not derive from {nameof(PluginConfig)}");
        return (PluginConfig)Activator.CreateInstance(configType)!;
    }

    private static IEnumerable<PropertyInfo> Settable(Type t) =>
        t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0)
            .OrderBy(p => p.MetadataToken);

    private static bool AcceptsNull(PropertyInfo p, NullabilityInfoContext context) =>
        p.PropertyType.IsValueType
            ? Nullable.GetUnderlyingType(p.PropertyType) is not null
            : context.Create(p).WriteState != NullabilityState.NotNull;

    /// <summary>What a key of type <paramref name="t"/> takes, in words.</summary>
    public static string Expected(Type t)
    {
        var inner = Nullable.GetUnderlyingType(t);
        if (inner is not null) return Expected(inner) + " or null";
        if (t == typeof(int) || t == typeof(long) || t == typeof(short)) return "an integer";
        if (t == typeof(double) || t == typeof(float)) return "a number";
        if (t == typeof(decimal)) return "a decimal number";
        if (t == typeof(bool)) return "true or false";
        if (t == typeof(string)) return "a string";
        if (t == typeof(DateOnly)) return "a date \"yyyy-MM-dd\"";
        if (t.IsEnum) return "one of " + string.Join(", ", Enum.GetNames(t).Select(n => $"\"{n}\""));
        if (t.IsArray) return "an array of " + Expected(t.GetElementType()!);
        if (t.GetCustomAttribute<System.ComponentModel.DescriptionAttribute>() is { } described) return described.Description;
        return "a JSON value of type " + t.Name;
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>The known name within two edits of <paramref name="key"/> (case-insensitive), for "did you mean" hints.</summary>
    public static string? Nearest(string key, IEnumerable<string> known) =>
        known.Select(k => (k, d: Distance(key.ToLowerInvariant(), k.ToLowerInvariant())))
            .Where(x => x.d <= 2).OrderBy(x => x.d).Select(x => x.k).FirstOrDefault();

    private static int Distance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) prev[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}

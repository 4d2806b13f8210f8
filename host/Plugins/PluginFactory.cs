using System.Reflection;
using System.Text.Json.Nodes;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Host.Plugins;

/// <summary>
/// Finds the plugin types of an assembly, builds them (public parameterless constructor, then
/// typed config) and smoke-tests each on a throw-away instance. Family-agnostic: any public
/// concrete class implementing an interface derived from <see cref="IPlugin"/> is a plugin.
/// </summary>
internal static class PluginFactory
{
    public static IReadOnlyList<Type> FindTypes(Assembly assembly)
    {
        Type[] types;
        try
        {
            types = assembly.GetExportedTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            throw new PluginLoadException($"{assembly.GetName().Name}: types failed to load: {string.Join("; ", e.LoaderExceptions.Select(x => x?.Message).Distinct())}", e);
        }
        return types.Where(IsPlugin).OrderBy(t => t.FullName, StringComparer.Ordinal).ToArray();
    }

    public static bool IsPlugin(Type t) =>
        t is { IsClass: true, IsAbstract: false, IsPublic: true, ContainsGenericParameters: false }
        && typeof(IPlugin).IsAssignableFrom(t)
        && t.GetInterfaces().Any(i => i != typeof(IPlugin) && typeof(IPlugin).IsAssignableFrom(i))
        && !IsWrapper(t);

    /// <summary>
    /// A class whose every public constructor takes another plugin (e.g. a portfolio builder that
    /// rebalances another one every k ticks) is a building block for code, not a plugin the host
    /// can build by name.
    /// </summary>
    public static bool IsWrapper(Type t)
    {
        var constructors = t.GetConstructors();
        return constructors.Length > 0
               && constructors.All(c => c.GetParameters().Any(p => typeof(IPlugin).IsAssignableFrom(p.ParameterType)));
    }

    /// <summary>The SDK family interfaces a type implements, e.g. ISampler.</summary>
    public static IEnumerable<Type> FamiliesOf(Type t) =>
        t.GetInterfaces().Where(i => i != typeof(IPlugin) && typeof(IPlugin).IsAssignableFrom(i));

    /// <summary>Constructs and configures one instance; <paramref name="configFor"/> gives the config layers for a plugin name.</summary>
    public static LoadedPlugin Build(Type type, Func<string, IReadOnlyList<ConfigLayer>> configFor)
    {
        if (type.GetConstructor(Type.EmptyTypes) is null)
            throw new PluginLoadException($"plugin type {type.FullName} has no public parameterless constructor; the host builds plugins with one, then configures them");
        var instance = (IPlugin)Invoke(type.FullName!, "constructor", () => Activator.CreateInstance(type)!);
        var info = Invoke(type.FullName!, "Info", () => instance.Info)
                   ?? throw new PluginLoadException($"plugin type {type.FullName}: Info returned null");
        if (string.IsNullOrWhiteSpace(info.Name) || string.IsNullOrWhiteSpace(info.Version))
            throw new PluginLoadException($"plugin type {type.FullName}: Info needs a name and a version, got '{info.Name}' '{info.Version}'");
        Configure(instance, info, configFor(info.Name));
        return new LoadedPlugin(instance, info);
    }

    /// <summary>The smoke call: a second, throw-away instance, configured the same, runs <see cref="IPlugin.SelfTest"/>.</summary>
    public static void SmokeTest(LoadedPlugin plugin, Func<string, IReadOnlyList<ConfigLayer>> configFor)
    {
        var probe = Build(plugin.Instance.GetType(), configFor);
        Invoke($"{plugin.Info.Name} {plugin.Info.Version}", "SelfTest (smoke call)", () => { probe.Instance.SelfTest(); return 0; });
        (probe.Instance as IDisposable)?.Dispose();
    }

    private static void Configure(IPlugin instance, PluginInfo info, IReadOnlyList<ConfigLayer> layers)
    {
        // A derived plugin may add keys to its base's config (IConfigurable of a derived record): the most derived config wins.
        var configurable = instance.GetType().GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConfigurable<>))
            .OrderByDescending(i => Depth(i.GetGenericArguments()[0]))
            .FirstOrDefault();
        if (configurable is null)
        {
            var given = layers.SelectMany(l => l.Values.Select(kv => (l.Source, kv.Key))).FirstOrDefault();
            if (given.Key is not null)
                throw new PluginLoadException($"{given.Source}: unknown key '{given.Key}'; plugin {info.Name} takes no config");
            return;
        }
        PluginConfig config;
        try
        {
            config = ConfigSchema.Bind(configurable.GetGenericArguments()[0], layers);
        }
        catch (ConfigException e)
        {
            throw new PluginLoadException($"plugin {info.Name} {info.Version}: bad config: {string.Join("; ", e.Problems)}", e);
        }
        var configure = configurable.GetMethod("Configure")!;
        Invoke($"{info.Name} {info.Version}", "Configure", () => configure.Invoke(instance, [config]));
    }

    private static int Depth(Type t)
    {
        int depth = 0;
        for (var b = t.BaseType; b is not null; b = b.BaseType) depth++;
        return depth;
    }

    /// <summary>Runs plugin code, turning whatever it throws into a message naming the plugin and the call.</summary>
    private static T Invoke<T>(string who, string call, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is not PluginLoadException)
        {
            var inner = e is TargetInvocationException { InnerException: { } ie } ? ie : e;
            throw new PluginLoadException($"plugin {who}: {call} threw {Describe(inner)}", inner);
        }
    }

    /// <summary>One line for an exception, naming a missing assembly when that is the cause.</summary>
    public static string Describe(Exception e) => e switch
    {
        FileNotFoundException { FileName: { } file } => $"{e.GetType().Name}: could not load '{file}' (a dependency missing from the plugin folder?)",
        FileLoadException { FileName: { } file } => $"{e.GetType().Name}: could not load '{file}': {e.Message}",
        TypeLoadException or MissingMethodException => $"{e.GetType().Name}: {e.Message} (built against another SDK or dependency version?)",
        _ => $"{e.GetType().Name}: {e.Message}",
    };

    /// <summary>Config layers for a plugin name: the manifest's defaults, then the run config's overrides.</summary>
    public static Func<string, IReadOnlyList<ConfigLayer>> Layers(PluginManifest? manifest, IReadOnlyDictionary<string, ConfigLayer>? overrides) =>
        name =>
        {
            var layers = new List<ConfigLayer>(2);
            if (manifest is not null && manifest.Config.TryGetValue(name, out var defaults))
                layers.Add(new ConfigLayer($"{manifest.Path} config.{name}", defaults));
            if (overrides is not null && overrides.TryGetValue(name, out var run))
                layers.Add(run);
            return layers;
        };
}

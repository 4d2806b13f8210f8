using AlphaHost.Sdk.Plugins;
using Microsoft.Extensions.Logging;

namespace AlphaHost.Host.Plugins;

/// <summary>
/// The active version of every plugin, by plugin name, and the status of every plugin path.
/// Changes (<see cref="Install"/>, <see cref="Remove"/>) are made between ticks; reads are safe
/// from any thread. Systems reach plugins through <see cref="Handle{T}"/>, never by keeping an
/// instance, so an old version can unload.
/// </summary>
public sealed class PluginRegistry
{
    private readonly object _gate = new();
    private readonly Dictionary<string, PluginPackage> _packages = new(StringComparer.Ordinal); // by path
    private readonly Dictionary<string, LoadedPlugin> _active = new(StringComparer.Ordinal);     // by plugin name
    private readonly Dictionary<string, string> _failures = new(StringComparer.Ordinal);          // by path
    private readonly Dictionary<string, int> _faults = new(StringComparer.Ordinal);               // by plugin name
    private readonly Dictionary<string, int> _swaps = new(StringComparer.Ordinal);                // by path
    private readonly ILogger _log;

    public PluginRegistry(ILogger log) => _log = log;

    public PluginHandle<T> Handle<T>(string name) where T : class, IPlugin => new(this, name, _log);

    /// <summary>The active plugin named <paramref name="name"/> as <typeparamref name="T"/>, or null.</summary>
    public T? Get<T>(string name) where T : class, IPlugin
    {
        lock (_gate) return _active.TryGetValue(name, out var p) ? p.Instance as T : null;
    }

    /// <summary>
    /// A fresh instance of the active version of plugin <paramref name="choice"/>: built with its
    /// public parameterless constructor and configured with its plugin.json defaults, then the
    /// choice's config. Each use (a fit, an ensemble member, a retrain) takes its own, so a fitted
    /// model keeps the version it was built from while a newer one is installed beside it.
    /// A model built on operator layers (<see cref="IUsesOperators"/>) gets fresh instances of the
    /// operator plugins it names. Throws <see cref="PluginLoadException"/> naming the source when a
    /// name is unknown, the family is wrong or a config key is bad.
    /// </summary>
    public T Create<T>(PluginChoice choice) where T : class, IPlugin
    {
        LoadedPlugin prototype;
        PluginPackage package;
        lock (_gate)
        {
            if (!_active.TryGetValue(choice.Name, out prototype!) || prototype.Instance is not T)
                throw new PluginLoadException(Missing<T>(choice));
            package = _packages[PathOf(prototype)];
        }
        var overrides = choice.Layer is { } run ? new Dictionary<string, ConfigLayer> { [choice.Name] = run } : null;
        var layers = PluginFactory.Layers(package.Manifest, overrides);
        if (choice.Beneath is { } beneath)
        {
            var manifestOnly = PluginFactory.Layers(package.Manifest, null);
            layers = name => name != choice.Name ? manifestOnly(name)
                : [.. manifestOnly(name), beneath, .. choice.Layer is { } own ? new[] { own } : []];
        }
        var instance = (T)PluginFactory.Build(prototype.Instance.GetType(), layers).Instance;
        if (instance is IUsesOperators user)
            user.UseOperators(user.OperatorNames.Select(name => Create<IOperatorLayer>(new PluginChoice(name) { Source = $"{choice.ConfigSource}: operators" })).ToArray());
        return instance;
    }

    /// <summary>Builds, configures and disposes one instance: a bad name or config fails here, before any work.</summary>
    public void Check<T>(PluginChoice choice) where T : class, IPlugin =>
        (Create<T>(choice) as IDisposable)?.Dispose();

    private string Missing<T>(PluginChoice choice) where T : class, IPlugin
    {
        var family = Family<T>();
        var known = Names(family);
        var hint = ConfigSchema.Nearest(choice.Name, known) is { } near ? $"did you mean '{near}'? " : "";
        var other = _active.TryGetValue(choice.Name, out var p) ? $"'{choice.Name}' is a {p.Info.Family} plugin, not a {family}; " : "";
        var failed = _failures.Where(f => System.IO.Path.GetFileNameWithoutExtension(f.Key) == choice.Name).Select(f => $" ({f.Key} failed to load: {f.Value.Split('\n')[0]})").FirstOrDefault() ?? "";
        return $"{choice.Source}: no {family} plugin named '{choice.Name}'{failed}; {other}{hint}{family} plugins: {(known.Count == 0 ? "none loaded" : string.Join(", ", known))}";
    }

    /// <summary>The family whose SDK interface is <typeparamref name="T"/>.</summary>
    public static PluginFamily Family<T>() where T : class, IPlugin => typeof(T).Name switch
    {
        nameof(IModel) => PluginFamily.Model,
        nameof(ILoss) => PluginFamily.Loss,
        nameof(ILabel) => PluginFamily.Label,
        nameof(ISampler) => PluginFamily.Sampler,
        nameof(IPortfolioBuilder) => PluginFamily.Portfolio,
        nameof(IBacktester) => PluginFamily.Backtester,
        nameof(IOperatorLayer) => PluginFamily.Operator,
        nameof(IMarketSource) => PluginFamily.MarketSource,
        nameof(IMarketGenerator) => PluginFamily.MarketSource,
        nameof(ICombiner) => PluginFamily.Combiner,
        nameof(IAssetEmbedder) => PluginFamily.Embedder,
        _ => throw new ArgumentException($"{typeof(T).Name} is not a plugin family interface"),
    };

    /// <summary>The config keys the active plugin of this name accepts (empty when none is active).</summary>
    public IReadOnlyList<string> KeysOf(string name)
    {
        lock (_gate) return _active.TryGetValue(name, out var p) ? p.Info.ConfigKeys : [];
    }

    internal PluginInfo? InfoOf(string name)
    {
        lock (_gate) return _active.TryGetValue(name, out var p) ? p.Info : null;
    }

    /// <summary>Names of the active plugins of a family (e.g. every backtester).</summary>
    public IReadOnlyList<string> Names(PluginFamily family)
    {
        lock (_gate) return _active.Values.Where(p => p.Info.Family == family).Select(p => p.Info.Name).Order(StringComparer.Ordinal).ToArray();
    }

    public IReadOnlyList<PluginStatus> Statuses()
    {
        lock (_gate)
        {
            var rows = new List<PluginStatus>();
            foreach (var (path, package) in _packages)
            {
                _failures.TryGetValue(path, out var failure);
                foreach (var p in package.Plugins)
                    rows.Add(new PluginStatus(p.Info.Name, p.Info.Family, p.Info.Version, package.Origin, path, LoadState.Active,
                        failure is null ? null : "last reload failed, previous version kept: " + failure,
                        _faults.GetValueOrDefault(p.Info.Name), _swaps.GetValueOrDefault(path)));
            }
            foreach (var (path, failure) in _failures.Where(f => !_packages.ContainsKey(f.Key)))
                rows.Add(new PluginStatus(System.IO.Path.GetFileNameWithoutExtension(path), null, "-",
                    Directory.Exists(path) ? PluginOrigin.Folder : PluginOrigin.Source, path, LoadState.Failed, failure, 0, 0));
            return rows.OrderBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Path, StringComparer.Ordinal).ToArray();
        }
    }

    /// <summary>
    /// Makes <paramref name="next"/> the active version of its path: hands state over plugin by
    /// plugin (where both versions are <see cref="IStatefulPlugin"/>), then unloads the previous
    /// version. Returns a weak reference to the previous version's context (null if there was none).
    /// Call between ticks.
    /// </summary>
    public WeakReference? Install(PluginPackage next)
    {
        lock (_gate)
        {
            foreach (var p in next.Plugins)
                if (_active.TryGetValue(p.Info.Name, out var other) && !next.Path.Equals(PathOf(other), StringComparison.Ordinal))
                    throw new PluginLoadException($"{next.Path}: plugin name '{p.Info.Name}' is already provided by {PathOf(other)}");

            _packages.TryGetValue(next.Path, out var previous);
            if (previous is not null)
            {
                foreach (var p in next.Plugins)
                    if (_active.TryGetValue(p.Info.Name, out var old))
                        HandOver(old, p);
                foreach (var p in previous.Plugins) _active.Remove(p.Info.Name);
                _swaps[next.Path] = _swaps.GetValueOrDefault(next.Path) + 1;
            }
            foreach (var p in next.Plugins)
            {
                _active[p.Info.Name] = p;
                _faults.Remove(p.Info.Name);
            }
            _packages[next.Path] = next;
            _failures.Remove(next.Path);
            _log.LogInformation("plugin {Name} {Version} active from {Path}{Previous}", next.Name, next.Version, next.Path,
                previous is null ? "" : $" (replaces {previous.Version})");
            return previous?.Unload();
        }
    }

    /// <summary>Removes the plugins of a deleted path and unloads them.</summary>
    public WeakReference? Remove(string path)
    {
        lock (_gate)
        {
            _failures.Remove(path);
            if (!_packages.Remove(path, out var package)) return null;
            foreach (var p in package.Plugins) _active.Remove(p.Info.Name);
            _log.LogInformation("plugin {Name} {Version} removed ({Path} is gone)", package.Name, package.Version, path);
            return package.Unload();
        }
    }

    /// <summary>Records a failed load of <paramref name="path"/>; an active previous version stays active.</summary>
    public void RecordFailure(string path, string message)
    {
        lock (_gate) _failures[path] = message;
    }

    internal void RecordFault(string name)
    {
        lock (_gate) _faults[name] = _faults.GetValueOrDefault(name) + 1;
    }

    private string PathOf(LoadedPlugin plugin) =>
        _packages.First(kv => kv.Value.Plugins.Contains(plugin)).Key;

    private void HandOver(LoadedPlugin from, LoadedPlugin to)
    {
        if (from.Instance is not IStatefulPlugin source || to.Instance is not IStatefulPlugin target) return;
        try
        {
            target.LoadState(source.SaveState());
            _log.LogInformation("plugin {Name}: state handed from {Old} to {New}", to.Info.Name, from.Info.Version, to.Info.Version);
        }
        catch (Exception e)
        {
            // The new version starts fresh rather than not at all.
            _log.LogWarning("plugin {Name}: state not handed from {Old} to {New}: {Error}", to.Info.Name, from.Info.Version, to.Info.Version, e.ToString());
        }
    }
}

using AlphaHost.Sdk.Plugins;
using Microsoft.Extensions.Logging;

namespace AlphaHost.Host.Plugins;

/// <summary>
/// How a system calls a plugin: by name, always reaching the active version, with every call
/// isolated. A call that throws is logged (plugin, version, stack), counted, and answered with
/// the caller's fallback; the host keeps ticking. Holds no plugin instance between calls.
/// </summary>
public sealed class PluginHandle<T> where T : class, IPlugin
{
    private readonly PluginRegistry _registry;
    private readonly ILogger _log;

    internal PluginHandle(PluginRegistry registry, string name, ILogger log)
    {
        _registry = registry;
        Name = name;
        _log = log;
    }

    public string Name { get; }

    /// <summary>True when a plugin of this name and family is active.</summary>
    public bool IsAvailable => _registry.Get<T>(Name) is not null;

    /// <summary>The active version's metadata, or null.</summary>
    public PluginInfo? Info => _registry.InfoOf(Name);

    /// <summary>Calls the active version; on a throw or when none is active returns <paramref name="fallback"/>.</summary>
    public TResult Call<TResult>(Func<T, TResult> call, TResult fallback)
    {
        var plugin = _registry.Get<T>(Name);
        if (plugin is null) return fallback;
        try
        {
            return call(plugin);
        }
        catch (Exception e)
        {
            Fault(e);
            return fallback;
        }
    }

    /// <summary>Calls the active version; false when it threw or none is active.</summary>
    public bool TryCall(Action<T> call) => Call(p => { call(p); return true; }, false);

    private void Fault(Exception e)
    {
        _registry.RecordFault(Name);
        // Only text is kept: a live exception would pin the plugin's code and block its unload.
        _log.LogError("plugin {Name} {Version} threw; call skipped, host continues: {Error}", Name, _registry.InfoOf(Name)?.Version ?? "?", e.ToString());
    }
}

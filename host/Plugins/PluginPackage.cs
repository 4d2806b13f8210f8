using System.Runtime.Loader;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Host.Plugins;

public enum PluginOrigin
{
    /// <summary>A folder with plugin.json and a built assembly.</summary>
    Folder,
    /// <summary>A single .cs file compiled at run time.</summary>
    Source,
}

/// <summary>One plugin instance of a package, configured and ready.</summary>
public sealed record LoadedPlugin(IPlugin Instance, PluginInfo Info);

/// <summary>
/// One loaded version of a plugin folder or source file: its load context and the plugins it
/// provides. Nothing outside the registry should keep a reference, or the version cannot unload.
/// </summary>
public sealed class PluginPackage
{
    private AssemblyLoadContext? _context;
    private Action? _unload;

    /// <param name="context">The collectible context the version's code lives in (McMaster's for a folder).</param>
    /// <param name="unload">Unloads it (<c>McMaster.NETCore.Plugins.PluginLoader.Dispose</c> for a folder).</param>
    internal PluginPackage(string path, PluginOrigin origin, string name, string version, AssemblyLoadContext context, Action unload,
        IReadOnlyList<LoadedPlugin> plugins, PluginManifest? manifest = null)
    {
        Manifest = manifest;
        Path = path;
        Origin = origin;
        Name = name;
        Version = version;
        _context = context;
        _unload = unload;
        Plugins = plugins;
    }

    /// <summary>Full path of the folder or .cs file; the package's identity across versions.</summary>
    public string Path { get; }
    public PluginOrigin Origin { get; }
    public string Name { get; }
    public string Version { get; }
    public IReadOnlyList<LoadedPlugin> Plugins { get; private set; }

    /// <summary>The folder's plugin.json (null for a .cs plugin): its config defaults by plugin name.</summary>
    public PluginManifest? Manifest { get; }

    /// <summary>Drops every reference to the plugin's code and starts unloading; the weak reference tells when it is gone.</summary>
    internal WeakReference Unload()
    {
        var context = _context ?? throw new InvalidOperationException($"{Name} {Version} already unloaded");
        var unload = _unload!;
        var weak = new WeakReference(context);
        _context = null;
        _unload = null; // for a folder it holds McMaster's loader, and the loader its context
        Plugins = [];
        unload();
        return weak;
    }
}

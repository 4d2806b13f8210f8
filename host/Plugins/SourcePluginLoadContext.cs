using System.Reflection;
using System.Runtime.Loader;

namespace AlphaHost.Host.Plugins;

/// <summary>
/// The collectible load context of one version of a .cs plugin: <see cref="SourcePluginCompiler"/>'s
/// image is loaded from memory, so nothing on disk is held. Folder plugins load through
/// McMaster.NETCore.Plugins instead (<see cref="PluginLoader.LoadFolder"/>).
/// </summary>
/// <remarks>
/// A source plugin is compiled against the framework, the SDK and TorchSharp only, and has no folder
/// of its own: every reference it makes resolves in the default context, so it shares the host's
/// copies of <see cref="PluginLoader.SharedTypes"/> (one <c>IPlugin</c> type, one libtorch) as a
/// folder plugin does.
/// </remarks>
internal sealed class SourcePluginLoadContext(string name) : AssemblyLoadContext(name, isCollectible: true)
{
    public Assembly Load(byte[] image)
    {
        using var stream = new MemoryStream(image, writable: false);
        return LoadFromStream(stream);
    }

    /// <summary>null: the default context supplies it (the SDK, TorchSharp, the framework), or the load fails naming it.</summary>
    protected override Assembly? Load(AssemblyName name) => null;
}

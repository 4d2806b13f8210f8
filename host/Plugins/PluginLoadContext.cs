using System.Reflection;
using System.Runtime.Loader;

namespace AlphaHost.Host.Plugins;

/// <summary>
/// One collectible load context per plugin version. The SDK and TorchSharp come from the host so that
/// <c>IPlugin</c> is one type on both sides; everything else the plugin ships is resolved from its
/// own folder (managed via AssemblyDependencyResolver and the folder, native libraries likewise).
/// Assemblies are read into memory, so a build may overwrite the files while this version runs.
/// </summary>
internal sealed class PluginLoadContext : AssemblyLoadContext
{
    /// <summary>Assemblies always taken from the host: the contracts both sides must agree on.</summary>
    private static readonly HashSet<string> Shared = new(StringComparer.OrdinalIgnoreCase)
    {
        typeof(AlphaHost.Sdk.Plugins.IPlugin).Assembly.GetName().Name!,
        // Tensors cross the boundary, and libtorch's natives load once per process.
        typeof(TorchSharp.torch).Assembly.GetName().Name!,
        typeof(TorchSharp.PyBridge.PyBridgeModuleExtensions).Assembly.GetName().Name!,
    };

    private readonly string? _folder;
    private readonly AssemblyDependencyResolver? _resolver;

    public PluginLoadContext(string name, string? mainAssemblyPath) : base(name, isCollectible: true)
    {
        if (mainAssemblyPath is null) return;
        _folder = Path.GetDirectoryName(mainAssemblyPath);
        _resolver = new AssemblyDependencyResolver(mainAssemblyPath);
    }

    public Assembly LoadFile(string path)
    {
        using var image = new MemoryStream(File.ReadAllBytes(path));
        var pdbPath = Path.ChangeExtension(path, ".pdb");
        using var symbols = File.Exists(pdbPath) ? new MemoryStream(File.ReadAllBytes(pdbPath)) : null;
        return LoadFromStream(image, symbols);
    }

    protected override Assembly? Load(AssemblyName name)
    {
        if (name.Name is null || Shared.Contains(name.Name)) return null;
        var path = _resolver?.ResolveAssemblyToPath(name) ?? Probe(name.Name + ".dll");
        // null: the default context supplies it (the framework), or the load fails naming the assembly.
        return path is null ? null : LoadFile(path);
    }

    protected override IntPtr LoadUnmanagedDll(string name)
    {
        var path = _resolver?.ResolveUnmanagedDllToPath(name)
                   ?? Probe(name) ?? Probe("lib" + name + ".so") ?? Probe(name + ".so") ?? Probe("lib" + name + ".dylib") ?? Probe(name + ".dll");
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }

    private string? Probe(string fileName)
    {
        if (_folder is null) return null;
        var path = Path.Combine(_folder, fileName);
        return File.Exists(path) ? path : null;
    }
}

using System.Runtime.Loader;
using AlphaHost.Sdk.Plugins;
using McMasterPluginLoader = McMaster.NETCore.Plugins.PluginLoader;

namespace AlphaHost.Host.Plugins;

/// <summary>
/// Loads one version of a plugin folder or .cs file into a fresh collectible context and validates
/// it: assembly loads, every plugin type builds, its config binds, its smoke call passes. A failed
/// load unloads its context and throws <see cref="PluginLoadException"/> with a clear message.
/// </summary>
public sealed class PluginLoader
{
    private readonly IReadOnlyDictionary<string, ConfigLayer> _overrides;
    private int _generation;

    /// <param name="overrides">Run-config values by plugin name, applied over plugin.json defaults.</param>
    public PluginLoader(IReadOnlyDictionary<string, ConfigLayer>? overrides = null) =>
        _overrides = overrides ?? new Dictionary<string, ConfigLayer>();

    /// <summary>True for what the host treats as a plugin: a folder, or a .cs file.</summary>
    public static bool IsPluginPath(string path) =>
        Directory.Exists(path) || (File.Exists(path) && path.EndsWith(".cs", StringComparison.OrdinalIgnoreCase));

    public PluginPackage Load(string path) =>
        Directory.Exists(path) ? LoadFolder(path)
        : File.Exists(path) && path.EndsWith(".cs", StringComparison.OrdinalIgnoreCase) ? LoadSource(path)
        : throw new PluginLoadException($"{path}: not a plugin folder or .cs file");

    /// <summary>
    /// Types whose assemblies every plugin takes from the host, never from its own folder: the SDK
    /// (so <c>IPlugin</c> is one type on both sides), TorchSharp and its PyBridge (tensors cross the
    /// boundary, and libtorch's natives load once per process). The bus (NetMQ, MessagePack) is
    /// host-only: no plugin or SDK type references it.
    /// </summary>
    internal static readonly Type[] SharedTypes =
    [
        typeof(IPlugin),
        typeof(TorchSharp.torch),
        typeof(TorchSharp.PyBridge.PyBridgeModuleExtensions),
    ];

    /// <summary>
    /// Loads a plugin folder through McMaster.NETCore.Plugins: one collectible context per version;
    /// <see cref="SharedTypes"/> (and, preferring shared types, whatever else the host already has)
    /// come from the host, everything else from the folder by its deps.json, native libraries
    /// included (<c>runtimes/&lt;rid&gt;/native</c>). Assemblies are read into memory, so a build
    /// may overwrite the files while this version runs.
    /// </summary>
    public PluginPackage LoadFolder(string folder)
    {
        folder = Path.GetFullPath(folder);
        var manifest = PluginManifest.Read(Path.Combine(folder, PluginManifest.FileName));
        var assemblyPath = Path.Combine(folder, manifest.Assembly);
        if (!File.Exists(assemblyPath))
            throw new PluginLoadException($"{manifest.Path}: key 'assembly': {manifest.Assembly} is not in {folder}");
        McMasterPluginLoader loader;
        try
        {
            loader = McMasterPluginLoader.CreateFromAssemblyFile(assemblyPath, isUnloadable: true, SharedTypes, config =>
            {
                config.PreferSharedTypes = true;
                config.LoadInMemory = true;
            });
        }
        catch (Exception e) when (e is not PluginLoadException)
        {
            // e.g. a deps.json that does not parse
            throw new PluginLoadException($"{folder}: no load context: {PluginFactory.Describe(e)}", e);
        }
        return Validate(loader.LoadDefaultAssembly, loader.LoadContext, loader.Dispose, folder, PluginOrigin.Folder, manifest.Name, manifest.Version, manifest);
    }

    /// <summary>Compiles a .cs plugin with Roslyn and loads its image into a <see cref="SourcePluginLoadContext"/>.</summary>
    public PluginPackage LoadSource(string file)
    {
        file = Path.GetFullPath(file);
        var name = Path.GetFileNameWithoutExtension(file);
        var generation = Interlocked.Increment(ref _generation);
        var compiled = SourcePluginCompiler.Compile(file, $"{name}.source{generation}");
        if (!compiled.Succeeded)
            throw new PluginLoadException($"{file}: does not compile:\n  {string.Join("\n  ", compiled.Errors)}");
        var context = new SourcePluginLoadContext($"{name} (source) #{generation}");
        return Validate(() => context.Load(compiled.Image!), context, context.Unload, file, PluginOrigin.Source, name, version: null, manifest: null);
    }

    /// <param name="load">Loads the plugin's main assembly into <paramref name="context"/>.</param>
    /// <param name="unload">Unloads <paramref name="context"/>: at once if the version is rejected, else when it is replaced.</param>
    private PluginPackage Validate(Func<System.Reflection.Assembly> load, AssemblyLoadContext context, Action unload, string path, PluginOrigin origin,
        string name, string? version, PluginManifest? manifest)
    {
        try
        {
            System.Reflection.Assembly assembly;
            try
            {
                assembly = load();
            }
            catch (Exception e) when (e is BadImageFormatException or FileLoadException or IOException)
            {
                throw new PluginLoadException($"{path}: assembly does not load: {PluginFactory.Describe(e)}", e);
            }
            var types = PluginFactory.FindTypes(assembly);
            if (types.Count == 0)
                throw new PluginLoadException($"{path}: no plugin found; expected a public class implementing a plugin family interface (e.g. {nameof(ISampler)})");
            var layers = PluginFactory.Layers(manifest, _overrides);
            var plugins = types.Select(t => PluginFactory.Build(t, layers)).ToArray();
            foreach (var p in plugins)
            {
                if (manifest is not null && p.Info.Family != manifest.Family)
                    throw new PluginLoadException($"{manifest.Path}: key 'family': says {manifest.Family}, but plugin {p.Info.Name} is a {p.Info.Family}");
                if (manifest is not null && p.Info.Version != manifest.Version)
                    throw new PluginLoadException($"{manifest.Path}: key 'version': says {manifest.Version}, but plugin {p.Info.Name} reports {p.Info.Version} (stale build?)");
                PluginFactory.SmokeTest(p, layers);
            }
            var duplicate = plugins.GroupBy(p => p.Info.Name).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
                throw new PluginLoadException($"{path}: two plugins are named '{duplicate.Key}'");
            if (manifest is not null)
                foreach (var configured in manifest.Config.Keys.Where(k => plugins.All(p => p.Info.Name != k)))
                    throw new PluginLoadException($"{manifest.Path}: key 'config.{configured}': no plugin of that name here; plugins: {string.Join(", ", plugins.Select(p => p.Info.Name))}");
            return new PluginPackage(path, origin, name, version ?? plugins[0].Info.Version, context, unload, plugins, manifest);
        }
        catch (Exception e)
        {
            unload();
            if (e is PluginLoadException) throw;
            throw new PluginLoadException($"{path}: {PluginFactory.Describe(e)}", e);
        }
    }
}

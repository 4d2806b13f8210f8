using AlphaHost.Host.Plugins;

namespace AlphaHost.Host.Tests.Plugins;

/// <summary>A scratch plugins directory, deleted afterwards.</summary>
public sealed class ScratchDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("alphahost-plugins-").FullName;

    public string Combine(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}

/// <summary>Builds the fixture sources under Plugins/Fixtures into plugin folders or drops them as source plugins.</summary>
public static class PluginFixtures
{
    public static string Source(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name + ".cs");

    /// <summary>Compiles a fixture into <paramref name="dllPath"/>; fails the test on compile errors.</summary>
    public static string CompileTo(string fixture, string dllPath, string[]? symbols = null, string[]? references = null)
    {
        var key = $"{fixture}|{Path.GetFileName(dllPath)}|{string.Join(",", symbols ?? [])}|{string.Join(",", (references ?? []).Select(Path.GetFileName))}";
        var image = Compiled.GetOrAdd(key, _ =>
        {
            var result = SourcePluginCompiler.Compile(Source(fixture), Path.GetFileNameWithoutExtension(dllPath), symbols, references);
            Assert.True(result.Succeeded, string.Join("\n", result.Errors));
            return result.Image!;
        });
        Directory.CreateDirectory(Path.GetDirectoryName(dllPath)!);
        File.WriteAllBytes(dllPath, image);
        return dllPath;
    }

    // Compiling is the slow part of these tests; one image per fixture variant is enough.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte[]> Compiled = new();

    /// <summary>A plugin folder: the compiled fixture plus a plugin.json.</summary>
    public static string Folder(string root, string folder, string fixture, string family, string version = "1.0.0",
        string? configJson = null, string[]? symbols = null, string[]? references = null, string name = "fixture")
    {
        var dir = Path.Combine(root, folder);
        CompileTo(fixture, Path.Combine(dir, fixture + ".dll"), symbols, references);
        WriteManifest(dir, fixture, family, version, configJson, name);
        return dir;
    }

    public static void WriteManifest(string dir, string fixture, string family, string version = "1.0.0", string? configJson = null, string name = "fixture")
    {
        var config = configJson is null ? "" : $",\n  \"config\": {configJson}";
        File.WriteAllText(Path.Combine(dir, "plugin.json"),
            $"{{\n  \"name\": \"{name}\",\n  \"version\": \"{version}\",\n  \"family\": \"{family}\",\n  \"assembly\": \"{fixture}.dll\"{config}\n}}\n");
    }
}

using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Xunit;

namespace AlphaHost.Tests.Support;

/// <summary>
/// A static check of plugin sources: every tensor factory call (zeros, ones, full, arange, tensor, …,
/// with or without the torch. prefix; the *_like ones follow their input) passes device:, and nothing
/// moves data to the CPU. No GPU runs here and libtorch lacks meta kernels for several ops we use, so
/// this stands in for a run on another device.
/// </summary>
public static class SourceCheck
{
    private static readonly Regex Factory = new(@"(?<![\w.])(?:torch\.)?(zeros|ones|full|empty|arange|tensor|rand|randn|randint|randperm|eye|linspace|logspace|from_array|as_tensor)\s*\(");
    private static readonly Regex Constructor = new(@"public \w+\((?:[^()]|\([^()]*\))*\)\s*(:\s*(base|this)\((?:[^()]|\([^()]*\))*\)\s*)?\{");

    /// <summary>The .cs files of plugins/&lt;plugin&gt;, or of the given files and folders inside it.</summary>
    public static string[] PluginSources(string plugin, string[]? parts = null, [CallerFilePath] string here = "")
    {
        // here = <repo>/tests/plugins/<Plugin>/<file>.cs
        var root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", ".."));
        var folder = Path.Combine(root, "plugins", plugin);
        Assert.True(Directory.Exists(folder), $"plugin sources not found at {folder}");
        var files = (parts ?? [""]).SelectMany(p =>
        {
            var path = Path.Combine(folder, p);
            return p.EndsWith(".cs") ? [path] : Directory.GetFiles(path, "*.cs", SearchOption.AllDirectories);
        });
        return files.Where(f => !f.Contains("/obj/") && !f.Contains("/bin/")).ToArray();
    }

    /// <param name="skipConstructors">Leave out constructor bodies (parameters are built there, before any device move).</param>
    /// <param name="exemptBlocks">Members whose { … } body is left out, by their opening text, e.g. "public double[,] Snapshot(".</param>
    /// <param name="atLeast">Factories the files must hold, so a wrong path cannot pass silently.</param>
    public static void AssertEveryFactoryNamesADevice(IEnumerable<string> files, bool skipConstructors = false, string[]? exemptBlocks = null, int atLeast = 1)
    {
        int calls = 0;
        foreach (var file in files)
        {
            var text = Regex.Replace(File.ReadAllText(file), @"//.*", "");                   // comments and doc comments
            if (skipConstructors) text = Strip(Constructor.Replace(text, "\u0001{"), "\u0001");
            foreach (var exempt in exemptBlocks ?? []) text = Strip(text, exempt);
            foreach (Match m in Factory.Matches(text))
            {
                calls++;
                var call = m.Value + Balanced(text, m.Index + m.Length - 1)[1..];
                Assert.True(call.Contains("device"), $"{Path.GetFileName(file)}: {call} creates a tensor without device:, so on a GPU it would land on the CPU");
            }
            Assert.DoesNotMatch(@"\.cpu\(\)|DeviceType\.CPU|torch\.CPU\b|""cpu""", text);
        }
        Assert.True(calls >= atLeast, $"only {calls} tensor factories found: the check is not reading the sources it should");
    }

    // The text of the balanced (...) group opening at index open.
    private static string Balanced(string text, int open)
    {
        int depth = 0, end = open;
        for (; end < text.Length; end++)
            if (text[end] == '(') depth++;
            else if (text[end] == ')' && --depth == 0) break;
        return text[open..Math.Min(end + 1, text.Length)];
    }

    // Removes every { ... } block that follows marker (the marker included).
    private static string Strip(string text, string marker)
    {
        for (int at = text.IndexOf(marker, StringComparison.Ordinal); at >= 0; at = text.IndexOf(marker, StringComparison.Ordinal))
        {
            int open = text.IndexOf('{', at), depth = 0, end = open;
            for (; end < text.Length; end++)
                if (text[end] == '{') depth++;
                else if (text[end] == '}' && --depth == 0) break;
            text = text[..at] + text[Math.Min(end + 1, text.Length)..];
        }
        return text;
    }
}

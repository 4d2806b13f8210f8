using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace AlphaHost.Tests.Support;

/// <summary>
/// A static check of a plugin's sources: every torch factory call (zeros, ones, full, arange, tensor, …;
/// the *_like ones follow their input) passes device:, and nothing moves data to the CPU. The meta-device
/// tests cover the paths they run; this covers the ones they do not.
/// </summary>
public static class SourceCheck
{
    private static readonly Regex Factory = new(@"torch\.(zeros|ones|full|empty|arange|tensor|rand|randn|randint|randperm|eye|linspace|logspace|from_array|as_tensor)\s*\(");

    public static string[] PluginSources(string plugin, [CallerFilePath] string here = "")
    {
        // here = <repo>/tests/plugins/<Plugin>/<file>.cs
        var root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", ".."));
        var folder = Path.Combine(root, "plugins", plugin);
        Assert.True(Directory.Exists(folder), $"plugin sources not found at {folder}");
        return Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/") && !f.Contains("/bin/")).ToArray();
    }

    public static void AssertEveryFactoryNamesADevice(IEnumerable<string> files)
    {
        int calls = 0;
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            foreach (Match m in Factory.Matches(text))
            {
                calls++;
                int depth = 0, end = m.Index + m.Length - 1;
                for (; end < text.Length; end++)
                {
                    if (text[end] == '(') depth++;
                    else if (text[end] == ')' && --depth == 0) break;
                }
                var call = text[m.Index..(end + 1)];
                Assert.True(call.Contains("device"), $"{Path.GetFileName(file)}: {call} creates a tensor without device:, so on a GPU it would land on the CPU");
            }
            Assert.DoesNotMatch(@"\.cpu\(\)|DeviceType\.CPU|torch\.CPU\b|""cpu""", text);
        }
        Assert.True(calls > 0, "no tensor factory found: the check is not reading the plugin's sources");
    }
}

// Calls a native library the plugin ships in runtimes/<rid>/native/, declared in its deps.json.
using System.Runtime.InteropServices;
using AlphaHost.Sdk.Plugins;

namespace Fixtures;

public sealed class NativeCaller : IBacktester
{
    // The test ships a copy of zlib under this name: nothing outside the plugin folder is called that.
    [DllImport("fixturenative")]
    private static extern IntPtr zlibVersion();

    public PluginInfo Info => new("native-caller", "1.0.0", PluginFamily.Backtester, "calls its own native library", []);

    public void Observe(ScoredDay day) { }

    public IReadOnlyDictionary<string, double> Metrics() =>
        new Dictionary<string, double> { ["zlib_major"] = double.Parse(Marshal.PtrToStringAnsi(zlibVersion())!.Split('.')[0]) };
}

// A source plugin with a compile error on line 11 (an int given a string).
using AlphaHost.Sdk.Plugins;

namespace Fixtures;

public sealed class BrokenSource : IBacktester
{
    public PluginInfo Info => new("broken", "1.0.0", PluginFamily.Backtester, "does not compile", []);
    public void Observe(ScoredDay day)
    {
        int count = "not a number";
    }
    public IReadOnlyDictionary<string, double> Metrics() => new Dictionary<string, double>();
}

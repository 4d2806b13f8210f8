// Depends on FixtureHelper.dll, resolved from the plugin's own folder.
using AlphaHost.Sdk.Plugins;

namespace Fixtures;

public sealed class UsesHelper : IBacktester
{
    private readonly string _greeting = FixtureHelper.Greeting.Text;

    public PluginInfo Info => new("uses-helper", "1.0.0", PluginFamily.Backtester, _greeting, []);

    public void Observe(ScoredDay day) { }

    public IReadOnlyDictionary<string, double> Metrics() => new Dictionary<string, double> { ["greeting_length"] = _greeting.Length };
}

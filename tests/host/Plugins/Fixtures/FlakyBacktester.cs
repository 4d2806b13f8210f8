// Throws on every other day: the host must log it, skip the call and keep ticking.
using AlphaHost.Sdk.Plugins;

namespace Fixtures;

public sealed class FlakyBacktester : IBacktester
{
    private int _days;

    public PluginInfo Info => new("flaky", "1.0.0", PluginFamily.Backtester, "throws on even days", []);

    public void Observe(ScoredDay day)
    {
        if (day.Date.Day % 2 == 0 && day.Count == 1) throw new InvalidOperationException($"flaky fails on {day.Date:yyyy-MM-dd}");
        _days++;
    }

    public IReadOnlyDictionary<string, double> Metrics() => new Dictionary<string, double> { ["days"] = _days };
}

// A market source of three days of one stock: the market family through the same loading path.
using AlphaHost.Sdk.Plugins;

namespace Fixtures;

public sealed class ConstantMarket : IMarketSource
{
    private int _next;

    public PluginInfo Info => new("constant-market", "1.0.0", PluginFamily.MarketSource, "one stock at 10.0", []);

    public IReadOnlyList<DateOnly> Calendar { get; } = [new(2024, 1, 2), new(2024, 1, 3), new(2024, 1, 4)];

    public MarketBar? Next()
    {
        if (_next >= Calendar.Count) return null;
        var d = Calendar[_next++];
        return new MarketBar(d, 0, ["A"], [10], [10], [10], [10], [10], [100], [1000], [0.01], [0.02], [1], [1e9], [1],
            [true], [false], [false], [0], new Dictionary<string, double>());
    }
}

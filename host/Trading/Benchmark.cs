using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Host.Trading;

/// <summary>
/// Benchmark value, 1.0 at the first bar. With an index name: that index's level over its first
/// level. Without: compounded bar returns of the stocks weighted by the previous bar's index
/// weights (equal weights when the bar carries none). Rebuilt from the bars on resume.
/// </summary>
public sealed class Benchmark(string? indexName)
{
    private double? _firstLevel;
    private readonly Dictionary<string, (double Close, double Weight)> _previous = new(StringComparer.Ordinal);

    public double Value { get; private set; } = 1.0;

    public void Observe(MarketBar bar)
    {
        if (indexName is not null) ObserveIndex(bar, indexName);
        else ObserveWeighted(bar);
    }

    private void ObserveIndex(MarketBar bar, string name)
    {
        if (!bar.IndexClose.TryGetValue(name, out var level) || !double.IsFinite(level) || level <= 0)
            throw new InvalidDataException($"bar {bar.Date:yyyy-MM-dd}: benchmark index '{name}' is missing or not a positive level; known: {string.Join(", ", bar.IndexClose.Keys)}");
        _firstLevel ??= level;
        Value = level / _firstLevel.Value;
    }

    private void ObserveWeighted(MarketBar bar)
    {
        double weighted = 0, weights = 0, plain = 0;
        int n = 0;
        for (int i = 0; i < bar.Count; i++)
        {
            if (!_previous.TryGetValue(bar.Codes[i], out var prev) || !double.IsFinite(bar.Close[i]) || bar.Close[i] <= 0) continue;
            double r = bar.Close[i] / prev.Close - 1;
            weighted += prev.Weight * r;
            weights += prev.Weight;
            plain += r;
            n++;
        }
        if (weights > 0) Value *= 1 + weighted / weights;
        else if (n > 0) Value *= 1 + plain / n;
        for (int i = 0; i < bar.Count; i++)
            if (double.IsFinite(bar.Close[i]) && bar.Close[i] > 0)
                _previous[bar.Codes[i]] = (bar.Close[i], double.IsFinite(bar.IndexWeight[i]) ? bar.IndexWeight[i] : 0);
    }
}

using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Host.Trading;

/// <summary>Row of each code in one bar; -1 for a code the bar does not list (not listed, or delisted).</summary>
public sealed class BarIndex
{
    private readonly Dictionary<string, int> _rows;

    public BarIndex(MarketBar bar)
    {
        _rows = new Dictionary<string, int>(bar.Count, StringComparer.Ordinal);
        for (int i = 0; i < bar.Count; i++)
            if (!_rows.TryAdd(bar.Codes[i], i))
                throw new InvalidDataException($"bar {bar.Date:yyyy-MM-dd}#{bar.BarOfDay}: code {bar.Codes[i]} appears twice (rows {_rows[bar.Codes[i]]} and {i}); expected one row per code");
    }

    public int RowOf(string code) => _rows.TryGetValue(code, out var r) ? r : -1;
}

using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Host.Trading;

/// <summary>
/// What the session remembers of past bars: last close per code (for marking and delisting
/// payouts) and traded value over the last 20 bars (liquidity). A pure function of the bars seen,
/// so a resumed run rebuilds it by replaying the market.
/// </summary>
public sealed class MarketMemory
{
    public const int LiquidityWindow = 20;

    private sealed class AmountWindow
    {
        public readonly double[] Values = new double[LiquidityWindow];
        public int Count, Next;

        public void Push(double v)
        {
            Values[Next] = double.IsFinite(v) ? v : 0;
            Next = (Next + 1) % LiquidityWindow;
            if (Count < LiquidityWindow) Count++;
        }

        public double Mean()
        {
            if (Count == 0) return 0;
            double s = 0;
            for (int i = 0; i < Count; i++) s += Values[i];
            return s / Count;
        }
    }

    private readonly Dictionary<string, AmountWindow> _amounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _lastClose = new(StringComparer.Ordinal);

    /// <summary>Adds a bar; call after the bar has been traded so fills never see its close early.</summary>
    public void Observe(MarketBar bar)
    {
        for (int i = 0; i < bar.Count; i++)
        {
            var code = bar.Codes[i];
            if (!_amounts.TryGetValue(code, out var w)) _amounts[code] = w = new AmountWindow();
            w.Push(bar.Amount[i]);
            double c = bar.Close[i];
            if (double.IsFinite(c) && c > 0) _lastClose[code] = c;
        }
    }

    /// <summary>Mean traded value over the last (up to) 20 bars of the code; 0 if never seen.</summary>
    public double AvgTradedValue(string code) => _amounts.TryGetValue(code, out var w) ? w.Mean() : 0;

    public bool TryLastClose(string code, out decimal price, DateOnly date)
    {
        price = 0;
        if (!_lastClose.TryGetValue(code, out var c)) return false;
        price = Money.Price(c, "close", code, date);
        return true;
    }

    /// <summary>Last closes of the given codes, as ledger prices.</summary>
    public Dictionary<string, decimal> LastPrices(IEnumerable<string> codes, DateOnly date)
    {
        var result = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var code in codes)
            if (TryLastClose(code, out var p, date)) result[code] = p;
        return result;
    }
}

using AlphaHost.Host.Trading.Rules;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Host.Trading;

/// <summary>
/// Turns target weights decided at the close into orders: target units = weight × NAV / (close ×
/// multiplier), in whole lots toward zero; the order is target − held. Orders are issued in code order.
/// </summary>
public sealed class OrderPlanner(TradingConfig config, BoardLotRule boardLot)
{
    public List<Order> Plan(int tick, MarketBar bar, double[] targets, Book book, decimal nav, string builderName, ref long nextOrderId)
    {
        if (targets.Length != bar.Count)
            throw new InvalidOperationException($"portfolio builder {builderName} returned {targets.Length} weights for {bar.Count} stocks on {bar.Date:yyyy-MM-dd}; expected one per stock");
        var rows = Enumerable.Range(0, bar.Count).ToArray();
        Array.Sort(rows, (a, b) => string.CompareOrdinal(bar.Codes[a], bar.Codes[b]));
        double navValue = (double)nav;
        double multiplier = (double)config.ContractMultiplier;
        var orders = new List<Order>();
        foreach (var i in rows)
        {
            double w = targets[i];
            string code = bar.Codes[i];
            if (!double.IsFinite(w))
                throw new InvalidOperationException($"portfolio builder {builderName} returned weight {w} for {code} on {bar.Date:yyyy-MM-dd}; expected a finite number");
            if (w < 0 && !config.AllowShort)
                throw new InvalidOperationException($"portfolio builder {builderName} returned short weight {w} for {code} on {bar.Date:yyyy-MM-dd}, but the trading config does not allow shorts (allow_short)");
            long held = book.Held(code);
            double close = bar.Close[i];
            long target = w == 0 || !(close > 0) ? 0 : boardLot.RoundTarget(w * navValue / (close * multiplier));
            if (!(close > 0) && w != 0) target = held; // no price to size with: leave the position as it is
            long delta = target - held;
            if (delta != 0) orders.Add(new Order(nextOrderId++, tick, code, delta));
        }
        return orders;
    }
}

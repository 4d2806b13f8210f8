namespace AlphaHost.Sdk.Plugins;

/// <summary>
/// What a portfolio builder sees at the close of one tick. Every array is aligned with
/// <see cref="Codes"/> (the stocks listed at this tick). Everything here is known at the close.
/// </summary>
public sealed record PortfolioInput(
    DateOnly Date,
    int Tick,                   // 0-based ledger tick: the paper session's index of this bar (0 = its first); not the
                                // engine's 1-based tick on the bus. Lets builders act every k ticks without state
    string[] Codes,
    double[] Scores,            // NaN where the model gave no score
    double[] CurrentWeights,    // held value / NAV at today's close (negative for shorts)
    double[] Prices,            // today's close
    double[] AvgTradedValue20,  // mean traded value over the last 20 bars up to today (liquidity)
    bool[] Tradable,            // false while suspended
    bool[] LimitUp,
    bool[] LimitDown,
    decimal Nav)                // portfolio value at today's close
{
    public int Count => Codes.Length;
}

/// <summary>
/// Turns scores into target weights (value / NAV per stock, negative = short).
/// Returns null to mean "no rebalance this tick": the broker keeps positions and any carried orders.
/// Builders must be deterministic functions of their input so a resumed run decides the same.
/// </summary>
public interface IPortfolioBuilder : IPlugin
{
    double[]? Build(PortfolioInput input);
}

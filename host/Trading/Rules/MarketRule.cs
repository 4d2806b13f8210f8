using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Host.Trading.Rules;

/// <summary>A named market rule; the name is what rejection counts are reported under.</summary>
public interface IMarketRule
{
    string Name { get; }
}

/// <summary>One order meeting one bar: the stock's row in the bar and what the account holds.</summary>
public readonly record struct OrderAttempt(Order Order, MarketBar Bar, int Row, long Held, long BoughtToday);

/// <summary>
/// A rule that can stop all or part of an order on a bar. Allow gets the signed quantity still
/// standing and returns how much of it may go ahead (same sign, no larger).
/// </summary>
public interface IOrderGate : IMarketRule
{
    long Allow(in OrderAttempt attempt, long quantity);

    /// <summary>False when what this rule stops can never fill later (so it is dropped even under Carry).</summary>
    bool RemainderCanFillLater { get; }
}

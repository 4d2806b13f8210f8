namespace AlphaHost.Plugins.Market.Synthetic;

/// <summary>Exchange price rules: prices on a tick grid, daily limits from the reference price.</summary>
public static class PriceRules
{
    /// <summary>Nearest tick, half away from zero (11.495 → 11.50 at a 0.01 tick).</summary>
    public static double RoundToTick(double price, double tick) =>
        FromTicks(Math.Round(TicksOf(price, tick), MidpointRounding.AwayFromZero), tick);

    public static double FloorToTick(double price, double tick) => FromTicks(Math.Floor(TicksOf(price, tick)), tick);

    public static double CeilingToTick(double price, double tick) => FromTicks(Math.Ceiling(TicksOf(price, tick)), tick);

    // Price in ticks, with binary noise below 1e-9 tick removed so 11.494999999999999 counts as 1149.5.
    private static double TicksOf(double price, double tick) => Math.Round(price / tick, 9);

    // n ticks as the double nearest the exact decimal price: 1150 / 100 is 11.5, where 1150 × 0.01 is not.
    private static double FromTicks(double ticks, double tick) =>
        tick < 1 ? ticks / Math.Round(1 / tick) : ticks * tick;

    /// <summary>Upper and lower limit prices: reference × (1 ± limit), each rounded to the nearest tick.</summary>
    public static (double Up, double Down) Limits(double reference, double limit, double tick) =>
        (RoundToTick(reference * (1 + limit), tick), Math.Max(tick, RoundToTick(reference * (1 - limit), tick)));

    public static double Clamp(double price, double down, double up) => Math.Min(up, Math.Max(down, price));
}

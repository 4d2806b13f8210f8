namespace AlphaHost.Plugins.Market.Synthetic;

/// <summary>
/// GARCH(1,1) variance multiplier with long-run mean 1: h' = (1 − a − b) + a·e² + b·h, where e is
/// the last standardised shock times sqrt(h). Gives volatility clustering to any shock series.
/// h is capped at <see cref="MaxVariance"/> (volatility at most twice its long-run level): with
/// Student-t(4) shocks e² has no finite variance, so one extreme draw could otherwise lift a
/// stock's daily volatility past 50% for weeks and, through the limit carry-over, feed a streak
/// of a hundred limit-up days. Real A-share volatility clusters double or triple a stock's
/// calm-period level; they do not multiply it tenfold.
/// </summary>
public static class Garch
{
    public const double Arch = 0.08, Persistence = 0.90, MaxVariance = 4;

    public static double Next(double h, double shock) =>
        Math.Min(MaxVariance, (1 - Arch - Persistence) + Arch * shock * shock * h + Persistence * h);
}

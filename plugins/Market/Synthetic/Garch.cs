namespace AlphaHost.Plugins.Market.Synthetic;

/// <summary>
/// GARCH(1,1) variance multiplier with long-run mean 1: h' = (1 − a − b) + a·e² + b·h, where e is
/// the last standardised shock times sqrt(h). Gives volatility clustering to any shock series.
/// </summary>
public static class Garch
{
    public const double Arch = 0.08, Persistence = 0.90;

    public static double Next(double h, double shock) =>
        (1 - Arch - Persistence) + Arch * shock * shock * h + Persistence * h;
}

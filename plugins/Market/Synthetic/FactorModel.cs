namespace AlphaHost.Plugins.Market.Synthetic;

/// <summary>
/// The common part of equity returns: a market factor (GARCH, fat tails, small positive drift),
/// industry factors with slowly rotating drifts, and size/value/momentum premia that vary over time.
/// One draw per day, from its own random stream.
/// </summary>
public sealed class FactorModel
{
    public const int Styles = 3; // size, value, momentum
    private const double MarketVol = 0.012, MarketDrift = 0.0003;
    private const double IndustryVol = 0.008, IndustryDriftInnovation = 0.00005;
    private const double PremiumVol = 0.002, PremiumDriftInnovation = 0.00005, DriftPersistence = 0.995;

    private readonly Xoshiro256 _rng;
    private readonly double[] _industryDrift;
    private readonly double[] _premiumDrift = new double[Styles];
    private double _marketVariance = 1;

    public double Market { get; private set; }
    public double[] Industry { get; }
    public double[] Premium { get; } = new double[Styles];

    public FactorModel(Xoshiro256 rng, int industries)
    {
        _rng = rng;
        _industryDrift = new double[industries];
        Industry = new double[industries];
    }

    public void NextDay()
    {
        double shock = _rng.NextStudentT4();
        Market = MarketDrift + MarketVol * Math.Sqrt(_marketVariance) * shock;
        _marketVariance = Garch.Next(_marketVariance, shock);
        for (int j = 0; j < Industry.Length; j++)
        {
            _industryDrift[j] = DriftPersistence * _industryDrift[j] + IndustryDriftInnovation * _rng.NextNormal();
            Industry[j] = _industryDrift[j] + IndustryVol * _rng.NextStudentT4();
        }
        for (int k = 0; k < Styles; k++)
        {
            _premiumDrift[k] = DriftPersistence * _premiumDrift[k] + PremiumDriftInnovation * _rng.NextNormal();
            Premium[k] = _premiumDrift[k] + PremiumVol * _rng.NextNormal();
        }
    }
}

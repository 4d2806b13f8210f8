namespace AlphaHost.Plugins.Market.Synthetic;

/// <summary>The fixed traits of each synthetic stock, drawn once from the seed.</summary>
public sealed class EquityUniverse
{
    public const double MainBoardLimit = 0.10, GrowthBoardLimit = 0.20, Tick = 0.01;

    public int Count { get; }
    public string[] Codes { get; }
    public bool[] Growth { get; }
    public int[] Industry { get; }
    public double[] Beta, IndustryLoading, Sigma, Value, BaseTurnover, TotalShares, FreeShares, InitialPrice, DividendYield;
    public int[] ListDay, DelistDay, DividendOffset;

    public EquityUniverse(EquityMarketConfig config, Xoshiro256 rng)
    {
        int n = Count = config.Stocks;
        Codes = new string[n];
        Growth = new bool[n];
        Industry = new int[n];
        Beta = new double[n];
        IndustryLoading = new double[n];
        Sigma = new double[n];
        Value = new double[n];
        BaseTurnover = new double[n];
        TotalShares = new double[n];
        FreeShares = new double[n];
        InitialPrice = new double[n];
        DividendYield = new double[n];
        ListDay = new int[n];
        DelistDay = new int[n];
        DividendOffset = new int[n];
        for (int i = 0; i < n; i++)
        {
            Growth[i] = rng.Chance(config.GrowthBoardShare);
            Codes[i] = Growth[i] ? $"{300001 + i:D6}.SZ" : i % 2 == 0 ? $"{600000 + i:D6}.SH" : $"{1 + i:D6}.SZ";
            Industry[i] = rng.NextInt(config.Industries);
            Beta[i] = rng.Uniform(0.6, 1.4);
            IndustryLoading[i] = rng.Uniform(0.7, 1.3);
            // Base idiosyncratic daily vol 1.0–2.5% (×1.2 on the growth board): with the market factor a
            // stock's annualised vol lands in the 25–60% typical of A-shares, 70–80% in a GARCH cluster.
            Sigma[i] = rng.Uniform(0.010, 0.025) * (Growth[i] ? 1.2 : 1.0);
            Value[i] = rng.NextNormal();
            BaseTurnover[i] = Math.Exp(rng.Uniform(Math.Log(0.005), Math.Log(0.04)));
            InitialPrice[i] = Math.Round(Math.Exp(rng.Uniform(Math.Log(4), Math.Log(60))), 2);
            double cap = Math.Exp(Math.Log(8e9) + 0.9 * rng.NextNormal());
            TotalShares[i] = Math.Max(1e7, Math.Floor(cap / InitialPrice[i] / 1e4) * 1e4);
            FreeShares[i] = Math.Floor(TotalShares[i] * rng.Uniform(0.25, 0.9) / 100) * 100;
            DividendYield[i] = rng.Uniform(0, 0.03);
            DividendOffset[i] = 60 + rng.NextInt(190);
            bool ipo = rng.Chance(config.IpoShare) && config.Days > 10;
            ListDay[i] = ipo ? 1 + rng.NextInt(Math.Max(1, (int)(config.Days * 0.9) - 1)) : 0;
            bool delist = rng.Chance(config.DelistShare) && config.Days - ListDay[i] > 120;
            DelistDay[i] = delist ? ListDay[i] + 100 + rng.NextInt(config.Days - ListDay[i] - 100) : int.MaxValue;
        }
    }

    public double Limit(int stock) => Growth[stock] ? GrowthBoardLimit : MainBoardLimit;

    public bool IsListed(int stock, int day) => day >= ListDay[stock] && day < DelistDay[stock];
}

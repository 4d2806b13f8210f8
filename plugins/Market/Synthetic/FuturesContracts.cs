namespace AlphaHost.Plugins.Market.Synthetic;

/// <summary>One base futures contract: code, sector, price tick, contract multiplier, daily limit, typical price.</summary>
public sealed record FuturesContract(string Code, string Name, int Sector, double Tick, double Multiplier, double Limit, double Price);

/// <summary>The 45 base contracts of the synthetic futures market, grouped in six sectors (codes as on Chinese exchanges).</summary>
public static class FuturesContracts
{
    public static readonly string[] Sectors = ["ferrous", "non-ferrous", "precious", "energy-chemicals", "agriculture", "building-materials"];

    public static readonly IReadOnlyList<FuturesContract> All =
    [
        new("RB", "rebar", 0, 1, 10, 0.07, 3800), new("HC", "hot-rolled coil", 0, 1, 10, 0.07, 3900),
        new("I", "iron ore", 0, 0.5, 100, 0.11, 800), new("J", "coke", 0, 0.5, 100, 0.11, 2400),
        new("JM", "coking coal", 0, 0.5, 60, 0.11, 1600), new("SF", "ferrosilicon", 0, 2, 5, 0.07, 7000),
        new("SM", "silicomanganese", 0, 2, 5, 0.07, 6800),
        new("CU", "copper", 1, 10, 5, 0.07, 68000), new("AL", "aluminium", 1, 5, 5, 0.07, 19000),
        new("ZN", "zinc", 1, 5, 5, 0.07, 22000), new("PB", "lead", 1, 5, 5, 0.07, 15500),
        new("NI", "nickel", 1, 10, 1, 0.08, 150000), new("SN", "tin", 1, 10, 1, 0.08, 210000),
        new("SS", "stainless steel", 1, 5, 5, 0.07, 15000), new("BC", "international copper", 1, 10, 5, 0.07, 61000),
        new("AU", "gold", 2, 0.02, 1000, 0.06, 450), new("AG", "silver", 2, 1, 15, 0.07, 5500),
        new("SC", "crude oil", 3, 0.1, 1000, 0.08, 550), new("FU", "fuel oil", 3, 1, 10, 0.08, 3000),
        new("LU", "low-sulphur fuel oil", 3, 1, 10, 0.08, 4200), new("BU", "bitumen", 3, 1, 10, 0.07, 3600),
        new("PG", "LPG", 3, 1, 20, 0.07, 4800), new("TA", "PTA", 3, 2, 5, 0.06, 5600),
        new("MA", "methanol", 3, 1, 10, 0.07, 2500), new("PP", "polypropylene", 3, 1, 5, 0.07, 7800),
        new("L", "polyethylene", 3, 1, 5, 0.07, 8200), new("EG", "ethylene glycol", 3, 1, 10, 0.07, 4500),
        new("EB", "styrene", 3, 1, 5, 0.08, 8500), new("RU", "natural rubber", 3, 5, 10, 0.07, 13000),
        new("A", "soybean no.1", 4, 1, 10, 0.07, 5000), new("M", "soybean meal", 4, 1, 10, 0.07, 3400),
        new("Y", "soybean oil", 4, 2, 10, 0.07, 8500), new("P", "palm oil", 4, 2, 10, 0.08, 7800),
        new("OI", "rapeseed oil", 4, 1, 10, 0.07, 9500), new("RM", "rapeseed meal", 4, 1, 10, 0.07, 2800),
        new("C", "corn", 4, 1, 10, 0.06, 2600), new("CS", "corn starch", 4, 1, 10, 0.06, 3000),
        new("CF", "cotton", 4, 5, 5, 0.06, 15500), new("SR", "sugar", 4, 1, 10, 0.06, 6000),
        new("JD", "eggs", 4, 1, 10, 0.07, 4200), new("AP", "apples", 4, 1, 10, 0.07, 8000),
        new("LH", "live hogs", 4, 5, 16, 0.08, 16000),
        new("FG", "glass", 5, 1, 20, 0.07, 1700), new("SA", "soda ash", 5, 1, 20, 0.07, 2200),
        new("V", "PVC", 5, 1, 5, 0.07, 6200),
    ];
}

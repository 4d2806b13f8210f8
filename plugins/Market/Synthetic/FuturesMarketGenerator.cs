using System.Diagnostics;
using System.Globalization;
using AlphaHost.Sdk.Data;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Plugins.Market.Synthetic;

/// <summary>
/// Writes a synthetic futures market (continuous main contracts, no roll gaps, adj_factor 1).
/// Log return of contract i in sector s on day t:
///   r = g_i·global + l_i·(sector_s + drift_s) + sigma_i·sqrt(h_i)·t4
/// The sector factors carry most of the variance (within-sector correlation ≈ 0.7); each sector's
/// drift is redrawn on average every <see cref="RegimeDays"/> days, so leadership rotates across
/// sectors. Open interest follows a slow log random walk; volume scales with it and with |r|.
/// industry = sector index; turnover = volume / open interest; market cap and free turnover are NULL.
/// With <see cref="FuturesMarketConfig.ListingSpreadDays"/> contracts list on staggered days (their
/// paths run from day 0, bars are written from listing); with a <see cref="FuturesUniverseRule"/>
/// a listed contract outside the universe that day has tradable = false. The index averages the
/// listed contracts' returns. Plugin "synthetic_futures".
/// </summary>
public sealed class FuturesMarketGenerator : IMarketGenerator, IConfigurable<FuturesMarketConfig>
{
    public const string Name = "synthetic_futures";

    public const double RegimeDays = 60;
    private const double GlobalVol = 0.005, SectorVol = 0.009, IdioVol = 0.005, RegimeDriftVol = 0.0012;

    private FuturesMarketConfig _config = new();

    public PluginInfo Info { get; } = new(Name, "1.0.0", PluginFamily.MarketSource,
        "synthetic futures: main contracts in sectors with rotating regimes, open interest", ConfigSchema.KeysOf<FuturesMarketConfig>());

    /// <summary>For the plugin host: defaults until <see cref="Configure"/>.</summary>
    public FuturesMarketGenerator() { }

    /// <summary>Built directly: throws naming the first key out of range.</summary>
    public FuturesMarketGenerator(FuturesMarketConfig config) => Configure(config);

    public void Configure(FuturesMarketConfig config)
    {
        EquityMarketConfig.ThrowIfInvalid(config);
        _config = config;
    }

    public GenerationReport Generate(IMarketRecorder writer)
    {
        var clock = Stopwatch.StartNew();
        var c = _config;
        int n = c.Contracts, sectors = FuturesContracts.Sectors.Length;
        var contracts = FuturesContracts.All.Take(n).ToArray();
        var traits = Xoshiro256.ForStream(c.Seed, 11);
        var factorRng = Xoshiro256.ForStream(c.Seed, 12);
        var shocks = Xoshiro256.ForStream(c.Seed, 13);
        var intradayRng = Xoshiro256.ForStream(c.Seed, 14);
        var listingRng = Xoshiro256.ForStream(c.Seed, 15);
        var listing = Enumerable.Range(0, n).Select(i => i == 0 || c.ListingSpreadDays == 0 ? 0 : listingRng.NextInt(c.ListingSpreadDays + 1)).ToArray();
        var universe = Enumerable.Range(0, n).Select(_ => new FuturesUniverseRule.Tracker(c.Universe)).ToArray();
        var dates = TradingCalendar.WithFixedHolidays(c.Start.Year, c.Start.Year + c.Days / 200 + 2).Days(c.Start, c.Days);

        var globalLoading = new double[n];
        var sectorLoading = new double[n];
        var sigma = new double[n];
        var price = new double[n];
        var openInterest = new double[n];
        var variance = new double[n];
        for (int i = 0; i < n; i++)
        {
            globalLoading[i] = traits.Uniform(0.5, 1.5);
            sectorLoading[i] = traits.Uniform(0.8, 1.2);
            sigma[i] = IdioVol * traits.Uniform(0.8, 1.5);
            price[i] = PriceRules.RoundToTick(contracts[i].Price * Math.Exp(0.2 * traits.NextNormal()), contracts[i].Tick);
            openInterest[i] = Math.Round(Math.Exp(traits.Uniform(Math.Log(5e4), Math.Log(1e6))));
            variance[i] = 1;
        }
        var sectorDrift = new double[sectors];
        var sectorVariance = Enumerable.Repeat(1.0, sectors).ToArray();
        double globalVariance = 1, indexLevel = 1000;

        writer.SetMeta("kind", "futures");
        writer.SetMeta("seed", c.Seed.ToString(CultureInfo.InvariantCulture));
        writer.SetMeta("contracts", n.ToString(CultureInfo.InvariantCulture));
        writer.SetMeta("days", c.Days.ToString(CultureInfo.InvariantCulture));
        writer.SetMeta("intraday_bars", c.IntradayBars.ToString(CultureInfo.InvariantCulture));
        writer.SetMeta("sectors", string.Join(",", FuturesContracts.Sectors));
        for (int i = 0; i < n; i++)
            writer.WriteInstrument(new Instrument(i + 1, contracts[i].Code, contracts[i].Sector, FuturesContracts.Sectors[contracts[i].Sector],
                TradingCalendar.ToKey(dates[listing[i]]), null, double.NaN, double.NaN));

        var sectorMove = new double[sectors];
        var intraday = new IntradayBar[c.IntradayBars];
        long barRows = 0, intradayRows = 0;
        for (int d = 0; d < c.Days; d++)
        {
            int date = TradingCalendar.ToKey(dates[d]);
            writer.WriteDate(date);
            double globalShock = factorRng.NextStudentT4();
            double global = GlobalVol * Math.Sqrt(globalVariance) * globalShock;
            globalVariance = Garch.Next(globalVariance, globalShock);
            for (int s = 0; s < sectors; s++)
            {
                if (factorRng.Chance(1 / RegimeDays)) sectorDrift[s] = RegimeDriftVol * factorRng.NextNormal();
                double shock = factorRng.NextStudentT4();
                sectorMove[s] = sectorDrift[s] + SectorVol * Math.Sqrt(sectorVariance[s]) * shock;
                sectorVariance[s] = Garch.Next(sectorVariance[s], shock);
            }

            double indexReturn = 0;
            int listed = listing.Count(day => day <= d), indexed = listing.Count(day => day < d);
            for (int i = 0; i < n; i++)
            {
                var spec = contracts[i];
                double shock = shocks.NextStudentT4();
                double idio = sigma[i] * Math.Sqrt(variance[i]);
                variance[i] = Garch.Next(variance[i], shock);
                double r = globalLoading[i] * global + sectorLoading[i] * sectorMove[spec.Sector] + idio * shock;
                double reference = price[i];
                var (up, down) = PriceRules.Limits(reference, spec.Limit, spec.Tick);
                double close = PriceRules.Clamp(PriceRules.RoundToTick(reference * Math.Exp(r), spec.Tick), down, up);
                double dayVol = Math.Sqrt(idio * idio + SectorVol * SectorVol);
                double open = PriceRules.Clamp(PriceRules.RoundToTick(reference * Math.Exp(0.3 * r + 0.3 * dayVol * shocks.NextNormal()), spec.Tick), down, up);
                double top = Math.Max(open, close), bottom = Math.Min(open, close);
                double high = Math.Min(up, Math.Max(top, PriceRules.CeilingToTick(top * Math.Exp(0.4 * dayVol * Math.Abs(shocks.NextNormal())), spec.Tick)));
                double low = Math.Max(down, Math.Min(bottom, PriceRules.FloorToTick(bottom * Math.Exp(-0.4 * dayVol * Math.Abs(shocks.NextNormal())), spec.Tick)));

                openInterest[i] = Math.Max(1000, Math.Round(openInterest[i] * Math.Exp(0.03 * shocks.NextNormal())));
                double volume = Math.Max(1, Math.Round(openInterest[i] * 0.5 * Math.Exp(0.3 * shocks.NextNormal() + 0.3 * Math.Abs(shock))));
                if (d < listing[i])
                {
                    if (c.IntradayBars > 0) IntradaySplitter.Split(open, high, low, close, volume, spec.Tick, intradayRng, intraday, lot: 1, multiplier: spec.Multiplier); // same draws as a listed day
                    price[i] = close;
                    continue;
                }
                bool inUniverse = universe[i].Add(openInterest[i]);
                double amount;
                if (c.IntradayBars > 0)
                {
                    amount = IntradaySplitter.Split(open, high, low, close, volume, spec.Tick, intradayRng, intraday, lot: 1, multiplier: spec.Multiplier);
                    foreach (ref var ib in intraday.AsSpan())
                    {
                        ib.Date = date;
                        ib.Instrument = i + 1;
                        writer.WriteIntraday(ib);
                    }
                    intradayRows += intraday.Length;
                }
                else
                {
                    amount = volume * (open + high + low + 2 * close) / 5 * spec.Multiplier;
                }
                var bar = new DailyBar
                {
                    Date = date, Instrument = i + 1, Open = open, High = high, Low = low, Close = close,
                    Volume = volume, Amount = amount, Vwap = amount / volume / spec.Multiplier,
                    Turnover = volume / openInterest[i], FreeTurnover = double.NaN, AdjFactor = 1, MarketCap = double.NaN,
                    Industry = spec.Sector, Tradable = c.Universe.IsOff || inUniverse, LimitUp = close == up, LimitDown = close == down,
                    UpLimit = up, DownLimit = down, IndexWeight = 1.0 / listed, OpenInterest = openInterest[i],
                };
                writer.WriteBar(bar);
                barRows++;
                if (d > listing[i]) indexReturn += (close / reference - 1) / indexed;
                price[i] = close;
            }
            indexLevel *= 1 + indexReturn;
            writer.WriteIndex("benchmark", date, indexLevel);
        }
        writer.Complete();
        return new GenerationReport("futures", n, c.Days, barRows, intradayRows, 0, double.NaN, 0, clock.Elapsed);
    }
}

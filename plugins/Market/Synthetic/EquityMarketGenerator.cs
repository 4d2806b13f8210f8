using System.Diagnostics;
using System.Globalization;
using AlphaHost.Sdk.Data;
using AlphaHost.Sdk.Plugins;
using AlphaHost.Sdk.Statistics;

namespace AlphaHost.Plugins.Market.Synthetic;

/// <summary>
/// Writes a synthetic equity market day by day. Log return of stock i on day t:
///   r = beta·market + loading·industry + size·p_size + value·p_value + momentum·p_mom
///       + planted-alpha drift + sigma_i·sqrt(h)·t4
/// (GARCH h, Student-t(4) shocks). Prices move on a 0.01 tick inside ±10% (growth board ±20%)
/// daily limits; a move cut by the limit, or made while suspended, carries over to the next
/// trading day, up to <see cref="MaxCarryLimits"/> limit moves (the backlog of news a price can
/// still owe; beyond it the market is taken to have re-priced). Stocks list, suspend, pay
/// dividends (adj_factor) and delist over time. Plugin "synthetic_equities".
/// </summary>
public sealed class EquityMarketGenerator : IMarketGenerator, IConfigurable<EquityMarketConfig>
{
    public const string Name = "synthetic_equities";

    private const int MomentumRing = 128, MomentumSkip = 20, MomentumSpan = 100, MomentumMinRows = 40;
    private const int DividendCycle = 250;

    /// <summary>
    /// The most a stock's carried-over move may hold, in daily-limit moves (log(1 + limit) each):
    /// a limit-cut move of up to three limits plays out over the next days as a short streak, as
    /// news does on A-shares; an uncapped carry let one stock walk to 100 limit-up days in a row.
    /// </summary>
    public const double MaxCarryLimits = 3;

    private EquityMarketConfig _config = new();

    public PluginInfo Info { get; } = new(Name, "1.0.0", PluginFamily.MarketSource,
        "synthetic A-share-like equities with a planted alpha of known RankIC", ConfigSchema.KeysOf<EquityMarketConfig>());

    /// <summary>For the plugin host: defaults until <see cref="Configure"/>.</summary>
    public EquityMarketGenerator() { }

    /// <summary>Built directly: throws naming the first key out of range.</summary>
    public EquityMarketGenerator(EquityMarketConfig config) => Configure(config);

    public void Configure(EquityMarketConfig config)
    {
        EquityMarketConfig.ThrowIfInvalid(config);
        _config = config;
    }

    public GenerationReport Generate(IMarketRecorder writer)
    {
        var clock = Stopwatch.StartNew();
        var c = _config;
        int n = c.Stocks, days = c.Days;
        var universe = new EquityUniverse(c, Xoshiro256.ForStream(c.Seed, 1));
        var factors = new FactorModel(Xoshiro256.ForStream(c.Seed, 2), c.Industries);
        var shocks = Xoshiro256.ForStream(c.Seed, 3);
        var intradayRng = Xoshiro256.ForStream(c.Seed, 4);
        var events = Xoshiro256.ForStream(c.Seed, 5);
        var alpha = new PlantedAlpha(n, c.AlphaStrength, c.AlphaHorizon);
        var oracle = new ForwardRankIc(c.AlphaHorizon);
        var indices = new IndexBuilder(n);
        var dates = TradingCalendar.WithFixedHolidays(c.Start.Year, c.Start.Year + days / 200 + 2).Days(c.Start, days);

        WriteMeta(writer, dates);
        for (int i = 0; i < n; i++)
            writer.WriteInstrument(new Instrument(i + 1, universe.Codes[i], universe.Industry[i],
                universe.Growth[i] ? "growth" : "main", TradingCalendar.ToKey(dates[universe.ListDay[i]]),
                universe.DelistDay[i] < days ? TradingCalendar.ToKey(dates[universe.DelistDay[i]]) : null,
                universe.TotalShares[i], universe.FreeShares[i]));

        var prevClose = new double[n];
        var adj = new double[n];
        var carry = new double[n];
        var variance = new double[n];
        var turnState = new double[n];
        var suspended = new bool[n];
        var cap = new double[n];
        var momRing = new double[n * MomentumRing];
        var momRows = new int[n];
        var momSum = new double[n];
        var sizeExposure = new double[n];
        var momExposure = new double[n];
        var bars = new DailyBar[n];
        var listed = new bool[n];
        var raw = new double[n];
        var intraday = new IntradayBar[c.IntradayBars];
        long barRows = 0, intradayRows = 0, alphaRows = 0;

        for (int d = 0; d < days; d++)
        {
            int date = TradingCalendar.ToKey(dates[d]);
            writer.WriteDate(date);
            factors.NextDay();
            Standardise(cap, (i, v) => v > 0, v => Math.Log(v), sizeExposure);
            Standardise(momSum, (i, _) => momRows[i] >= MomentumMinRows, v => v, momExposure);

            var adjClose = new double[n];
            var totalReturn = new double[n];
            var capToday = new double[n];
            for (int i = 0; i < n; i++)
            {
                listed[i] = universe.IsListed(i, d);
                if (!listed[i])
                {
                    adjClose[i] = totalReturn[i] = capToday[i] = raw[i] = double.NaN;
                    cap[i] = 0;
                    continue;
                }
                bool first = d == universe.ListDay[i];
                if (first)
                {
                    prevClose[i] = universe.InitialPrice[i];
                    adj[i] = 1;
                    variance[i] = 1;
                }
                suspended[i] = !first && (suspended[i]
                    ? events.Chance(c.SuspendContinueProbability)
                    : events.Chance(c.SuspendProbability));

                // Ex-dividend: the reference price drops by the dividend; adj_factor keeps the adjusted series continuous.
                double reference = prevClose[i];
                if (!first && !suspended[i] && (d - universe.ListDay[i]) % DividendCycle == universe.DividendOffset[i])
                {
                    double exPrice = PriceRules.RoundToTick(prevClose[i] * (1 - universe.DividendYield[i]), EquityUniverse.Tick);
                    if (exPrice >= EquityUniverse.Tick && exPrice < prevClose[i])
                    {
                        adj[i] *= prevClose[i] / exPrice;
                        reference = exPrice;
                    }
                }

                double shock = shocks.NextStudentT4();
                double idioVol = universe.Sigma[i] * Math.Sqrt(variance[i]);
                variance[i] = Garch.Next(variance[i], shock);
                double r = universe.Beta[i] * factors.Market
                           + universe.IndustryLoading[i] * factors.Industry[universe.Industry[i]]
                           + sizeExposure[i] * factors.Premium[0]
                           + universe.Value[i] * factors.Premium[1]
                           + momExposure[i] * factors.Premium[2]
                           + alpha.Drift(i, universe.Sigma[i])
                           + idioVol * shock;
                double dayVol = Math.Sqrt(idioVol * idioVol + 0.012 * 0.012);
                var (up, down) = PriceRules.Limits(reference, universe.Limit(i), EquityUniverse.Tick);

                double maxCarry = MaxCarryLimits * Math.Log(1 + universe.Limit(i));

                ref var b = ref bars[i];
                b = new DailyBar
                {
                    Date = date, Instrument = i + 1, AdjFactor = adj[i], Industry = universe.Industry[i],
                    UpLimit = up, DownLimit = down, OpenInterest = double.NaN,
                };
                if (suspended[i])
                {
                    carry[i] = Math.Clamp(carry[i] + r, -maxCarry, maxCarry);
                    b.Open = b.High = b.Low = b.Close = b.Vwap = reference;
                    b.Tradable = false;
                }
                else
                {
                    double total = r + carry[i];
                    double close = PriceRules.Clamp(PriceRules.RoundToTick(reference * Math.Exp(total), EquityUniverse.Tick), down, up);
                    carry[i] = Math.Clamp(total - Math.Log(close / reference), -maxCarry, maxCarry);
                    double open = PriceRules.Clamp(PriceRules.RoundToTick(
                        reference * Math.Exp(0.35 * total + 0.25 * dayVol * shocks.NextNormal()), EquityUniverse.Tick), down, up);
                    double top = Math.Max(open, close), bottom = Math.Min(open, close);
                    double high = Math.Min(up, Math.Max(top, PriceRules.CeilingToTick(top * Math.Exp(0.4 * dayVol * Math.Abs(shocks.NextNormal())), EquityUniverse.Tick)));
                    double low = Math.Max(down, Math.Min(bottom, PriceRules.FloorToTick(bottom * Math.Exp(-0.4 * dayVol * Math.Abs(shocks.NextNormal())), EquityUniverse.Tick)));

                    turnState[i] = 0.95 * turnState[i] + 0.15 * shocks.NextNormal();
                    double freeTurn = universe.BaseTurnover[i] * Math.Exp(turnState[i] + 0.25 * Math.Abs(shock) + 0.3 * shocks.NextNormal());
                    if (close == up || close == down) freeTurn *= 0.3; // a locked limit dries up trading
                    double volume = Math.Max(1, Math.Round(freeTurn * universe.FreeShares[i] / IntradaySplitter.Lot)) * IntradaySplitter.Lot;

                    double amount;
                    if (c.IntradayBars > 0)
                    {
                        amount = IntradaySplitter.Split(open, high, low, close, volume, EquityUniverse.Tick, intradayRng, intraday);
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
                        amount = volume * (open + high + low + 2 * close) / 5;
                    }
                    b.Open = open;
                    b.High = high;
                    b.Low = low;
                    b.Close = close;
                    b.Volume = volume;
                    b.Amount = amount;
                    b.Vwap = amount / volume;
                    b.Tradable = true;
                    b.LimitUp = close == up;
                    b.LimitDown = close == down;
                }
                b.Turnover = b.Volume / universe.TotalShares[i];
                b.FreeTurnover = b.Volume / universe.FreeShares[i];
                b.MarketCap = b.Close * universe.TotalShares[i];

                double logReturn = first ? 0 : Math.Log(b.Close / reference);
                PushMomentum(i, logReturn, momRing, momRows, momSum);
                totalReturn[i] = first ? double.NaN : b.Close / reference - 1;
                adjClose[i] = b.Close * adj[i];
                capToday[i] = cap[i] = b.MarketCap;
                prevClose[i] = b.Close;
                alpha.Observe(i, adjClose[i], b.Volume, b.FreeTurnover);
                raw[i] = b.Tradable ? alpha.Raw(i) : double.NaN;
            }

            double capSum = 0;
            for (int i = 0; i < n; i++) if (listed[i]) capSum += capToday[i];
            for (int i = 0; i < n; i++)
            {
                if (!listed[i]) continue;
                bars[i].IndexWeight = capToday[i] / capSum;
                writer.WriteBar(bars[i]);
                barRows++;
            }

            var scores = alpha.ScoreDay(d, raw);
            for (int i = 0; i < n; i++)
            {
                if (double.IsNaN(scores[i])) continue;
                writer.WriteAlpha(date, i + 1, scores[i]);
                alphaRows++;
            }
            oracle.AddDay(scores, adjClose);

            indices.Advance(d, capToday, totalReturn);
            writer.WriteIndex(IndexBuilder.Benchmark, date, indices.BenchmarkLevel);
            writer.WriteIndex(IndexBuilder.MidCap, date, indices.MidCapLevel);
        }

        writer.SetMeta("oracle_rank_ic", oracle.Mean);
        writer.SetMeta("oracle_days", oracle.Daily.Count.ToString(CultureInfo.InvariantCulture));
        writer.Complete();
        return new GenerationReport("equities", n, days, barRows, intradayRows, alphaRows, oracle.Mean, c.AlphaHorizon, clock.Elapsed);
    }

    private void WriteMeta(IMarketRecorder recorder, DateOnly[] dates)
    {
        var c = _config;
        recorder.SetMeta("kind", "equities");
        recorder.SetMeta("seed", c.Seed.ToString(CultureInfo.InvariantCulture));
        recorder.SetMeta("stocks", c.Stocks.ToString(CultureInfo.InvariantCulture));
        recorder.SetMeta("days", c.Days.ToString(CultureInfo.InvariantCulture));
        recorder.SetMeta("intraday_bars", c.IntradayBars.ToString(CultureInfo.InvariantCulture));
        recorder.SetMeta("alpha_strength", c.AlphaStrength);
        recorder.SetMeta("alpha_horizon", c.AlphaHorizon.ToString(CultureInfo.InvariantCulture));
        recorder.SetMeta("alpha_formula", PlantedAlpha.Formula);
        recorder.SetMeta("holidays", "fixed: 01-01, 05-01..05-03, 10-01..10-07");
        if (dates.Length > 0)
        {
            recorder.SetMeta("first_date", TradingCalendar.ToKey(dates[0]).ToString(CultureInfo.InvariantCulture));
            recorder.SetMeta("last_date", TradingCalendar.ToKey(dates[^1]).ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Pushes the day's log return; keeps the momentum sum over returns 21..120 days back.</summary>
    private static void PushMomentum(int i, double logReturn, double[] ring, int[] rows, double[] sum)
    {
        int k = rows[i];
        ring[i * MomentumRing + k % MomentumRing] = logReturn;
        if (k - MomentumSkip >= 0) sum[i] += ring[i * MomentumRing + (k - MomentumSkip) % MomentumRing];
        if (k - MomentumSkip - MomentumSpan >= 0) sum[i] -= ring[i * MomentumRing + (k - MomentumSkip - MomentumSpan) % MomentumRing];
        rows[i] = k + 1;
    }

    /// <summary>Cross-sectional z-score of transform(value) over the stocks that pass the filter, capped at ±3; 0 elsewhere.</summary>
    private static void Standardise(double[] values, Func<int, double, bool> include, Func<double, double> transform, double[] result)
    {
        double sum = 0, sumSq = 0;
        int count = 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (!include(i, values[i])) continue;
            double x = transform(values[i]);
            sum += x;
            sumSq += x * x;
            count++;
        }
        double mean = count > 0 ? sum / count : 0;
        double sd = count > 1 ? Math.Sqrt(Math.Max(0, sumSq / count - mean * mean)) : 0;
        for (int i = 0; i < values.Length; i++)
            result[i] = sd > 0 && include(i, values[i]) ? Math.Clamp((transform(values[i]) - mean) / sd, -3, 3) : 0;
    }
}

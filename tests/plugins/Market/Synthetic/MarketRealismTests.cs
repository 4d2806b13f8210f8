using System.Collections.Concurrent;
using System.Diagnostics;
using AlphaHost.Host.Market;
using AlphaHost.Host.Market.Store;
using AlphaHost.Sdk.Plugins;
using AlphaHost.Plugins.Market.Synthetic;
using AlphaHost.Host.Tests.Market.Support;
using AlphaHost.Plugins.Market.Tests.Support;
using Xunit.Abstractions;

namespace AlphaHost.Plugins.Market.Tests.Synthetic;

/// <summary>
/// The synthetic equity market stays inside what A-share history shows, on every one of 200 seeds
/// (20 stocks × 500 days each, a few seconds in all). The ranges and where they come from:
///
/// * Consecutive limit-up closes: the ±10% (±20% growth board) daily limit is exchange rule (SSE/SZSE
///   trading rules, since 1996 / ChiNext reform 2020). Streaks of more than about 10 limit-up days
///   are news events on a handful of names a year (restructurings, post-IPO runs such as Baofeng
///   Technology's 29 in 2015, under the IPO rules of the time); an ordinary stock's runs are short.
///   Bound: at most <see cref="MaxLimitUpStreak"/> consecutive limit-up closes.
/// * Annualised volatility of a single stock: typically 25–60% (CSI 300 members around 25–40%,
///   small caps and ChiNext 40–60%, single names near 80–100% only in the 2015 bubble and crash).
///   Bound: <see cref="MinAnnualVol"/> to <see cref="MaxAnnualVol"/> over the stock's life.
/// * Total move of a stock over two years: ten-baggers in two years happened in the 2006–07 and
///   2014–15 bull markets, twenty-fold runs only after IPOs; falls of 80–90% within a year hit many
///   small caps from the October 2007 peak to the October 2008 trough and again in 2015–16, and
///   −95% is about the worst a listed name shows before delisting rules take it out.
///   Bound: the adjusted close stays within ×1/<see cref="MaxTotalMove"/> to ×<see cref="MaxTotalMove"/>
///   of where it started, at every day of its life.
/// * Benchmark (cap-weighted, all listed) yearly return: CSI 300 calendar years 2005–2023 ranged
///   from −65.9% (2008) to +161.6% (2007); other years within about −25% to +97% (2009).
///   Bound: every 250-day window (starting every 50 days) of the benchmark within <see cref="MinYearlyBenchmark"/> to <see cref="MaxYearlyBenchmark"/>.
/// Sources: exchange rules for the limits; CSI 300 yearly closes as published by China Securities
/// Index Co. (quoted here from general knowledge, rounded); volatility ranges are the commonly
/// quoted magnitudes, not a computed statistic.
/// </summary>
public class MarketRealismTests(ITestOutputHelper output)
{
    public const int Seeds = 200, Stocks = 20, Days = 500, Year = 250;
    public const int MaxLimitUpStreak = 10;
    public const double MinAnnualVol = 0.15, MaxAnnualVol = 0.90, MaxTotalMove = 20;
    public const double MinYearlyBenchmark = -0.70, MaxYearlyBenchmark = 1.70;

    private sealed record SeedStats(int Seed, int LongestStreak, double MinVol, double MaxVol, double MinMove, double MaxMove,
        double MinYear, double MaxYear, double OracleRankIc);

    [Fact]
    public void TwoHundredSeedsStayInsideTheAShareRanges()
    {
        var clock = Stopwatch.StartNew();
        using var dir = new TempDirectory();
        var stats = new ConcurrentBag<SeedStats>();
        Parallel.For(1, Seeds + 1, seed => stats.Add(Measure(seed, dir.File($"m{seed}.db"))));
        var all = stats.OrderBy(s => s.Seed).ToList();
        output.WriteLine($"{Seeds} seeds in {clock.Elapsed.TotalSeconds:F1} s");
        output.WriteLine($"longest limit-up streak: max {all.Max(s => s.LongestStreak)} (seed {all.MaxBy(s => s.LongestStreak)!.Seed})");
        output.WriteLine($"annual vol: {all.Min(s => s.MinVol):P0} .. {all.Max(s => s.MaxVol):P0}");
        output.WriteLine($"total move: x{all.Min(s => s.MinMove):F3} .. x{all.Max(s => s.MaxMove):F2}");
        output.WriteLine($"benchmark year: {all.Min(s => s.MinYear):P0} .. {all.Max(s => s.MaxYear):P0}");
        output.WriteLine($"oracle RankIC: mean {all.Average(s => s.OracleRankIc):F3}");

        Assert.Equal(Seeds, all.Count);
        Assert.All(all, s =>
        {
            Assert.True(s.LongestStreak <= MaxLimitUpStreak, $"seed {s.Seed}: {s.LongestStreak} consecutive limit-up days");
            Assert.True(s.MinVol >= MinAnnualVol && s.MaxVol <= MaxAnnualVol, $"seed {s.Seed}: annual vol {s.MinVol:P0}..{s.MaxVol:P0}");
            Assert.True(s.MinMove >= 1 / MaxTotalMove && s.MaxMove <= MaxTotalMove, $"seed {s.Seed}: move x{s.MinMove:F3}..x{s.MaxMove:F2}");
            Assert.True(s.MinYear >= MinYearlyBenchmark && s.MaxYear <= MaxYearlyBenchmark, $"seed {s.Seed}: benchmark year {s.MinYear:P0}..{s.MaxYear:P0}");
        });
        // The planted alpha still has its meaning: a positive oracle RankIC on these small markets.
        Assert.InRange(all.Average(s => s.OracleRankIc), 0.05, 0.20);
    }

    private static SeedStats Measure(int seed, string path)
    {
        var report = default(GenerationReport);
        using (var db = MarketDatabase.Create(path))
            report = MarketGeneration.Generate(new EquityMarketGenerator(new EquityMarketConfig { Stocks = Stocks, Days = Days, Seed = seed }), db);
        using var read = MarketDatabase.Open(path);
        var bars = Rows.Query(read, "SELECT instrument, close * adj_factor AS c, limit_up, tradable FROM bars ORDER BY instrument, date");
        int longest = 0;
        double minVol = double.MaxValue, maxVol = 0, minMove = double.MaxValue, maxMove = 0;
        foreach (var stock in bars.GroupBy(r => r.L("instrument")))
        {
            var rows = stock.ToList();
            int streak = 0;
            foreach (var r in rows)
            {
                streak = r.L("limit_up") == 1 ? streak + 1 : r.L("tradable") == 1 ? 0 : streak;
                longest = Math.Max(longest, streak);
            }
            double first = rows[0].D("c");
            foreach (var r in rows)
            {
                minMove = Math.Min(minMove, r.D("c") / first);
                maxMove = Math.Max(maxMove, r.D("c") / first);
            }
            if (rows.Count < 120) continue;
            var logs = new List<double>();
            for (int k = 1; k < rows.Count; k++) logs.Add(Math.Log(rows[k].D("c") / rows[k - 1].D("c")));
            double mean = logs.Average();
            double vol = Math.Sqrt(logs.Sum(x => (x - mean) * (x - mean)) / (logs.Count - 1) * Year);
            minVol = Math.Min(minVol, vol);
            maxVol = Math.Max(maxVol, vol);
        }
        var index = Rows.Query(read, "SELECT close FROM index_bars WHERE name = 'benchmark' ORDER BY date").Select(r => r.D("close")).ToList();
        double minYear = double.MaxValue, maxYear = double.MinValue;
        for (int start = 0; start + Year < index.Count; start += 50)
        {
            double change = index[start + Year] / index[start] - 1;
            minYear = Math.Min(minYear, change);
            maxYear = Math.Max(maxYear, change);
        }
        return new SeedStats(seed, longest, minVol, maxVol, minMove, maxMove, minYear, maxYear, report.OracleRankIc);
    }
}

using System.Diagnostics;
using AlphaHost.Host.Trading;
using AlphaHost.Plugins.Portfolio;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Bench;

/// <summary>
/// Paper trading at scale: a year (250 daily ticks) over 5,000 stocks, top-500 equal weight rebalanced
/// daily, A-share rules and costs, ledger on disk. Times only the session's ticks (market and score
/// generation excluded). Args: [ticks] [stocks] [top_n] [ledger_dir].
/// </summary>
public sealed class TradingBench : IBench
{
    public string Name => "trading";
    public string Description => "paper trading: 250 ticks × 5,000 stocks, top-500 daily, ledger on disk → ticks/s";

    public void Run(string[] args)
    {
        int ticks = args.Length > 0 ? int.Parse(args[0]) : 250;
        int stocks = args.Length > 1 ? int.Parse(args[1]) : 5000;
        int topN = args.Length > 2 ? int.Parse(args[2]) : 500;
        string dir = args.Length > 3 ? args[3] : Path.Combine(Path.GetTempPath(), "alphahost-bench-trading");

        var config = new TradingConfig { InitialCash = 1_000_000_000m, Unfilled = UnfilledPolicy.Cancel };
        var market = new SyntheticMarket(stocks, seed: 1);
        var watch = new Stopwatch();
        using (var session = PaperTradingSession.Open(dir, config, new TopNEqualWeight(topN), fresh: true))
        {
            for (int t = 0; t < ticks; t++)
            {
                var (bar, scores) = market.Next();
                watch.Start();
                session.Step(bar, scores);
                watch.Stop();
            }
            watch.Start();
            var results = session.Finish();
            watch.Stop();
            long bytes = new DirectoryInfo(dir).GetFiles().Sum(f => f.Length);
            Console.WriteLine($"ticks {ticks}");
            Console.WriteLine($"stocks {stocks}");
            Console.WriteLine($"top_n {topN}");
            Console.WriteLine($"seconds {watch.Elapsed.TotalSeconds:F2}");
            Console.WriteLine($"ticks_per_second {ticks / watch.Elapsed.TotalSeconds:F1}");
            Console.WriteLine($"fills {results.Fills}");
            Console.WriteLine($"fills_per_second {results.Fills / watch.Elapsed.TotalSeconds:F0}");
            Console.WriteLine($"final_nav {results.FinalNav}");
            Console.WriteLine($"mean_turnover {results.MeanTurnover:F4}");
            Console.WriteLine($"rejected {string.Join(",", results.RejectedByRule.Select(kv => $"{kv.Key}={kv.Value}"))}");
            Console.WriteLine($"ledger_mb {bytes / 1e6:F1}");
        }
        // What a restart pays before resuming: the start-up invariant over the whole ledger.
        var audit = Stopwatch.StartNew();
        using (var ledger = Ledger.OpenExisting(Path.Combine(dir, Ledger.FileName))!) LedgerAudit.Verify(ledger);
        Console.WriteLine($"audit_seconds {audit.Elapsed.TotalSeconds:F2}");
    }

    /// <summary>Random-walk prices with limit days and suspensions; scores are persistent (AR(1)) so turnover is realistic.</summary>
    private sealed class SyntheticMarket
    {
        private readonly Random _rng;
        private readonly string[] _codes;
        private readonly double[] _close, _score;
        private DateOnly _date = new(2023, 1, 3);

        public SyntheticMarket(int stocks, int seed)
        {
            _rng = new Random(seed);
            _codes = Enumerable.Range(0, stocks).Select(i => $"{600000 + i}.SH").ToArray();
            _close = _codes.Select(_ => 5 + _rng.NextDouble() * 45).ToArray();
            _score = _codes.Select(_ => _rng.NextDouble()).ToArray();
        }

        public (MarketBar, ScoreVector) Next()
        {
            int n = _codes.Length;
            double[] open = new double[n], high = new double[n], low = new double[n], close = new double[n], vwap = new double[n],
                volume = new double[n], amount = new double[n];
            bool[] tradable = new bool[n], up = new bool[n], down = new bool[n];
            for (int i = 0; i < n; i++)
            {
                double ret = Math.Clamp((_rng.NextDouble() - 0.5) * 0.08, -0.1, 0.1);
                open[i] = Math.Round(_close[i] * (1 + (_rng.NextDouble() - 0.5) * 0.01), 2);
                close[i] = Math.Round(_close[i] * (1 + ret), 2);
                high[i] = Math.Max(open[i], close[i]);
                low[i] = Math.Min(open[i], close[i]);
                vwap[i] = Math.Round((open[i] + close[i]) / 2, 3);
                tradable[i] = _rng.NextDouble() > 0.01;
                volume[i] = tradable[i] ? 1e6 + _rng.Next(10_000_000) : 0;
                amount[i] = volume[i] * vwap[i];
                up[i] = tradable[i] && ret > 0.038;
                down[i] = tradable[i] && ret < -0.038;
                _close[i] = close[i];
                _score[i] = 0.9 * _score[i] + 0.1 * _rng.NextDouble();
            }
            var bar = new MarketBar(_date, 0, _codes, open, high, low, close, vwap, volume, amount,
                new double[n], new double[n], Enumerable.Repeat(1.0, n).ToArray(), new double[n], new int[n],
                tradable, up, down, Enumerable.Repeat(1.0 / n, n).ToArray(), new Dictionary<string, double>());
            var scores = new ScoreVector(_date, _codes, (double[])_score.Clone());
            _date = _date.AddDays(_date.DayOfWeek == DayOfWeek.Friday ? 3 : 1);
            return (bar, scores);
        }
    }
}

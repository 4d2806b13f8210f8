using AlphaHost.Host.Engine;
using AlphaHost.Host.Plugins;
using AlphaHost.Host.Research;
using AlphaHost.Sdk.Plugins;
using TorchSharp;

namespace AlphaHost.Host.Run;

/// <summary>Each backtester plugin's metrics so far (by plugin name), and the reason of any that faulted.</summary>
public sealed record BacktestPart(IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Metrics, IReadOnlyDictionary<string, string> Faults);

/// <summary>
/// Feeds the run's backtester plugins (run config "backtesters") the champion's scores of day d
/// together with the forward return realised from d's close to d + H's close, at tick d + H — the
/// first tick that return is known — so a backtester cannot look ahead. One that throws is marked
/// faulted with its reason and skipped from then on; the run and the other backtesters go on.
/// </summary>
public sealed class BacktestingSystem : GameSystem<BacktestPart>
{
    private readonly ResearchPanel panel;
    private readonly int horizon;
    private readonly (string Name, IBacktester Plugin)[] backtesters;
    private readonly Dictionary<string, string> faults = new(StringComparer.Ordinal);
    private readonly double[] closes;
    private readonly double[]?[] championScores;

    private readonly TextWriter log;

    public BacktestingSystem(ResearchPanel panel, int horizon, PluginRegistry plugins, IEnumerable<PluginChoice> choices, TextWriter log)
    {
        this.panel = panel;
        this.log = log;
        this.horizon = horizon;
        backtesters = choices.Select(c => (c.Name, plugins.Create<IBacktester>(c))).ToArray();
        using var scope = torch.NewDisposeScope();
        closes = panel.AdjustedClose.data<double>().ToArray();
        championScores = new double[panel.Days][];
    }

    public override SystemStage Stage => SystemStage.Evaluation;
    protected override BacktestPart Initial => new(new Dictionary<string, IReadOnlyDictionary<string, double>>(), new Dictionary<string, string>());

    protected override BacktestPart Update(TickContext tick, BacktestPart mine)
    {
        var market = tick.Market();
        if (market.Bar is null) return mine;
        if (tick.Now<ScoresPart>().Champion is { } champion) championScores[market.Day] = champion.Scores;
        int day = market.Day - horizon;
        if (day < 0 || championScores[day] is not { } scores) return mine;
        var scored = new ScoredDay(panel.Dates[day], panel.Codes, scores, ForwardReturns(day));
        var metrics = new Dictionary<string, IReadOnlyDictionary<string, double>>(mine.Metrics);
        foreach (var (name, plugin) in backtesters.Where(b => !faults.ContainsKey(b.Name)))
        {
            try
            {
                plugin.Observe(scored);
                metrics[name] = new Dictionary<string, double>(plugin.Metrics());
            }
            catch (Exception e)
            {
                faults[name] = $"{e.GetType().Name}: {e.Message}";
                metrics.Remove(name);
                log.WriteLine($"backtester {name} faulted on {panel.Dates[day]:yyyy-MM-dd} and is skipped from now on: {faults[name]}");
            }
        }
        return new BacktestPart(metrics, new Dictionary<string, string>(faults));
    }

    /// <summary>Adjusted close-to-close return from <paramref name="day"/> to day + H, NaN where either close is missing.</summary>
    private double[] ForwardReturns(int day)
    {
        var result = new double[panel.Stocks];
        for (int s = 0; s < result.Length; s++)
        {
            double start = closes[day * panel.Stocks + s];
            result[s] = start > 0 ? closes[(day + horizon) * panel.Stocks + s] / start - 1 : double.NaN;
        }
        return result;
    }
}

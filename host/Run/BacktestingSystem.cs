using AlphaHost.Host.Engine;
using AlphaHost.Host.Plugins;
using AlphaHost.Host.Research;
using AlphaHost.Sdk.Plugins;
using TorchSharp;

namespace AlphaHost.Host.Run;

/// <summary>Each backtester plugin's metrics so far (by plugin name), and the reason of any that faulted.</summary>
public sealed record BacktestPart(IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Metrics, IReadOnlyDictionary<string, string> Faults);

/// <summary>
/// Backtester plugins resolved by name, fed the same days in date order. One that throws is marked
/// faulted with its reason and skipped from then on; the others go on.
/// </summary>
public sealed class Backtesters(PluginRegistry plugins, IEnumerable<PluginChoice> choices)
{
    private readonly (string Name, IBacktester Plugin)[] backtesters = choices.Select(c => (c.Name, plugins.Create<IBacktester>(c))).ToArray();
    private readonly Dictionary<string, string> faults = new(StringComparer.Ordinal);

    public bool IsEmpty => backtesters.Length == 0;

    /// <summary>Feeds one day to every backtester not yet faulted; <paramref name="faulted"/> hears of each new fault.</summary>
    public void Observe(ScoredDay day, Action<string, string>? faulted = null)
    {
        foreach (var (name, plugin) in backtesters.Where(b => !faults.ContainsKey(b.Name)))
        {
            try
            {
                plugin.Observe(day);
            }
            catch (Exception e)
            {
                faults[name] = $"{e.GetType().Name}: {e.Message}";
                faulted?.Invoke(name, faults[name]);
            }
        }
    }

    /// <summary>Every working backtester's metrics, and the faulted ones' reasons.</summary>
    public BacktestPart Part()
    {
        var metrics = new Dictionary<string, IReadOnlyDictionary<string, double>>();
        foreach (var (name, plugin) in backtesters.Where(b => !faults.ContainsKey(b.Name)))
        {
            try
            {
                metrics[name] = new Dictionary<string, double>(plugin.Metrics());
            }
            catch (Exception e)
            {
                faults[name] = $"{e.GetType().Name}: {e.Message}";
            }
        }
        return new BacktestPart(metrics, new Dictionary<string, string>(faults));
    }

    /// <summary>
    /// Day <paramref name="day"/>'s scores with the adjusted close-to-close return from that day to
    /// day + H (NaN where either close is missing): what a backtester is fed, at day + H at the earliest.
    /// </summary>
    public static ScoredDay Day(ResearchPanel panel, double[] adjustedCloses, int day, int horizon, double[] scores) =>
        new(panel.Dates[day], panel.Codes, scores, ResearchPanel.ForwardReturns(
            adjustedCloses.AsSpan(day * panel.Stocks, panel.Stocks), adjustedCloses.AsSpan((day + horizon) * panel.Stocks, panel.Stocks)));
}

/// <summary>
/// Feeds the run's backtester plugins (run config "backtesters") the champion's scores of day d
/// together with the forward return realised from d's close to d + H's close, at tick d + H — the
/// first tick that return is known — so a backtester cannot look ahead. One that throws is faulted
/// (logged) and skipped; the run and the other backtesters go on.
/// </summary>
public sealed class BacktestingSystem : GameSystem<BacktestPart>
{
    private readonly ResearchPanel panel;
    private readonly int horizon;
    private readonly Backtesters backtesters;
    private readonly TextWriter log;
    private readonly double[] closes;
    private readonly double[]?[] championScores;

    public BacktestingSystem(ResearchPanel panel, int horizon, PluginRegistry plugins, IEnumerable<PluginChoice> choices, TextWriter log)
    {
        this.panel = panel;
        this.horizon = horizon;
        this.log = log;
        backtesters = new Backtesters(plugins, choices);
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
        backtesters.Observe(Backtesters.Day(panel, closes, day, horizon, scores), (name, reason) =>
            log.WriteLine($"backtester {name} faulted on {panel.Dates[day]:yyyy-MM-dd} and is skipped from now on: {reason}"));
        return backtesters.Part();
    }
}

using AlphaHost.Host.Plugins;
using AlphaHost.Host.Research;
using AlphaHost.Sdk.Plugins;
using Microsoft.Extensions.Logging;

namespace AlphaHost.Host.Run;

/// <summary>
/// Scores a run's model combinations (config key "combinations") every tick from the live members'
/// scores of the day, as `compare` combines out-of-sample factors: each member rank-standardised,
/// summed with the combiner's weights. The weights are set when a member first scores, at every
/// walk-forward retrain day and on start-training, from evidence known at that tick's close only.
/// It uses the members' scores as scored that day and their recorded factors: a member therefore keeps
/// the champion's blocking rule for scheduled fits (TrainingSystem), so it is never rescored afterwards.
/// </summary>
public sealed class LiveCombinations(ResearchPanel panel, LiveModels models, PluginRegistry plugins, int horizon, ISet<int> retrainDays, ILogger log)
{
    private readonly double[] closes = panel.AdjustedClose.data<double>().ToArray();

    /// <summary>Adds today's combined scores to <paramref name="scored"/> (which holds the fitted models' scores of the day).</summary>
    public void Score(int day, DateOnly date, List<ModelScores> scored)
    {
        foreach (var combo in models.All.Where(m => m.IsLive && m.Combination is not null).ToList())
        {
            var spec = combo.Combination!;
            var today = spec.Members.Select(name => scored.FirstOrDefault(s => s.Model == name)?.Scores).ToArray();
            if (today.All(s => s is null)) continue; // no member scores yet (or none today): nothing to combine
            bool due = combo.Weights is null || combo.RefitWanted || (retrainDays.Contains(day) && combo.FittedOn != date);
            if (due)
            {
                try
                {
                    var members = spec.Members.Select(name => models.Find(name)?.Factor).ToArray();
                    var combiner = plugins.Create<ICombiner>(spec.Combiner);
                    try
                    {
                        combo.AdoptWeights(WeightsAt(combiner, spec.Members, members, closes, panel.Stocks, day, horizon), date);
                    }
                    finally
                    {
                        (combiner as IDisposable)?.Dispose();
                    }
                    combo.RefitWanted = false;
                }
                catch (Exception e)
                {
                    combo.MarkFaulted($"combiner {spec.Combiner.Name} threw {PluginFactory.Describe(e)} at {date:yyyy-MM-dd}");
                    log.LogError("model {Model}: {Error}; the run goes on without it", combo.Name, combo.Fault);
                    continue;
                }
            }
            scored.Add(new ModelScores(combo.Name, combo.Version, combo.Role, CombinationHistory.Combine(today, combo.Weights!, panel.Stocks)));
        }
    }

    /// <summary>
    /// The combiner's weights at <paramref name="today"/>'s close. Only the closes up to today and the
    /// members' scores of the days before today are handed on, and of those the combiner sees the days
    /// d with d + H ≤ today (their forward return is realised): nothing after the tick can move them.
    /// </summary>
    /// <param name="closes">Adjusted closes, row-major [day, stock].</param>
    public static double[] WeightsAt(ICombiner combiner, IReadOnlyList<string> names, IReadOnlyList<FactorPanel?> members, double[] closes, int stocks, int today, int horizon)
    {
        var known = Enumerable.Range(0, today + 1).Select(d => closes.AsSpan(d * stocks, stocks).ToArray()).ToArray();
        var scores = members.Select(f => (Func<int, double[]?>)(d => d < today ? f?[d] : null)).ToArray();
        var history = new CombinationHistory(names, scores, known, horizon);
        return CombinationHistory.Checked(combiner, history.At(today));
    }
}

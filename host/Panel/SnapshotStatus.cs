using System.Globalization;
using AlphaHost.Host.Bus;

namespace AlphaHost.Host.Panel;

/// <summary>The wire form of a cockpit snapshot: what the `status` topic and a StatusRequest reply carry.</summary>
public static class SnapshotStatus
{
    public static Status ToStatus(this CockpitSnapshot s)
    {
        return new Status
        {
            Mode = s.Phase switch
            {
                RunPhase.Paused => RunStates.Paused,
                RunPhase.Stopping => RunStates.Stopping,
                RunPhase.Finished => RunStates.Finished,
                _ => RunStates.Running,
            },
            TradingDate = s.TradingDate == default ? "" : s.TradingDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), // no date before the first tick
            Bar = s.Bar,
            Tick = s.Tick,
            Speed = s.Speed,
            UniverseSize = s.UniverseSize,
            ActiveModel = s.ActiveModel,
            Models = s.Models.Select(m => new ModelState
            {
                Name = m.Name, Role = m.Role.ToString().ToLowerInvariant(), State = m.State, Version = m.Version,
                FittedOn = m.FittedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
                RankIcRecent = m.RankIcRecent, RankIcToDate = m.RankIcToDate, GradedDays = m.GradedDays, Fault = m.Fault ?? "",
            }).ToList(),
            Plugins = s.Plugins.Select(p => new PluginState
            {
                Name = p.Name, Version = p.Version, Family = p.Family, State = p.State.ToString().ToLowerInvariant(), Error = p.Error,
                Faults = p.Faults, Swaps = p.Swaps,
            }).ToList(),
            Training = s.Training is { Done: false } t // the wire carries a fit in progress only
                ? new TrainingProgress { Model = t.Model, Epoch = t.Epoch, Epochs = t.Epochs, Loss = t.Loss, ValidationMetric = t.MetricName, Validation = [.. t.Validation] }
                : null,
            Bus = new BusCounters
            {
                Published = s.Bus?.Published ?? 0, QueueDrops = s.Bus?.QueueDrops ?? 0,
                Subscriptions = s.Bus?.Subscriptions ?? 0, BadSubscriberFrames = s.Bus?.BadSubscriberFrames ?? 0,
            },
            RecentErrors = [.. s.RecentErrors],
        };
    }
}

using System.Globalization;
using AlphaHost.Sdk.Protocol;

namespace AlphaHost.Host.Panel;

/// <summary>The wire form of a cockpit snapshot: what the `status` topic and a StatusRequest reply carry.</summary>
public static class SnapshotStatus
{
    public static Status ToStatus(this CockpitSnapshot s)
    {
        var status = new Status
        {
            State = s.Phase switch
            {
                RunPhase.Paused => Status.Types.RunState.Paused,
                RunPhase.Stopping => Status.Types.RunState.Stopping,
                RunPhase.Finished => Status.Types.RunState.Finished,
                _ => Status.Types.RunState.Running,
            },
            TradingDate = s.TradingDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Bar = (uint)s.Bar,
            Tick = (ulong)s.Tick,
            Speed = s.Speed,
            UniverseSize = (uint)s.UniverseSize,
            ActiveModel = s.ActiveModel,
            BusSubscriptions = (uint)(s.Bus?.Subscriptions ?? 0),
            BusSubscriberOverflows = (ulong)(s.Bus?.SubscriberOverflows ?? 0),
            BusQueueDrops = (ulong)(s.Bus?.QueueDrops ?? 0),
            RecentErrors = { s.RecentErrors },
        };
        status.Plugins.AddRange(s.Plugins.Select(p => new PluginState { Name = p.Name, Version = p.Version, Family = p.Family, State = p.State, Error = p.Error }));
        if (s.Training is { Done: false } t) // the wire carries a fit in progress only
            status.Training = new TrainingProgress
            {
                Model = t.Model, Epoch = (uint)t.Epoch, Epochs = (uint)t.Epochs, Loss = t.Loss,
                ValidationMetric = t.MetricName, Validation = { t.Validation },
            };
        return status;
    }
}

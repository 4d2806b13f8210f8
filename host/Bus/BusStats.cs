namespace AlphaHost.Host.Bus;

/// <summary>
/// Counters of the signal publisher, read at any time from any thread.
/// <see cref="SubscriberDrops"/>: publishes that found a subscriber's send queue full (its
/// high-water mark reached), so libzmq dropped the message for that subscriber only. libzmq then
/// skips that subscriber until it has drained half its queue, so a long stall is counted at its
/// onset; the subscriber itself sees the exact number as a jump in the per-topic sequence.
/// <see cref="QueueDrops"/>: messages refused before reaching libzmq because the host's hand-off
/// queue to the publisher thread was full.
/// </summary>
public sealed record BusStats(long Published, long SubscriberDrops, long QueueDrops, int Subscriptions, string? Failure)
{
    public long Drops => SubscriberDrops + QueueDrops;
}

/// <summary>Counters of the control socket.</summary>
public sealed record ControlStats(long Served, long Malformed, long Refused, long HandlerFailures, string? Failure);

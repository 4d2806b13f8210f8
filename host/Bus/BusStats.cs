namespace AlphaHost.Host.Bus;

/// <summary>
/// Counters of the signal publisher, read at any time from any thread.
/// <see cref="SubscriberOverflows"/>: times a subscriber's send queue was found full (its
/// high-water mark reached), so libzmq dropped the message for that subscriber only. libzmq then
/// skips that subscriber silently until it has drained half its queue, so this counts the onsets
/// of overflow, not every message lost: libzmq exposes no per-subscriber counter. The subscriber
/// sees the exact number of messages it lost as jumps in the per-topic sequence.
/// <see cref="QueueDrops"/>: messages refused before reaching libzmq because the host's hand-off
/// queue to the publisher thread was full.
/// </summary>
public sealed record BusStats(long Published, long SubscriberOverflows, long QueueDrops, int Subscriptions, string? Failure);

/// <summary>Counters of the control socket.</summary>
public sealed record ControlStats(long Served, long Malformed, long Refused, long HandlerFailures, string? Failure);

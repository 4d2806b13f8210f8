namespace AlphaHost.Host.Bus;

/// <summary>
/// Counters of the signal publisher, read at any time from any thread.
/// <see cref="QueueDrops"/>: messages refused before reaching NetMQ because the host's hand-off
/// queue to the bus thread was full. <see cref="Subscriptions"/>: topic prefixes someone
/// subscribes to. <see cref="BadSubscriberFrames"/>: frames from subscribers that were not a
/// (un)subscription. Messages a slow subscriber lost are not counted here: NetMQ drops them at
/// its high-water mark without telling (it has no XPUB_NODROP); the subscriber sees each one as
/// a gap in the per-topic sequence.
/// </summary>
public sealed record BusStats(long Published, long QueueDrops, int Subscriptions, long BadSubscriberFrames, string? Failure);

/// <summary>
/// Counters of the control socket. <see cref="Malformed"/>: not a command (garbage, wrong types,
/// missing fields, too large, wrong frames); <see cref="Unknown"/>: a kind this host does not know;
/// <see cref="Refused"/>: unsigned, forged or from a key not on the allow-list; <see cref="Replayed"/>:
/// a nonce not above the last one of its key.
/// </summary>
public sealed record ControlStats(long Served, long Malformed, long Unknown, long Refused, long Replayed, long HandlerFailures, string? Failure);

namespace AlphaHost.Host.Bus;

public enum Arrival
{
    /// <summary>The first message seen on the topic (for a late joiner, the cached last value).</summary>
    First,
    InOrder,
    /// <summary>Messages were missed before this one.</summary>
    Gap,
    /// <summary>A number already seen: a last-value replay meant for a newer subscriber; ignore it.</summary>
    Replay,
}

/// <summary>Subscriber side: classifies each message by its per-topic sequence number.</summary>
public sealed class SequenceTracker
{
    private readonly Dictionary<string, ulong> _last = new(StringComparer.Ordinal);

    public long Missed { get; private set; }

    public Arrival Observe(string topic, ulong sequence)
    {
        if (!_last.TryGetValue(topic, out var last))
        {
            _last[topic] = sequence;
            return Arrival.First;
        }
        if (sequence <= last) return Arrival.Replay;
        _last[topic] = sequence;
        if (sequence == last + 1) return Arrival.InOrder;
        Missed += (long)(sequence - last - 1);
        return Arrival.Gap;
    }
}

using NetMQ;

namespace AlphaHost.Host.Bus;

/// <summary>
/// The last message sent on each topic, for late joiners; topics kept in ordinal order so replays are
/// deterministic. A payload is a NetMQ pool frame the cache holds one reference to: the frame that went
/// out is the frame kept (no copy), and its buffer goes back to the pool once it is replaced here and
/// every subscriber's queue has sent it. Bus thread only.
/// </summary>
internal sealed class LastValueCache : IDisposable
{
    private readonly SortedDictionary<string, Entry> _last = new(StringComparer.Ordinal);

    /// <summary>Keeps a reference to <paramref name="payload"/>, which stays the caller's to send.</summary>
    public void Remember(string topic, byte[] topicFrame, ref Msg payload)
    {
        payload.AddReferences(1); // ours; a pool frame becomes shared, the caller's send takes the other
        var kept = payload;
        if (_last.TryGetValue(topic, out var entry))
        {
            entry.Payload.Close(); // our reference to the previous one
            entry.Payload = kept;
        }
        else _last[topic] = new Entry(topicFrame, kept);
    }

    /// <summary>
    /// Cached messages whose topic starts with <paramref name="prefix"/> (SUB prefix matching; "" matches
    /// all), each with a reference of its own that the caller must send or close.
    /// </summary>
    public IEnumerable<(byte[] Topic, Msg Payload)> Matching(string prefix)
    {
        foreach (var (topic, entry) in _last)
        {
            if (!topic.StartsWith(prefix, StringComparison.Ordinal)) continue;
            entry.Payload.AddReferences(1);
            yield return (entry.Topic, entry.Payload);
        }
    }

    public void Dispose()
    {
        foreach (var entry in _last.Values) entry.Payload.Close();
        _last.Clear();
    }

    private sealed class Entry(byte[] topic, Msg payload)
    {
        public byte[] Topic { get; } = topic;
        public Msg Payload = payload;
    }
}

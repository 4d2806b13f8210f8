namespace AlphaHost.Host.Bus;

/// <summary>The last message sent on each topic, for late joiners; topics kept in ordinal order so replays are deterministic.</summary>
internal sealed class LastValueCache
{
    private readonly SortedDictionary<string, (byte[] Topic, byte[] Payload)> _last = new(StringComparer.Ordinal);

    public void Remember(string topic, byte[] topicFrame, byte[] payload) => _last[topic] = (topicFrame, payload);

    /// <summary>Cached messages whose topic starts with <paramref name="prefix"/> (SUB prefix matching; "" matches all).</summary>
    public IEnumerable<(byte[] Topic, byte[] Payload)> Matching(string prefix) =>
        _last.Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(e => e.Value);
}

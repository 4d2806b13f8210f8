using System.Text;
using NetMQ;
using NetMQ.Sockets;

namespace AlphaHost.Host.Bus;

public sealed record PublisherOptions
{
    /// <summary>Where subscribers connect. Loopback by default.</summary>
    public string Endpoint { get; init; } = BusEndpoints.DefaultPublish;

    /// <summary>Messages queued per subscriber before NetMQ drops for that subscriber (SNDHWM).</summary>
    public int SubscriberHighWaterMark { get; init; } = 1000;

    /// <summary>Messages the host may hand over before the bus thread takes them; beyond it, publishes are dropped and counted.</summary>
    public int QueueCapacity { get; init; } = 256;

    /// <summary>The server's CURVE keys; required off loopback. Whoever knows the public key can subscribe.</summary>
    public CurveKeyPair? ServerKeys { get; init; }
}

/// <summary>
/// The signal bus: a NetMQ XPUB socket on its own thread. The host calls <see cref="Publish{T}"/>
/// (never blocks); each message gets the next per-topic sequence number and goes out as
/// [topic, MessagePack payload]. A new subscription is answered at once with the last message of
/// every matching topic. A subscriber whose queue is full misses messages; nobody else is slowed.
/// </summary>
public sealed class SignalPublisher : IDisposable
{
    private readonly object _handOffLock = new();
    private readonly NetMQQueue<(byte[] Topic, byte[] Payload)> _queue = new();
    private readonly XPublisherSocket _xpub;
    private readonly BusThread _thread = new("alphahost-bus-publisher");
    private readonly int _queueCapacity;
    private readonly Dictionary<string, ulong> _sequences = new(StringComparer.Ordinal);
    private readonly LastValueCache _lastValues = new();
    private readonly HashSet<string> _subscribedPrefixes = new(StringComparer.Ordinal);
    private long _published, _queueDrops, _pending, _badFrames;
    private int _subscriptions;

    public SignalPublisher(PublisherOptions? options = null)
    {
        options ??= new PublisherOptions();
        BusEndpoints.RequireKeysOffLoopback(options.Endpoint, options.ServerKeys, "signal bus");
        _queueCapacity = options.QueueCapacity;
        _xpub = new XPublisherSocket();
        try
        {
            _xpub.Options.SendHighWatermark = options.SubscriberHighWaterMark;
            _xpub.Options.XPubVerbose = true; // every subscription reaches us, also to a topic someone else has: late joiners
            _xpub.Options.MaxMsgSize = BusCodec.MaxCommandBytes; // subscribers send only short prefixes
            _xpub.Options.Linger = TimeSpan.Zero;
            if (options.ServerKeys is { } keys)
            {
                _xpub.Options.CurveServer = true;
                _xpub.Options.CurveCertificate = keys.Certificate;
            }
            _xpub.Bind(options.Endpoint);
            Endpoint = _xpub.Options.LastEndpoint!;
        }
        catch
        {
            _xpub.Dispose();
            _queue.Dispose();
            throw;
        }
        IsCurve = options.ServerKeys is not null;
        _thread.Add(_queue, SendQueued);
        _thread.Add(_xpub, HandleSubscriptions);
        _thread.Start();
    }

    /// <summary>The bound endpoint, with a wildcard port resolved.</summary>
    public string Endpoint { get; }

    public bool IsCurve { get; }

    public BusStats Stats => new(
        Interlocked.Read(ref _published),
        Interlocked.Read(ref _queueDrops),
        Volatile.Read(ref _subscriptions),
        Interlocked.Read(ref _badFrames),
        _thread.Failure);

    public bool PublishSignal(Signal signal) => Publish(Topics.SignalFor(signal.Model), signal);
    public bool PublishPortfolio(Portfolio portfolio) => Publish(Topics.Portfolio, portfolio);
    public bool PublishStatus(Status status) => Publish(Topics.Status, status);

    /// <summary>
    /// Stamps <paramref name="message"/> (next sequence number for the topic, send time), encodes it
    /// and hands it to the bus thread. Returns false if the hand-off queue was full: the message is
    /// dropped, counted, and subscribers see the gap in the sequence.
    /// </summary>
    public bool Publish<T>(string topic, T message) where T : BusMessage
    {
        var topicFrame = Encoding.UTF8.GetBytes(topic);
        lock (_handOffLock) // sequence order = queue order
        {
            _sequences[topic] = message.Sequence = _sequences.GetValueOrDefault(topic) + 1;
            message.SentUnixMicros = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond;
            if (Interlocked.Increment(ref _pending) <= _queueCapacity)
            {
                _queue.Enqueue((topicFrame, BusCodec.Encode(message)));
                return true;
            }
            Interlocked.Decrement(ref _pending);
        }
        Interlocked.Increment(ref _queueDrops);
        return false;
    }

    // Bus thread: everything the host handed over since the last wake-up.
    private void SendQueued()
    {
        while (_queue.TryDequeue(out var item, TimeSpan.Zero))
        {
            Interlocked.Decrement(ref _pending);
            _lastValues.Remember(Encoding.UTF8.GetString(item.Topic), item.Topic, item.Payload);
            Interlocked.Increment(ref _published); // before sending: whoever receives it sees the count
            SendToSubscribers(item.Topic, item.Payload);
        }
    }

    // Bus thread: XPUB hands over subscriptions as one frame 0x01+prefix, unsubscriptions as 0x00+prefix.
    // NetMQ passes an unsubscription when the last subscriber of a prefix leaves.
    private void HandleSubscriptions()
    {
        while (_xpub.TryReceiveFrameBytes(out var frame, out var more))
        {
            if (more || frame.Length == 0 || frame[0] > 1)
            {
                // Anything else came from a raw XSUB peer: not ours to act on.
                Interlocked.Increment(ref _badFrames);
                while (more && _xpub.TryReceiveFrameBytes(out _, out more)) { }
                continue;
            }
            var prefix = Encoding.UTF8.GetString(frame, 1, frame.Length - 1);
            if (frame[0] == 0) _subscribedPrefixes.Remove(prefix);
            else
            {
                _subscribedPrefixes.Add(prefix);
                // To every subscriber of these topics; those that already have it see an old sequence number.
                foreach (var (topic, payload) in _lastValues.Matching(prefix)) SendToSubscribers(topic, payload);
            }
            Volatile.Write(ref _subscriptions, _subscribedPrefixes.Count);
        }
    }

    // XPUB never blocks: at a subscriber's high-water mark NetMQ drops for that subscriber alone.
    private void SendToSubscribers(byte[] topic, byte[] payload)
    {
        if (_xpub.TrySendFrame(topic, more: true)) _xpub.TrySendFrame(payload);
    }

    public void Dispose() => _thread.Dispose();
}

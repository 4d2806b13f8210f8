using System.Buffers;
using System.Text;
using MessagePack;
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
    private readonly NetMQQueue<Queued> _queue = new();
    private readonly XPublisherSocket _xpub;
    private readonly BusThread _thread = new("alphahost-bus-publisher");
    private readonly int _queueCapacity;
    private readonly Dictionary<string, TopicState> _topics = new(StringComparer.Ordinal);
    private readonly ArrayBufferWriter<byte> _encoded = new(64 * 1024); // reused under the hand-off lock
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
        lock (_handOffLock) // sequence order = queue order
        {
            if (!_topics.TryGetValue(topic, out var state)) _topics[topic] = state = new TopicState(Encoding.UTF8.GetBytes(topic));
            message.Sequence = ++state.Sequence;
            message.SentUnixMicros = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond;
            if (Interlocked.Increment(ref _pending) <= _queueCapacity)
            {
                _queue.Enqueue(new Queued(topic, state.Frame, Encode(message)));
                return true;
            }
            Interlocked.Decrement(ref _pending);
        }
        Interlocked.Increment(ref _queueDrops);
        return false;
    }

    // Under the hand-off lock: MessagePack writes into the reused buffer, and the bytes are copied once,
    // into the NetMQ frame that is sent and then kept for late joiners (no 75 KB array per message).
    private Msg Encode<T>(T message)
    {
        _encoded.ResetWrittenCount();
        MessagePackSerializer.Serialize(_encoded, message, BusCodec.Untrusted);
        var frame = new Msg();
        frame.InitPool(_encoded.WrittenCount);
        _encoded.WrittenSpan.CopyTo(frame.Slice());
        return frame;
    }

    // Bus thread: everything the host handed over since the last wake-up.
    private void SendQueued()
    {
        while (_queue.TryDequeue(out var item, TimeSpan.Zero))
        {
            Interlocked.Decrement(ref _pending);
            var payload = item.Payload;
            _lastValues.Remember(item.Topic, item.TopicFrame, ref payload);
            Interlocked.Increment(ref _published); // before sending: whoever receives it sees the count
            SendToSubscribers(item.TopicFrame, ref payload);
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
                foreach (var (topic, cached) in _lastValues.Matching(prefix))
                {
                    var payload = cached;
                    SendToSubscribers(topic, ref payload);
                }
            }
            Volatile.Write(ref _subscriptions, _subscribedPrefixes.Count);
        }
    }

    // XPUB never blocks: at a subscriber's high-water mark NetMQ drops for that subscriber alone.
    // The payload frame is sent as it is (no copy); sent or not, this reference is used up.
    private void SendToSubscribers(byte[] topic, ref Msg payload)
    {
        if (!_xpub.TrySendFrame(topic, more: true) || !_xpub.TrySend(ref payload, TimeSpan.Zero, more: false)) payload.Close();
    }

    public void Dispose()
    {
        _thread.Dispose();
        _lastValues.Dispose();
    }

    private sealed class TopicState(byte[] frame)
    {
        public byte[] Frame { get; } = frame;
        public ulong Sequence;
    }

    private readonly record struct Queued(string Topic, byte[] TopicFrame, Msg Payload);
}

using System.Text;
using AlphaHost.Sdk.Protocol;
using AlphaHost.Sdk.Zmq;
using Google.Protobuf;

namespace AlphaHost.Host.Bus;

public sealed record PublisherOptions
{
    /// <summary>Where subscribers connect. Loopback by default.</summary>
    public string Endpoint { get; init; } = BusEndpoints.DefaultPublish;

    /// <summary>Messages queued per subscriber before libzmq drops for that subscriber (ZMQ_SNDHWM).</summary>
    public int SubscriberHighWaterMark { get; init; } = 1000;

    /// <summary>Messages the host may hand over before the publisher thread takes them; beyond it, publishes are dropped and counted.</summary>
    public int QueueCapacity { get; init; } = 256;
}

/// <summary>
/// The signal bus: an XPUB socket on its own thread. The host calls <see cref="Publish"/> (never
/// blocks); each message gets the next per-topic sequence number and goes out as [topic, payload].
/// A new subscription is answered at once with the last message of every matching topic.
/// A subscriber whose queue is full misses messages; nobody else is slowed (see <see cref="BusStats"/>).
/// </summary>
public sealed class SignalPublisher : IDisposable
{
    private readonly object _handOffLock = new();
    private readonly ZmqSocket _handOff;       // host threads → publisher thread (inproc PUSH)
    private readonly ZmqSocket _xpub;          // owned by the loop thread
    private readonly ZmqSocket _queue;         // owned by the loop thread (inproc PULL)
    private readonly SocketLoop _loop;
    private readonly Dictionary<string, ulong> _sequences = new(StringComparer.Ordinal);
    private readonly LastValueCache _lastValues = new();
    private long _published, _subscriberOverflows, _queueDrops;
    private int _subscriptions;

    public SignalPublisher(ZmqContext context, PublisherOptions? options = null)
    {
        options ??= new PublisherOptions();
        var handOffEndpoint = $"inproc://alphahost.publisher.{Guid.NewGuid():N}";
        var created = new List<IDisposable>();
        try
        {
            _xpub = Track(created, context.CreateSocket(ZmqSocketType.XPub));
            _xpub.SendHighWaterMark = options.SubscriberHighWaterMark;
            _xpub.SetOption(ZmqOption.XPubVerboser, 1); // every (un)subscribe reaches us: late joiners and the count
            _xpub.SetOption(ZmqOption.XPubNoDrop, 1);   // a full subscriber queue refuses the send, so we can count it
            _xpub.Bind(options.Endpoint);
            Endpoint = _xpub.LastEndpoint;

            _queue = Track(created, context.CreateSocket(ZmqSocketType.Pull));
            _queue.ReceiveHighWaterMark = options.QueueCapacity;
            _queue.Bind(handOffEndpoint);
            _handOff = Track(created, context.CreateSocket(ZmqSocketType.Push));
            _handOff.SendHighWaterMark = options.QueueCapacity;
            _handOff.Connect(handOffEndpoint);

            _loop = new SocketLoop(context, "alphahost-bus-publisher");
            created.Add(_loop);
        }
        catch
        {
            foreach (var d in created) d.Dispose();
            throw;
        }
        _loop.On(_queue, SendQueued);
        _loop.On(_xpub, HandleSubscriptions);
        _loop.Start();
    }

    /// <summary>The bound endpoint, with a wildcard port resolved.</summary>
    public string Endpoint { get; }

    public BusStats Stats => new(
        Interlocked.Read(ref _published),
        Interlocked.Read(ref _subscriberOverflows),
        Interlocked.Read(ref _queueDrops),
        Volatile.Read(ref _subscriptions),
        _loop.Failure?.Message);

    public bool PublishSignal(Signal signal) => Publish(Signal.TopicFor(signal.Model), signal);
    public bool PublishPortfolio(Portfolio portfolio) => Publish(Topics.Portfolio, portfolio);
    public bool PublishStatus(Status status) => Publish(Topics.Status, status);

    /// <summary>
    /// Stamps <paramref name="message"/>'s header (next sequence number for the topic, send time)
    /// and hands it to the publisher thread. Returns false if the hand-off queue was full: the
    /// message is dropped, counted, and subscribers will see the gap.
    /// </summary>
    public bool Publish(string topic, IBusMessage message)
    {
        var topicFrame = Encoding.UTF8.GetBytes(topic);
        lock (_handOffLock) // sequence order = queue order
        {
            _sequences[topic] = _sequences.GetValueOrDefault(topic) + 1;
            message.Header = new BusHeader
            {
                Sequence = _sequences[topic],
                SentUnixMicros = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond,
            };
            var payload = message.ToByteArray();
            if (_handOff.Send(topicFrame, SendFlags.DontWait | SendFlags.More))
            {
                _handOff.Send(payload, SendFlags.DontWait);
                return true;
            }
        }
        Interlocked.Increment(ref _queueDrops);
        return false;
    }

    // Loop thread: everything the host handed over since the last wake-up.
    private void SendQueued()
    {
        while (_queue.ReceiveMultipart(dontWait: true) is { } frames)
        {
            var topic = Encoding.UTF8.GetString(frames[0]);
            _lastValues.Remember(topic, frames[0], frames[1]);
            Interlocked.Increment(ref _published); // before sending: whoever receives it sees the count
            SendToSubscribers(frames[0], frames[1]);
        }
    }

    // Loop thread: XPUB delivers subscriptions as frames 0x01+prefix and unsubscriptions as 0x00+prefix.
    private void HandleSubscriptions()
    {
        while (_xpub.Receive(out _, dontWait: true) is { Length: > 0 } frame)
        {
            if (frame[0] == 0)
            {
                Interlocked.Decrement(ref _subscriptions);
                continue;
            }
            if (frame[0] != 1) continue;
            Interlocked.Increment(ref _subscriptions);
            var prefix = Encoding.UTF8.GetString(frame, 1, frame.Length - 1);
            // Sent to every subscriber of these topics; those that already have it see an old sequence number.
            foreach (var (topic, payload) in _lastValues.Matching(prefix)) SendToSubscribers(topic, payload);
        }
    }

    private void SendToSubscribers(byte[] topic, byte[] payload)
    {
        // With XPUB_NODROP a full subscriber queue refuses the message for everyone: count it, then
        // send it lossy so libzmq drops it for the full subscriber only.
        if (!_xpub.Send(topic, SendFlags.DontWait | SendFlags.More))
        {
            Interlocked.Increment(ref _subscriberOverflows);
            SendLossy(topic, payload);
        }
        else if (!_xpub.Send(payload, SendFlags.DontWait))
        {
            Interlocked.Increment(ref _subscriberOverflows);
            SendLossy(payload);
        }
    }

    private void SendLossy(params byte[][] frames)
    {
        _xpub.SetOption(ZmqOption.XPubNoDrop, 0);
        try
        {
            for (var i = 0; i < frames.Length; i++)
                _xpub.Send(frames[i], SendFlags.DontWait | (i < frames.Length - 1 ? SendFlags.More : SendFlags.None));
        }
        finally
        {
            _xpub.SetOption(ZmqOption.XPubNoDrop, 1);
        }
    }

    public void Dispose()
    {
        _loop.Dispose();
        lock (_handOffLock) _handOff.Dispose();
    }

    private static T Track<T>(List<IDisposable> created, T item) where T : IDisposable
    {
        created.Add(item);
        return item;
    }
}

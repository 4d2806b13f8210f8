using System.Text;
using AlphaHost.Host.Bus;
using MessagePack;
using NetMQ;
using NetMQ.Sockets;
using static AlphaHost.Host.Tests.Bus.BusTestKit;

namespace AlphaHost.Host.Tests.Bus;

public class SignalPublisherTests
{
    private static SignalPublisher Loopback(int queueCapacity = 256) => new(new PublisherOptions { Endpoint = BusTestKit.Loopback, QueueCapacity = queueCapacity });

    [Fact]
    public void SequencesCountPerTopicFromOne()
    {
        using var publisher = Loopback();
        using var sub = Subscribe(publisher.Endpoint, "");
        WaitUntil(() => publisher.Stats.Subscriptions == 1, "the subscription");

        publisher.PublishSignal(MakeSignal("a", 0, 3));
        publisher.PublishSignal(MakeSignal("a", 1, 3));
        publisher.PublishSignal(MakeSignal("b", 1, 3));
        publisher.PublishStatus(new Status { Tick = 1 });

        var seen = Enumerable.Range(0, 4).Select(_ => NextAs<BusHeader>(sub)).Select(m => (m.Topic, m.Message.Sequence)).ToList();
        Assert.Equal([("signal.a", 1UL), ("signal.a", 2UL), ("signal.b", 1UL), ("status", 1UL)], seen);
        Assert.Equal(4, publisher.Stats.Published);
    }

    [Fact]
    public void LateJoinerGetsTheLastValueOfEachMatchingTopicOnly()
    {
        using var publisher = Loopback();
        publisher.PublishSignal(MakeSignal("a", 0, 3));
        publisher.PublishSignal(MakeSignal("a", 1, 3));
        publisher.PublishSignal(MakeSignal("b", 7, 3));
        publisher.PublishPortfolio(new Portfolio { Nav = "1000000.00" });
        WaitUntil(() => publisher.Stats.Published == 4, "the bus thread to take the messages");

        using var sub = Subscribe(publisher.Endpoint, "signal.");
        var first = NextAs<Signal>(sub);
        var second = NextAs<Signal>(sub);
        Assert.Equal(("signal.a", 2UL, 1L), (first.Topic, first.Message.Sequence, first.Message.Tick));
        Assert.Equal(("signal.b", 1UL, 7L), (second.Topic, second.Message.Sequence, second.Message.Tick));
        Assert.Null(Next(sub, TimeSpan.FromMilliseconds(300))); // not the portfolio
    }

    [Fact]
    public void AnEarlierSubscriberSeesTheReplayAsAnOldSequenceNumber()
    {
        using var publisher = Loopback();
        using var early = Subscribe(publisher.Endpoint, "signal.");
        WaitUntil(() => publisher.Stats.Subscriptions == 1, "the first subscription");
        publisher.PublishSignal(MakeSignal("a", 0, 3));
        var tracker = new SequenceTracker();
        Assert.Equal(Arrival.First, tracker.Observe("signal.a", NextAs<BusHeader>(early).Message.Sequence));

        using var late = Subscribe(publisher.Endpoint, "signal.");
        Assert.Equal(1UL, NextAs<BusHeader>(late).Message.Sequence);
        Assert.Equal(Arrival.Replay, tracker.Observe("signal.a", NextAs<BusHeader>(early).Message.Sequence));
    }

    [Fact]
    public void AStalledSubscriberLosesMessagesAloneAndSeesTheGap()
    {
        const int batches = 20, batch = 20; // the healthy reader keeps up batch by batch, so only a stall can overflow
        using var publisher = new SignalPublisher(new PublisherOptions { Endpoint = BusTestKit.Loopback, SubscriberHighWaterMark = 2 * batch });
        using var stalled = Subscribe(publisher.Endpoint, "signal.", stalls: true);
        using var healthy = Subscribe(publisher.Endpoint, "signal.");
        WaitUntil(() => publisher.Stats.Subscriptions == 1, "the subscriptions");
        Thread.Sleep(200); // both connections attached

        var received = 0UL;
        for (var b = 0; b < batches; b++)
        {
            for (var i = 0; i < batch; i++) Assert.True(publisher.PublishSignal(MakeSignal("a", b * batch + i, 5000)));
            for (var i = 0; i < batch; i++) Assert.Equal(++received, NextAs<BusHeader>(healthy).Message.Sequence);
        }

        var tracker = new SequenceTracker();
        var got = 0;
        while (Next(stalled, TimeSpan.FromMilliseconds(500)) is { } message)
        {
            tracker.Observe(message.Topic, BusCodec.TryDecode<BusHeader>(message.Payload, out _)!.Sequence);
            got++;
        }
        const int count = batches * batch;
        Assert.True(got < count, $"the stalled subscriber got all {count} messages: its queue never filled");
        // Once it reads again, the next message shows exactly how many it lost.
        publisher.PublishSignal(MakeSignal("a", count, 5000));
        Assert.Equal(Arrival.Gap, tracker.Observe("signal.a", NextAs<BusHeader>(stalled).Message.Sequence));
        Assert.Equal(count - got, tracker.Missed);
        Assert.Equal(0, publisher.Stats.QueueDrops);
    }

    [Fact]
    public void AFullHandOffQueueDropsAndCounts()
    {
        using var publisher = Loopback(queueCapacity: 0);
        Assert.False(publisher.PublishSignal(MakeSignal("a", 0, 3)));
        Assert.False(publisher.PublishSignal(MakeSignal("a", 1, 3)));
        Assert.Equal(2, publisher.Stats.QueueDrops);
        Assert.Equal(0, publisher.Stats.Published);
    }

    [Fact]
    public void PayloadIsAMapKeyedByFieldName()
    {
        using var publisher = Loopback();
        using var sub = Subscribe(publisher.Endpoint, "signal.");
        WaitUntil(() => publisher.Stats.Subscriptions == 1, "the subscription");
        publisher.PublishSignal(MakeSignal("gru", 4, 2));

        var (_, payload) = Next(sub)!.Value;
        var map = MessagePackSerializer.Deserialize<Dictionary<string, object>>(payload);
        string[] fields = ["sequence", "sent_unix_micros", "model", "plugin_version", "trading_date", "tick", "codes", "scores"];
        Assert.Equal(fields.Order(StringComparer.Ordinal), map.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("gru", map["model"]);
        Assert.Equal(new object[] { "S000000", "S000001" }, (object[])map["codes"]);
        Assert.Equal(new object[] { 0f, 0.001f }, (object[])map["scores"]);
    }

    [Fact]
    public void OffLoopbackWithoutKeysRefusesToBind()
    {
        var e = Assert.Throws<ArgumentException>(() => new SignalPublisher(new PublisherOptions { Endpoint = "tcp://0.0.0.0:*" }));
        Assert.Contains("CURVE", e.Message);
    }

    [Fact]
    public void WithKeysOnlyCurveSubscribersReceive()
    {
        var server = CurveKeyPair.Generate();
        using var publisher = new SignalPublisher(new PublisherOptions { Endpoint = "tcp://0.0.0.0:*", ServerKeys = server });
        var endpoint = "tcp://127.0.0.1:" + publisher.Endpoint.Split(':')[^1];
        using var plain = Subscribe(endpoint, "signal.");
        using var curve = Subscribe(endpoint, "signal.", serverKey: server.PublicKeyBytes);
        WaitUntil(() => publisher.Stats.Subscriptions == 1, "the CURVE subscription");
        publisher.PublishSignal(MakeSignal("a", 0, 3));

        Assert.Equal("signal.a", NextAs<Signal>(curve).Topic);
        Assert.Null(Next(plain, TimeSpan.FromMilliseconds(500)));
        Assert.True(publisher.IsCurve);
    }

    [Fact]
    public void AFrameThatIsNoSubscriptionIsCountedAndIgnored()
    {
        using var publisher = Loopback();
        using var raw = new XSubscriberSocket();
        raw.Options.Linger = TimeSpan.Zero;
        raw.Connect(publisher.Endpoint);
        raw.SendFrame([0x05, 0x41]);
        raw.SendFrame([0x01]); // then a real subscription to everything
        WaitUntil(() => publisher.Stats.BadSubscriberFrames == 1 && publisher.Stats.Subscriptions == 1, "the bad frame to be counted");
        Assert.Null(publisher.Stats.Failure);

        publisher.PublishStatus(new Status { Tick = 9 });
        var frames = new List<byte[]>();
        Assert.True(raw.TryReceiveMultipartBytes(TimeSpan.FromSeconds(5), ref frames));
        Assert.Equal("status", Encoding.UTF8.GetString(frames[0]));
    }

    [Fact]
    public void ASubscriberDecodesThePooledFrameInPlace()
    {
        BusBuffers.UsePooled(); // as alphahost runs: the received frame is a pool buffer longer than the message
        using var publisher = Loopback();
        using var sub = Subscribe(publisher.Endpoint, "signal.");
        WaitUntil(() => publisher.Stats.Subscriptions == 1, "the subscription");
        var sent = MakeSignal("a", 4, 5000);
        publisher.PublishSignal(sent);

        var frame = new Msg();
        frame.InitEmpty();
        try
        {
            Assert.True(sub.TryReceive(ref frame, TimeSpan.FromSeconds(5)));
            Assert.Equal("signal.a", Encoding.UTF8.GetString(frame.Slice()));
            Assert.True(sub.TryReceive(ref frame, TimeSpan.FromSeconds(5)));
            var decoded = BusCodec.TryDecode<Signal>(frame.SliceAsMemory(), out var error) ?? throw new Xunit.Sdk.XunitException(error);
            Assert.Equal((1UL, 4L, "a"), (decoded.Sequence, decoded.Tick, decoded.Model));
            Assert.Equal(sent.Codes, decoded.Codes);
            Assert.Equal(sent.Scores, decoded.Scores);
        }
        finally
        {
            frame.Close();
        }
        // Only the slice is read: cut by one byte the message is refused, though the array behind it holds the rest.
        var bytes = BusCodec.Encode(sent);
        var longer = new byte[bytes.Length + 64];
        bytes.CopyTo(longer, 32);
        Assert.Equal(sent.Scores, BusCodec.TryDecode<Signal>(longer.AsMemory(32, bytes.Length), out _)!.Scores);
        Assert.Null(BusCodec.TryDecode<Signal>(longer.AsMemory(32, bytes.Length - 1), out var truncated));
        Assert.Contains("not a Signal map", truncated);
    }
}

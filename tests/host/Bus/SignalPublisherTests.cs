using AlphaHost.Host.Bus;
using AlphaHost.Sdk.Protocol;
using AlphaHost.Sdk.Zmq;
using static AlphaHost.Host.Tests.Bus.BusTestKit;

namespace AlphaHost.Host.Tests.Bus;

public class SignalPublisherTests
{
    private static PublisherOptions Loopback(int highWaterMark = 1000) =>
        new() { Endpoint = "tcp://127.0.0.1:*", SubscriberHighWaterMark = highWaterMark };

    [Fact]
    public void SubscriberReceivesSignalsInSequence()
    {
        using var context = new ZmqContext();
        using var publisher = new SignalPublisher(context, Loopback());
        using var sub = Subscribe(context, publisher.Endpoint, "signal.");
        WaitUntil(() => publisher.Stats.Subscriptions == 1, "the subscription");

        for (ulong tick = 0; tick < 50; tick++) Assert.True(publisher.PublishSignal(MakeSignal("gru", tick, 10)));

        var tracker = new SequenceTracker();
        for (ulong tick = 0; tick < 50; tick++)
        {
            var (topic, signal) = NextSignal(sub);
            Assert.Equal("signal.gru", topic);
            Assert.Equal(tick + 1, signal.Header.Sequence);
            Assert.Equal(tick, signal.Tick);
            Assert.Equal(tick == 0 ? Arrival.First : Arrival.InOrder, tracker.Observe(topic, signal.Header.Sequence));
        }
        Assert.Equal(0, tracker.Missed);
        Assert.Equal(50, publisher.Stats.Published);
        Assert.Equal(0, publisher.Stats.SubscriberOverflows + publisher.Stats.QueueDrops);
    }

    [Fact]
    public void SequenceNumbersArePerTopic()
    {
        using var context = new ZmqContext();
        using var publisher = new SignalPublisher(context, Loopback());
        using var sub = Subscribe(context, publisher.Endpoint, "");
        WaitUntil(() => publisher.Stats.Subscriptions == 1, "the subscription");

        publisher.PublishSignal(MakeSignal("a", 0, 1));
        publisher.PublishStatus(new Status { Tick = 0 });
        publisher.PublishSignal(MakeSignal("a", 1, 1));
        publisher.PublishSignal(MakeSignal("b", 1, 1));

        var received = Enumerable.Range(0, 4).Select(_ => Next(sub)!.Value).ToList();
        Assert.Equal(["signal.a", "status", "signal.a", "signal.b"], received.Select(m => m.Topic));
        Assert.Equal([1UL, 1UL, 2UL, 1UL], received.Select(m => Signal.Parser.ParseFrom(m.Payload).Header.Sequence));
    }

    [Fact]
    public void LateJoinerGetsTheLastValueFirst()
    {
        using var context = new ZmqContext();
        using var publisher = new SignalPublisher(context, Loopback());
        for (ulong tick = 0; tick < 3; tick++) publisher.PublishSignal(MakeSignal("gru", tick, 5));
        publisher.PublishStatus(new Status { Tick = 2 });
        WaitUntil(() => publisher.Stats.Published == 4, "the publisher thread to take all four");

        using var late = Subscribe(context, publisher.Endpoint, "signal.");
        var (topic, first) = NextSignal(late); // arrives with no further publish
        Assert.Equal("signal.gru", topic);
        Assert.Equal(3UL, first.Header.Sequence);
        Assert.Equal(2UL, first.Tick);

        publisher.PublishSignal(MakeSignal("gru", 3, 5));
        var (_, next) = NextSignal(late);
        Assert.Equal(4UL, next.Header.Sequence);
        late.ReceiveTimeout = 50;
        Assert.Null(Next(late)); // the status topic did not match "signal."
    }

    [Fact]
    public void ExistingSubscriberSeesALateJoinersReplayAsAReplay()
    {
        using var context = new ZmqContext();
        using var publisher = new SignalPublisher(context, Loopback());
        using var early = Subscribe(context, publisher.Endpoint, "signal.");
        WaitUntil(() => publisher.Stats.Subscriptions == 1, "the first subscription");
        publisher.PublishSignal(MakeSignal("gru", 0, 1));
        var tracker = new SequenceTracker();
        var (topic, signal) = NextSignal(early);
        Assert.Equal(Arrival.First, tracker.Observe(topic, signal.Header.Sequence));

        using var late = Subscribe(context, publisher.Endpoint, "signal.");
        Assert.Equal(1UL, NextSignal(late).Signal.Header.Sequence);
        (topic, signal) = NextSignal(early);
        Assert.Equal(Arrival.Replay, tracker.Observe(topic, signal.Header.Sequence));
    }

    [Fact]
    public void StalledSubscriberMissesMessagesWithoutHoldingBackOthers()
    {
        using var context = new ZmqContext();
        using var publisher = new SignalPublisher(context, Loopback(highWaterMark: 4));
        using var stalled = Subscribe(context, publisher.Endpoint, "signal.", stalls: true);
        using var healthy = Subscribe(context, publisher.Endpoint, "signal.");
        WaitUntil(() => publisher.Stats.Subscriptions == 2, "both subscriptions");

        // ~100 KB per message, 100 messages: 10 MB, beyond the stalled side's queues plus the
        // publisher's loopback TCP send buffer (at most 4 MB here).
        const int messages = 100;
        var signal = MakeSignal("gru", 0, 8000);
        for (ulong i = 1; i <= messages; i++)
        {
            signal.Tick = i;
            Assert.True(publisher.PublishSignal(signal));
            var (_, received) = NextSignal(healthy); // lock-step, so the healthy queue never fills
            Assert.Equal(i, received.Header.Sequence);
        }
        Assert.True(publisher.Stats.SubscriberOverflows >= 1);
        Assert.Equal(0, publisher.Stats.QueueDrops);

        // The stalled subscriber wakes up: it gets what fitted in its queues (with gaps where libzmq
        // dropped for it), then one more publish makes a gap at the end visible too.
        var tracker = new SequenceTracker();
        var receivedByStalled = 0;
        stalled.ReceiveTimeout = 200;
        while (Next(stalled) is { } message)
        {
            var arrival = tracker.Observe(message.Topic, Signal.Parser.ParseFrom(message.Payload).Header.Sequence);
            Assert.NotEqual(Arrival.Replay, arrival); // gaps, never disorder
            receivedByStalled++;
        }
        Assert.True(receivedByStalled < messages);
        publisher.PublishSignal(signal);
        stalled.ReceiveTimeout = 5000;
        var (topic, last) = NextSignal(stalled);
        Assert.Equal(messages + 1UL, last.Header.Sequence);
        Assert.NotEqual(Arrival.Replay, tracker.Observe(topic, last.Header.Sequence));
        Assert.Equal(messages - receivedByStalled, tracker.Missed);
    }

    [Fact]
    public void SubscriptionCountFollowsDisconnects()
    {
        using var context = new ZmqContext();
        using var publisher = new SignalPublisher(context, Loopback());
        using (Subscribe(context, publisher.Endpoint, "signal."))
        using (Subscribe(context, publisher.Endpoint, "status"))
            WaitUntil(() => publisher.Stats.Subscriptions == 2, "two subscriptions");
        WaitUntil(() => publisher.Stats.Subscriptions == 0, "the unsubscriptions after disconnect");
    }

    [Fact]
    public void BindingATakenPortFailsWithTheEndpointInTheMessage()
    {
        using var context = new ZmqContext();
        using var first = new SignalPublisher(context, Loopback());
        var error = Assert.Throws<ZmqException>(() => new SignalPublisher(context, new PublisherOptions { Endpoint = first.Endpoint }));
        Assert.Contains(first.Endpoint, error.Message);
        Assert.Contains("Address already in use", error.Message);
    }
}

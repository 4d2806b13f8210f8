using System.Text;
using AlphaHost.Sdk.Zmq;

namespace AlphaHost.Sdk.Tests.Zmq;

public class ZmqSocketTests
{
    private const string AnyLoopbackPort = "tcp://127.0.0.1:*";

    [Fact]
    public void WildcardBindResolvesToAConcretePort()
    {
        using var context = new ZmqContext();
        using var pull = context.CreateSocket(ZmqSocketType.Pull);
        pull.Bind(AnyLoopbackPort);
        var endpoint = pull.LastEndpoint;
        Assert.StartsWith("tcp://127.0.0.1:", endpoint);
        Assert.True(int.Parse(endpoint["tcp://127.0.0.1:".Length..]) > 0);
    }

    [Fact]
    public void MultipartMessageArrivesWholeAndInOrder()
    {
        using var context = new ZmqContext();
        using var pull = context.CreateSocket(ZmqSocketType.Pull);
        using var push = context.CreateSocket(ZmqSocketType.Push);
        pull.Bind(AnyLoopbackPort);
        push.Connect(pull.LastEndpoint);
        pull.ReceiveTimeout = 5000;

        var frames = new[] { "a"u8.ToArray(), Array.Empty<byte>(), Enumerable.Range(0, 100_000).Select(i => (byte)i).ToArray() };
        Assert.True(push.SendMultipart(frames));

        var received = pull.ReceiveMultipart();
        Assert.NotNull(received);
        Assert.Equal(3, received.Count);
        for (var i = 0; i < frames.Length; i++) Assert.Equal(frames[i], received[i]);
    }

    [Fact]
    public void ReceiveTimesOutWithNullInsteadOfBlocking()
    {
        using var context = new ZmqContext();
        using var pull = context.CreateSocket(ZmqSocketType.Pull);
        pull.Bind(AnyLoopbackPort);
        pull.ReceiveTimeout = 20;
        Assert.Null(pull.Receive(out var more));
        Assert.False(more);
        Assert.Null(pull.Receive(out _, dontWait: true));
    }

    [Fact]
    public void ErrorsCarryLibzmqsOwnText()
    {
        using var context = new ZmqContext();
        using var pull = context.CreateSocket(ZmqSocketType.Pull);
        var error = Assert.Throws<ZmqException>(() => pull.Bind("nosuchtransport://x"));
        Assert.Contains("nosuchtransport://x", error.Message);
        Assert.Contains(ZmqException.Describe(error.ErrorCode), error.Message);
        Assert.Equal("Protocol not supported", ZmqException.Describe(error.ErrorCode));
    }

    [Fact]
    public void SocketOptionsRoundTrip()
    {
        using var context = new ZmqContext();
        using var socket = context.CreateSocket(ZmqSocketType.Pub);
        Assert.Equal(0, socket.Linger); // our default: never hang at close
        socket.SendHighWaterMark = 17;
        Assert.Equal(17, socket.SendHighWaterMark);
        Assert.Equal((int)ZmqSocketType.Pub, socket.GetInt(ZmqOption.Type));
    }

    [Fact]
    public void SubscriberGetsOnlyTopicsMatchingItsPrefix()
    {
        using var context = new ZmqContext();
        using var pub = context.CreateSocket(ZmqSocketType.Pub);
        using var sub = context.CreateSocket(ZmqSocketType.Sub);
        pub.Bind("inproc://prefix-test");
        sub.Connect("inproc://prefix-test");
        sub.Subscribe("signal.");
        sub.ReceiveTimeout = 20;

        // The subscription reaches the publisher asynchronously: repeat until one arrives (bounded).
        byte[]? frame = null;
        for (var attempt = 0; attempt < 250 && frame is null; attempt++)
        {
            pub.Send("status");
            pub.Send("signal.gru");
            frame = sub.Receive(out _);
        }
        Assert.Equal("signal.gru", Encoding.UTF8.GetString(frame!));
        while ((frame = sub.Receive(out _)) is not null) Assert.Equal("signal.gru", Encoding.UTF8.GetString(frame));
    }

    [Fact]
    public void PollerReportsReadinessOnlyWhenAMessageWaits()
    {
        using var context = new ZmqContext();
        using var pull = context.CreateSocket(ZmqSocketType.Pull);
        using var push = context.CreateSocket(ZmqSocketType.Push);
        pull.Bind("inproc://poll-test");
        push.Connect("inproc://poll-test");
        var poller = new ZmqPoller();
        var index = poller.Add(pull);

        Assert.Equal(0, poller.Poll(TimeSpan.Zero));
        Assert.False(poller.IsReady(index));

        push.Send("x");
        Assert.Equal(1, poller.Poll(TimeSpan.FromSeconds(5)));
        Assert.True(poller.IsReady(index));
    }
}

using AlphaHost.Host.Bus;
using AlphaHost.Sdk.Protocol;
using AlphaHost.Sdk.Zmq;
using Google.Protobuf;
using static AlphaHost.Host.Tests.Bus.BusTestKit;

namespace AlphaHost.Host.Tests.Bus;

public class ControlServerTests
{
    /// <summary>Records commands; answers with a status whose tick counts the commands seen.</summary>
    private sealed class RecordingHandler : IControlHandler
    {
        public List<Command> Seen { get; } = [];

        public Reply Handle(Command command)
        {
            lock (Seen) Seen.Add(command);
            if (command.KindCase == Command.KindOneofCase.ActivateModel)
                throw new InvalidOperationException($"unknown model '{command.ActivateModel.Model}'");
            return new Reply { Ok = true, Status = new Status { Tick = (ulong)Seen.Count } };
        }
    }

    private static ControlOptions Loopback => new() { Endpoint = "tcp://127.0.0.1:*" };

    private static ZmqSocket Dealer(ZmqContext context, string endpoint, CurveKeyPair? client = null, string? serverKey = null)
    {
        var dealer = context.CreateSocket(ZmqSocketType.Dealer);
        dealer.ReceiveTimeout = 5000;
        if (client is not null)
        {
            dealer.SetOption(ZmqOption.CurveServerKey, serverKey!);
            dealer.SetOption(ZmqOption.CurvePublicKey, client.PublicKey);
            dealer.SetOption(ZmqOption.CurveSecretKey, client.SecretKey);
        }
        dealer.Connect(endpoint);
        return dealer;
    }

    private static Reply? Ask(ZmqSocket client, Command command)
    {
        client.Send(command.ToByteArray());
        var frame = client.Receive(out _);
        return frame is null ? null : Reply.Parser.ParseFrom(frame);
    }

    [Fact]
    public void DealerCommandIsAnsweredWithItsRequestId()
    {
        var handler = new RecordingHandler();
        using var context = new ZmqContext();
        using var server = new ControlServer(context, Loopback, handler);
        using var client = Dealer(context, server.Endpoint);

        var reply = Ask(client, new Command { RequestId = 7, Pause = new Pause() });

        Assert.NotNull(reply);
        Assert.True(reply.Ok);
        Assert.Equal(7UL, reply.RequestId);
        Assert.Equal(1UL, reply.Status.Tick);
        Assert.Equal(Command.KindOneofCase.Pause, Assert.Single(handler.Seen).KindCase);
        Assert.False(server.IsCurve);
    }

    [Fact]
    public void ReqClientIsAnsweredThroughItsEnvelope()
    {
        using var context = new ZmqContext();
        using var server = new ControlServer(context, Loopback, new RecordingHandler());
        using var req = context.CreateSocket(ZmqSocketType.Req);
        req.ReceiveTimeout = 5000;
        req.Connect(server.Endpoint);

        var reply = Ask(req, new Command { RequestId = 3, Step = new Step { Ticks = 2 } });
        Assert.Equal(3UL, reply!.RequestId);
        Assert.True(reply.Ok);
    }

    [Fact]
    public void GarbageIsDroppedAndCountedAndServingContinues()
    {
        var handler = new RecordingHandler();
        using var context = new ZmqContext();
        using var server = new ControlServer(context, Loopback, handler);
        using var client = Dealer(context, server.Endpoint);

        client.Send(new byte[] { 0xFF, 0xFF, 0xFF });                          // truncated varint: not protobuf
        client.SendMultipart([[1], [2], [3]]);                                  // wrong frame shape
        var reply = Ask(client, new Command { RequestId = 9, Resume = new Resume() });

        Assert.Equal(9UL, reply!.RequestId); // the first answer is to the good command: garbage got none
        WaitUntil(() => server.Stats.Malformed == 2, "both garbage messages to be counted");
        Assert.Equal(1, server.Stats.Served);
        Assert.Single(handler.Seen);
        Assert.Null(server.Stats.Failure);
    }

    [Fact]
    public void SignalsKeepFlowingInSequenceWhileGarbageHitsTheControlSocket()
    {
        using var context = new ZmqContext();
        using var server = new ControlServer(context, Loopback, new RecordingHandler());
        using var publisher = new SignalPublisher(context, new PublisherOptions { Endpoint = "tcp://127.0.0.1:*" });
        using var attacker = Dealer(context, server.Endpoint);
        using var sub = Subscribe(context, publisher.Endpoint, "signal.");
        WaitUntil(() => publisher.Stats.Subscriptions == 1, "the subscription");

        const int ticks = 20;
        for (ulong tick = 0; tick < ticks; tick++)
        {
            attacker.Send(new byte[] { 0x0A, 0xFF, 0xFF, 0xFF }); // field 1 claims a length the bytes don't have
            Assert.True(publisher.PublishSignal(MakeSignal("gru", tick, 10)));
            Assert.Equal(tick + 1, NextSignal(sub).Signal.Header.Sequence);
        }
        WaitUntil(() => server.Stats.Malformed == ticks, "every garbage message to be counted");
        Assert.Null(server.Stats.Failure);
        Assert.Equal(0, server.Stats.Served);
    }

    [Fact]
    public void HandlerFailureBecomesARefusalNotACrash()
    {
        using var context = new ZmqContext();
        using var server = new ControlServer(context, Loopback, new RecordingHandler());
        using var client = Dealer(context, server.Endpoint);

        var refused = Ask(client, new Command { RequestId = 1, ActivateModel = new ActivateModel { Model = "nope" } });
        Assert.False(refused!.Ok);
        Assert.Equal("ActivateModel failed: unknown model 'nope'", refused.Error);

        var empty = Ask(client, new Command { RequestId = 2 }); // no kind set (e.g. one from a newer client)
        Assert.False(empty!.Ok);
        Assert.Equal(2UL, empty.RequestId);

        Assert.True(Ask(client, new Command { RequestId = 3, Status = new StatusRequest() })!.Ok);
        Assert.Equal(1, server.Stats.HandlerFailures);
    }

    [Fact]
    public void CurveServesAnAllowedKeyAndRefusesAnUnknownOne()
    {
        var serverKeys = CurveKeyPair.Generate();
        var allowed = CurveKeyPair.Generate();
        var stranger = CurveKeyPair.Generate();
        using var context = new ZmqContext();
        var options = Loopback with { RequireCurve = true, ServerKeys = serverKeys, AllowedClientKeys = [allowed.PublicKey] };
        using var server = new ControlServer(context, options, new RecordingHandler());
        Assert.True(server.IsCurve);

        using (var outsider = Dealer(context, server.Endpoint, stranger, serverKeys.PublicKey))
        {
            outsider.ReceiveTimeout = 300;
            Assert.Null(Ask(outsider, new Command { RequestId = 1, Shutdown = new Shutdown() }));
            WaitUntil(() => server.Stats.Refused >= 1, "the ZAP refusal to be counted");
        }

        using var insider = Dealer(context, server.Endpoint, allowed, serverKeys.PublicKey);
        Assert.True(Ask(insider, new Command { RequestId = 2, Status = new StatusRequest() })!.Ok);
        Assert.Equal(1, server.Stats.Served); // the outsider's shutdown never reached the handler
    }

    [Fact]
    public void PlainClientCannotTalkToACurveServer()
    {
        var serverKeys = CurveKeyPair.Generate();
        using var context = new ZmqContext();
        var options = Loopback with { RequireCurve = true, ServerKeys = serverKeys, AllowedClientKeys = [CurveKeyPair.Generate().PublicKey] };
        using var server = new ControlServer(context, options, new RecordingHandler());
        using var plain = Dealer(context, server.Endpoint);
        plain.ReceiveTimeout = 300;
        Assert.Null(Ask(plain, new Command { RequestId = 1, Pause = new Pause() }));
        Assert.Equal(0, server.Stats.Served);
    }

    [Fact]
    public void NetworkEndpointWithoutKeysIsRefusedUpFront()
    {
        using var context = new ZmqContext();
        var error = Assert.Throws<ArgumentException>(() =>
            new ControlServer(context, new ControlOptions { Endpoint = "tcp://0.0.0.0:*" }, new RecordingHandler()));
        Assert.Contains("tcp://0.0.0.0:*", error.Message);
        Assert.Contains("alphahost keys new", error.Message);

        var noClients = Assert.Throws<ArgumentException>(() => new ControlServer(context,
            new ControlOptions { Endpoint = "tcp://0.0.0.0:*", ServerKeys = CurveKeyPair.Generate() }, new RecordingHandler()));
        Assert.Contains("allow-list is empty", noClients.Message);
    }

    [Theory]
    [InlineData("tcp://127.0.0.1:5557", true)]
    [InlineData("tcp://localhost:5557", true)]
    [InlineData("tcp://[::1]:5557", true)]
    [InlineData("ipc:///tmp/alphahost.sock", true)]
    [InlineData("inproc://control", true)]
    [InlineData("tcp://0.0.0.0:5557", false)]
    [InlineData("tcp://*:5557", false)]
    [InlineData("tcp://192.168.1.10:5557", false)]
    [InlineData("tcp://eth0:5557", false)]
    public void OnlyLoopbackAndLocalTransportsCountAsLocal(string endpoint, bool local) =>
        Assert.Equal(local, BusEndpoints.IsLocal(endpoint));
}

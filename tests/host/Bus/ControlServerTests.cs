using AlphaHost.Host.Bus;
using NetMQ;
using NetMQ.Sockets;

namespace AlphaHost.Host.Tests.Bus;

public class ControlServerTests
{
    /// <summary>Records commands; answers with a status whose tick counts the commands seen; fails activate-model.</summary>
    internal sealed class RecordingHandler : IControlHandler
    {
        public List<Command> Seen { get; } = [];

        public Reply Handle(Command command)
        {
            lock (Seen) Seen.Add(command);
            if (command.Kind == CommandKinds.ActivateModel) throw new InvalidOperationException($"unknown model '{command.Model}'");
            return new Reply { Ok = true, Status = new Status { Tick = Seen.Count } };
        }
    }

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private static ControlOptions Loopback => new() { Endpoint = BusTestKit.Loopback };

    // {"request_id": 1, "kind": "pause"} encoded by hand from the MessagePack spec (fixmap 2, fixstr keys).
    private static readonly byte[] HandMadePause = Convert.FromHexString("82aa726571756573745f696401a46b696e64a57061757365");

    /// <summary>A raw DEALER that sends any frames and reads the reply.</summary>
    private static DealerSocket Dealer(string endpoint, CurveKeyPair? client = null, CurveKeyPair? server = null)
    {
        var dealer = new DealerSocket();
        dealer.Options.Linger = TimeSpan.Zero;
        if (client is not null)
        {
            dealer.Options.CurveServerKey = server!.PublicKeyBytes;
            dealer.Options.CurveCertificate = client.Certificate;
        }
        dealer.Connect(endpoint);
        return dealer;
    }

    private static Reply Ask(DealerSocket dealer, params byte[][] frames)
    {
        var message = new NetMQMessage(frames.Select(f => new NetMQFrame(f)));
        Assert.True(dealer.TrySendMultipartMessage(Timeout, message));
        var reply = new List<byte[]>();
        Assert.True(dealer.TryReceiveMultipartBytes(Timeout, ref reply), "no reply");
        return BusCodec.TryDecode<Reply>(Assert.Single(reply), out var error) ?? throw new Xunit.Sdk.XunitException(error);
    }

    [Fact]
    public void HandEncodedMessagePackIsACommandAndTheReplyEchoesItsId()
    {
        var handler = new RecordingHandler();
        using var server = new ControlServer(Loopback, handler);
        using var dealer = Dealer(server.Endpoint);

        var reply = Ask(dealer, HandMadePause);

        Assert.True(reply.Ok, reply.Error);
        Assert.Equal(1UL, reply.RequestId);
        Assert.Equal(1L, reply.Status!.Tick);
        Assert.Equal(CommandKinds.Pause, Assert.Single(handler.Seen).Kind);
        Assert.False(server.IsSecure);
    }

    [Fact]
    public void AReqClientIsAnsweredThroughItsEnvelope()
    {
        using var server = new ControlServer(Loopback, new RecordingHandler());
        using var req = new RequestSocket();
        req.Options.Linger = TimeSpan.Zero;
        req.Connect(server.Endpoint);
        req.SendFrame(BusCodec.Encode(new Command { RequestId = 3, Kind = CommandKinds.Step, Ticks = 2 }));
        Assert.True(req.TryReceiveFrameBytes(Timeout, out var frame));
        var reply = BusCodec.TryDecode<Reply>(frame!, out _)!;
        Assert.Equal((3UL, true), (reply.RequestId, reply.Ok));
    }

    public static TheoryData<string, byte[][], string, string> BadInputs => new()
    {
        { "garbage", [[0xc1, 0x00, 0xff]], "malformed", "not a Command map" },
        { "wrong type", [BusCodec.Encode(new Dictionary<string, object> { ["request_id"] = "seven", ["kind"] = "pause" })], "malformed", "not a Command map" },
        { "missing kind", [BusCodec.Encode(new Dictionary<string, object> { ["request_id"] = 4 })], "malformed", "kind is missing" },
        { "missing id", [BusCodec.Encode(new Dictionary<string, object> { ["kind"] = "pause" })], "malformed", "request_id is missing" },
        { "missing model", [BusCodec.Encode(new Command { RequestId = 4, Kind = CommandKinds.Promote })], "malformed", "promote: model is missing" },
        { "negative speed", [BusCodec.Encode(new Command { RequestId = 4, Kind = CommandKinds.Speed, TicksPerSecond = -2 })], "malformed", "0 (as fast as possible) or more" },
        { "oversized", [BusCodec.Encode(new Command { RequestId = 4, Kind = CommandKinds.Reload, Name = new string('x', BusCodec.MaxCommandBytes) })], "malformed", $"a command may take {BusCodec.MaxCommandBytes} bytes" },
        { "two frames", [HandMadePause, HandMadePause], "malformed", "expected one frame" },
        { "unknown", [BusCodec.Encode(new Command { RequestId = 4, Kind = "launch" })], "unknown", "unknown command 'launch'" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void BadInputIsCountedAnsweredAndNeverReachesTheHandler(string what, byte[][] frames, string counter, string error)
    {
        var handler = new RecordingHandler();
        using var server = new ControlServer(Loopback, handler);
        using var dealer = Dealer(server.Endpoint);

        var reply = Ask(dealer, frames);

        Assert.False(reply.Ok, what);
        Assert.Contains(error, reply.Error);
        Assert.Null(reply.Status);
        Assert.Empty(handler.Seen);
        var stats = server.Stats;
        Assert.Equal((counter == "malformed" ? 1 : 0, counter == "unknown" ? 1 : 0, 0L), (stats.Malformed, stats.Unknown, stats.Served));
        Assert.True(Ask(dealer, HandMadePause).Ok); // and the socket still serves
        Assert.Null(server.Stats.Failure);
    }

    [Fact]
    public void AHandlerThatThrowsIsAnErrorReply()
    {
        using var server = new ControlServer(Loopback, new RecordingHandler());
        using var dealer = Dealer(server.Endpoint);
        var reply = Ask(dealer, BusCodec.Encode(new Command { RequestId = 5, Kind = CommandKinds.ActivateModel, Model = "nope" }));
        Assert.Equal((5UL, false, "activate-model failed: unknown model 'nope'"), (reply.RequestId, reply.Ok, reply.Error));
        Assert.Equal(1, server.Stats.HandlerFailures);
    }

    [Fact]
    public void OffLoopbackWithoutKeysOrAllowListRefusesToBind()
    {
        Assert.Contains("CURVE", Assert.Throws<ArgumentException>(() => new ControlServer(new ControlOptions { Endpoint = "tcp://0.0.0.0:*" }, new RecordingHandler())).Message);
        var empty = new ControlOptions { Endpoint = "tcp://0.0.0.0:*", ServerKeys = CurveKeyPair.Generate() };
        Assert.Contains("allow-list is empty", Assert.Throws<ArgumentException>(() => new ControlServer(empty, new RecordingHandler())).Message);
    }

    private sealed class SecureSetup : IDisposable
    {
        public CurveKeyPair Server { get; } = CurveKeyPair.Generate();
        public CurveKeyPair Desk { get; } = CurveKeyPair.Generate();
        public RecordingHandler Handler { get; } = new();
        public ControlServer Control { get; }

        public SecureSetup() => Control = new ControlServer(
            new ControlOptions { Endpoint = BusTestKit.Loopback, RequireCurve = true, ServerKeys = Server, AllowedClientKeys = [Desk.PublicKey] }, Handler);

        public byte[][] Seal(Command command, CurveKeyPair? client = null, byte[]? nonce = null) =>
            CommandSeal.Seal(BusCodec.Encode(command), client ?? Desk, Server.PublicKeyBytes, nonce ?? new NonceSource().Next());

        public void Dispose() => Control.Dispose();
    }

    [Fact]
    public void ASignedCommandFromAnAllowedKeyIsObeyedOnceAndItsReplayRefused()
    {
        using var setup = new SecureSetup();
        using var dealer = Dealer(setup.Control.Endpoint, setup.Desk, setup.Server);
        var frames = setup.Seal(new Command { RequestId = 1, Kind = CommandKinds.Pause });

        Assert.True(Ask(dealer, frames).Ok);
        var replay = Ask(dealer, frames);
        Assert.False(replay.Ok);
        Assert.Contains("replayed", replay.Error);

        Assert.Single(setup.Handler.Seen);
        Assert.Equal((1L, 1L), (setup.Control.Stats.Served, setup.Control.Stats.Replayed));
        Assert.True(setup.Control.IsSecure);
    }

    [Fact]
    public void UnsignedForgedAndUnlistedCommandsAreRefused()
    {
        using var setup = new SecureSetup();
        var stranger = CurveKeyPair.Generate();
        using var dealer = Dealer(setup.Control.Endpoint, stranger, setup.Server); // CURVE admits anyone who knows the server key
        var pause = new Command { RequestId = 2, Kind = CommandKinds.Pause };

        Assert.Contains("only signed commands", Ask(dealer, BusCodec.Encode(pause)).Error);
        Assert.Contains("not on the allow-list", Ask(dealer, setup.Seal(pause, stranger)).Error);
        var forged = setup.Seal(pause);
        forged[2][^1] ^= 1; // one bit of the box
        Assert.Contains("does not open", Ask(dealer, forged).Error);
        var impostor = setup.Seal(pause, stranger); // the desk's key named, the stranger's secret used
        impostor[0] = setup.Desk.PublicKeyBytes;
        Assert.Contains("does not open", Ask(dealer, impostor).Error);

        Assert.Empty(setup.Handler.Seen);
        Assert.Equal((4L, 0L), (setup.Control.Stats.Refused, setup.Control.Stats.Served));
        // A forgery does not move the desk's nonce: its next real command still works.
        Assert.True(Ask(dealer, setup.Seal(pause)).Ok);
    }

    [Fact]
    public void AnOlderNonceIsRefusedEvenIfNeverSeen()
    {
        using var setup = new SecureSetup();
        using var dealer = Dealer(setup.Control.Endpoint, setup.Desk, setup.Server);
        var nonces = new NonceSource();
        var older = nonces.Next();
        var newer = nonces.Next();
        Assert.True(Ask(dealer, setup.Seal(new Command { RequestId = 1, Kind = CommandKinds.Resume }, nonce: newer)).Ok);
        Assert.Contains("replayed", Ask(dealer, setup.Seal(new Command { RequestId = 2, Kind = CommandKinds.Pause }, nonce: older)).Error);
        Assert.Equal(CommandKinds.Resume, Assert.Single(setup.Handler.Seen).Kind);
    }
}

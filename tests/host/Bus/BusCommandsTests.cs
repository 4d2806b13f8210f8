using AlphaHost.Host.Bus;
using AlphaHost.Host.Tests.Run;
using static AlphaHost.Host.Tests.Bus.BusTestKit;

namespace AlphaHost.Host.Tests.Bus;

/// <summary>`alphahost keys`, `listen` and `control` as a user runs them: the built executable against a real bus.</summary>
public sealed class BusCommandsTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "alphahost-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static (int Code, string Output) Alphahost(params string[] args)
    {
        using var process = HostProcess.Start(args);
        var code = process.WaitForExit(Timeout);
        return (code, process.Output);
    }

    [Fact]
    public void KeysNewWritesAUsablePairAndRefusesToOverwrite()
    {
        Assert.Equal(0, Program.Main(["keys", "new", "--out", _dir, "--name", "desk"]));
        var keys = CurveKeyFiles.ReadSecret(Path.Combine(_dir, "desk.key"));
        Assert.Equal(keys.PublicKey, CurveKeyFiles.ReadPublic(Path.Combine(_dir, "desk.pub")));
        Assert.NotEqual(0, Program.Main(["keys", "new", "--out", _dir, "--name", "desk"]));
    }

    [Theory]
    [InlineData("keys", "new")]                                    // --out missing
    [InlineData("listen", "--count", "-1")]
    [InlineData("listen", "--top", "0")]
    [InlineData("listen", "--endpoint", "bogus://x", "--count", "1")]
    [InlineData("control", "launch")]
    [InlineData("control", "speed")]                               // no speed given
    [InlineData("control", "speed", "fast")]
    [InlineData("control", "step", "0")]
    [InlineData("control", "promote")]                             // no model
    [InlineData("control", "pause", "now")]
    [InlineData("control", "pause", "--key", "desk.key")]          // without --server-key
    public void BadInputExitsNonZero(params string[] args) => Assert.NotEqual(0, Program.Main(args));

    [Fact]
    public void ListenPrintsTheTopCodesOfALiveSignal()
    {
        using var publisher = new SignalPublisher(new PublisherOptions { Endpoint = Loopback });
        publisher.PublishSignal(MakeSignal("gru", 3, 50)); // the last value: listen gets it on joining
        WaitUntil(() => publisher.Stats.Published == 1, "the publish");

        var (code, output) = Alphahost("listen", "--endpoint", publisher.Endpoint, "--count", "1", "--top", "3");

        Assert.Equal(0, code);
        Assert.Equal(
            "signal.gru #1 2024-01-31 tick 3 gru 1.0.0: 50 codes, top 3\n" +
            "    1 S000049        0.049000\n" +
            "    2 S000048        0.048000\n" +
            "    3 S000047        0.047000", output);
    }

    [Fact]
    public void ControlSendsOneCommandAndPrintsTheReply()
    {
        var handler = new ControlServerTests.RecordingHandler();
        using var server = new ControlServer(new ControlOptions { Endpoint = Loopback }, handler);

        var (code, output) = Alphahost("control", "speed", "2.5", "--endpoint", server.Endpoint);
        Assert.Equal(0, code);
        Assert.StartsWith("speed: ok\nstatus #0  ", output);
        var sent = Assert.Single(handler.Seen);
        Assert.Equal((CommandKinds.Speed, 2.5), (sent.Kind, sent.TicksPerSecond));

        (code, output) = Alphahost("control", "activate-model", "nope", "--endpoint", server.Endpoint);
        Assert.Equal(1, code);
        Assert.Equal("stderr: activate-model: activate-model failed: unknown model 'nope'", output);
    }

    [Fact]
    public void ControlWithoutAHostSaysSoAndExitsNonZero()
    {
        var (code, output) = Alphahost("control", "status", "--endpoint", $"tcp://127.0.0.1:{RunKit.FreePort()}", "--timeout", "0.5");
        Assert.Equal(1, code);
        Assert.Contains("no reply from", output);
    }

    [Fact]
    public void ASecuredHostObeysOnlyItsAllowListedClient()
    {
        Assert.Equal(0, Alphahost("keys", "new", "--out", _dir, "--name", "server").Code);
        Assert.Equal(0, Alphahost("keys", "new", "--out", _dir, "--name", "desk").Code);
        Assert.Equal(0, Alphahost("keys", "new", "--out", _dir, "--name", "intruder").Code);
        var allowList = Path.Combine(_dir, "allowed");
        File.Copy(Path.Combine(_dir, "desk.pub"), allowList);
        var handler = new ControlServerTests.RecordingHandler();
        using var server = new ControlServer(
            ControlOptions.Load("tcp://0.0.0.0:0", Path.Combine(_dir, "server.key"), allowList) with { Endpoint = "tcp://0.0.0.0:0" }, handler);
        var endpoint = "tcp://127.0.0.1:" + server.Endpoint.Split(':')[^1];
        string[] Keys(string client) => ["--key", Path.Combine(_dir, client + ".key"), "--server-key", Path.Combine(_dir, "server.pub")];

        Assert.Equal(0, Alphahost(["control", "pause", "--endpoint", endpoint, .. Keys("desk")]).Code);
        var intruder = Alphahost(["control", "shutdown", "--endpoint", endpoint, .. Keys("intruder")]);
        Assert.Equal((1, "stderr: shutdown: client key not on the allow-list"), intruder);
        var plain = Alphahost("control", "shutdown", "--endpoint", endpoint, "--timeout", "1");
        Assert.Equal(1, plain.Code); // no CURVE: the handshake never completes

        Assert.Equal(CommandKinds.Pause, Assert.Single(handler.Seen).Kind);
        Assert.True(server.IsSecure);
    }
}

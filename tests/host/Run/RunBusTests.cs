using System.Text.Json.Nodes;
using AlphaHost.Host.Bus;
using AlphaHost.Host.Cli;
using AlphaHost.Host.Run;
using AlphaHost.Host.Tests.Bus;
using AlphaHost.Sdk.Plugins;
using static AlphaHost.Host.Tests.Bus.BusTestKit;

namespace AlphaHost.Host.Tests.Run;

/// <summary>
/// busKeys/busAllow of the run config, through the path `alphahost run` takes (config → RunBus →
/// MainJob.StartPublisher/StartControl) without training: off loopback only with CURVE and signed commands.
/// </summary>
public sealed class RunBusTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private readonly ScratchDir scratch = new();

    public void Dispose() => scratch.Dispose();

    private static RunConfig Config(params (string Key, JsonNode Value)[] values)
    {
        var json = new JsonObject();
        foreach (var (key, value) in values) json[key] = value;
        return RunConfig.Load(null, json, "test");
    }

    [Theory]
    [InlineData("busPub", "tcp://0.0.0.0:5556")]
    [InlineData("busControl", "tcp://*:5557")]
    [InlineData("busPub", "tcp://192.168.1.20:5556")]
    public void OffLoopbackWithoutKeysIsRefusedWithOneLineNamingTheKey(string key, string endpoint)
    {
        var error = Assert.Throws<ConfigException>(() => Config((key, endpoint)));
        Assert.Equal($"test: key '{key}': expected a loopback endpoint, or busKeys and busAllow to bind off loopback, got \"{endpoint}\"", Assert.Single(error.Problems));
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void KeysAndAllowListComeTogether()
    {
        Assert.Contains("key 'busAllow'", Assert.Single(Assert.Throws<ConfigException>(() => Config(("busKeys", "keys"))).Problems));
        Assert.Contains("key 'busKeys'", Assert.Single(Assert.Throws<ConfigException>(() => Config(("busAllow", "clients"))).Problems));
        Assert.False(Config(("bus", false), ("busPub", "tcp://0.0.0.0:5556")).Bus); // no bus, nothing to secure
    }

    [Fact]
    public void WithKeysTheRunBindsOffLoopbackAndObeysOnlyAllowListedSignedCommands()
    {
        var keys = Path.Combine(scratch.Path, "keys");
        var clients = Path.Combine(scratch.Path, "clients");
        var server = CurveKeyFiles.ReadSecret(CurveKeyFiles.Write(keys, "server", CurveKeyPair.Generate()).SecretPath);
        var desk = CurveKeyPair.Generate();
        var desk2 = CurveKeyPair.Generate();
        CurveKeyFiles.Write(clients, "desk", desk);
        CurveKeyFiles.Write(clients, "desk2", desk2);
        File.Delete(Path.Combine(clients, "desk.key")); // the folder needs only the clients' public halves
        File.Delete(Path.Combine(clients, "desk2.key"));

        var config = Config(("busPub", "tcp://0.0.0.0:0"), ("busControl", "tcp://0.0.0.0:0"), ("busKeys", keys), ("busAllow", clients));
        var bus = RunBus.Load(config);
        var log = new StringWriter();
        var handler = new ControlServerTests.RecordingHandler();
        using var publisher = MainJob.StartPublisher(bus, log);
        using var control = MainJob.StartControl(bus, handler, log);
        Assert.Equal("", log.ToString()); // both bound
        Assert.NotNull(publisher);
        Assert.NotNull(control);
        Assert.True(publisher.IsCurve);
        Assert.True(control.IsSecure);
        Assert.Equal(
            "bus: signals on tcp://0.0.0.0:0 (CURVE: whoever has server.pub reads them), control on tcp://0.0.0.0:0 (CURVE, commands signed by 2 allow-listed keys)",
            bus.Describe());

        // Signals: only a subscriber that knows server.pub reads them.
        var signals = "tcp://127.0.0.1:" + publisher.Endpoint.Split(':')[^1];
        using var plain = Subscribe(signals, "signal.");
        using var curve = Subscribe(signals, "signal.", serverKey: server.PublicKeyBytes);
        WaitUntil(() => publisher.Stats.Subscriptions == 1, "the CURVE subscription");
        publisher.PublishSignal(MakeSignal("mlp", 7, 5));
        var (topic, signal) = NextAs<Signal>(curve);
        Assert.Equal(("signal.mlp", 7L), (topic, signal.Tick));
        Assert.Null(Next(plain, TimeSpan.FromMilliseconds(500)));

        // Control: allow-listed keys are obeyed, any other key is refused, plain clients never get through CURVE.
        var endpoint = "tcp://127.0.0.1:" + control.Endpoint.Split(':')[^1];
        Reply? Ask(CurveKeyPair client, string kind)
        {
            using var c = new ControlClient(endpoint, new ControlClientKeys(client, server.PublicKey));
            return c.Ask(new Command { RequestId = 1, Kind = kind }, Timeout);
        }
        Assert.True(Ask(desk, CommandKinds.Pause)?.Ok);
        Assert.True(Ask(desk2, CommandKinds.Resume)?.Ok);
        var intruder = Ask(CurveKeyPair.Generate(), CommandKinds.Shutdown);
        Assert.Equal((false, "client key not on the allow-list"), (intruder?.Ok, intruder?.Error));
        using (var plainClient = new ControlClient(endpoint))
            Assert.Null(plainClient.Ask(new Command { RequestId = 2, Kind = CommandKinds.Shutdown }, TimeSpan.FromSeconds(1)));
        Assert.Equal([CommandKinds.Pause, CommandKinds.Resume], handler.Seen.Select(c => c.Kind));
    }

    [Fact]
    public void AnAllowListFileWorksAsWellAsAFolder()
    {
        var keys = Path.Combine(scratch.Path, "keys");
        CurveKeyFiles.Write(keys, "server", CurveKeyPair.Generate());
        var client = CurveKeyPair.Generate();
        var allowList = Path.Combine(scratch.Path, "allowed");
        File.WriteAllLines(allowList, ["# desk", client.PublicKey]);

        var bus = RunBus.Load(Config(("busControl", "tcp://0.0.0.0:0"), ("busKeys", keys), ("busAllow", allowList)));
        Assert.Equal([client.PublicKey], bus.Control.AllowedClientKeys);
        Assert.True(bus.Control.RequireCurve);
        Assert.NotNull(bus.Publisher.ServerKeys); // signals on loopback get CURVE too once keys are given
    }

    [Fact]
    public void MissingOrEmptyKeyFilesStopTheRunBeforeItStarts()
    {
        var keys = Path.Combine(scratch.Path, "keys");
        var clients = Path.Combine(scratch.Path, "clients");
        Directory.CreateDirectory(clients);
        var missing = Assert.Throws<FileNotFoundException>(() => RunBus.Load(Config(("busKeys", keys), ("busAllow", clients))));
        Assert.Equal($"{Path.Combine(keys, "server.key")}: no such key file", missing.Message);

        CurveKeyFiles.Write(keys, "server", CurveKeyPair.Generate());
        var empty = Assert.Throws<ArgumentException>(() => RunBus.Load(Config(("busKeys", keys), ("busAllow", clients))));
        Assert.Equal($"busAllow {clients}: no client public keys, so nobody could command the run", empty.Message);

        File.WriteAllText(Path.Combine(clients, "bad.pub"), "not a key\n");
        Assert.Throws<FormatException>(() => RunBus.Load(Config(("busKeys", keys), ("busAllow", clients))));

        // `alphahost run` turns each into exit code 2 before creating the run folder.
        var runDir = Path.Combine(scratch.Path, "run");
        Assert.Equal(2, RunCommands.Build().Parse(["--out", runDir, "--bus-keys", keys, "--bus-allow", clients]).Invoke());
        Assert.Equal(2, RunCommands.Build().Parse(["--out", runDir, "--bus-pub", "tcp://0.0.0.0:5556"]).Invoke());
        Assert.False(Directory.Exists(runDir));
    }
}

using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using AlphaHost.Host.Bus;
using AlphaHost.Host.Tests.Bus;

namespace AlphaHost.Host.Tests.Run;

/// <summary>
/// The headline: a model plugin no build of the host has seen is dropped into a running `run`,
/// activated through the control socket, fitted, scored, published and promoted; plugins that throw,
/// hang or do not compile are faulted with their reason while the run goes on.
/// </summary>
[Collection("alphahost run")]
public sealed class LiveModelTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);
    private readonly ScratchDir scratch = new();

    public void Dispose() => scratch.Dispose();

    /// <summary>A copy of the built-in plugins folder the run loads and watches.</summary>
    private string Plugins() => RunKit.CopyBuiltInPlugins(Path.Combine(scratch.Path, "plugins"));

    /// <summary>
    /// The example model's source renamed to <paramref name="name"/>; <paramref name="onScore"/> is
    /// C# run at the start of every forward call outside training (scoring and validation).
    /// </summary>
    internal static string Renamed(string name, string onScore = "")
    {
        var pascal = string.Concat(name.Split('-').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
        var source = File.ReadAllText(Path.Combine(RunKit.RepoRoot, "plugins", "ExampleModel", "ExampleLinearModel.cs"))
            .Replace("example-linear", name).Replace("ExampleLinear", pascal).Replace("namespace AlphaHost.Plugins.ExampleModel", $"namespace Dropped.{pascal}");
        const string forward = "    public Tensor forward(Tensor pictures, Tensor mask)\n    {\n";
        Assert.Contains(forward, source);
        return source.Replace(forward, forward + $"        if (!Network.training) {{ {onScore} }}\n");
    }

    private string Config(string pub, string control, double scoreBudget = 10)
    {
        var config = new JsonObject
        {
            ["stocks"] = 20, ["days"] = 260, ["epochs"] = 1, ["ensembleSeeds"] = 1, ["model"] = "mlp", ["speed"] = 25,
            ["sampler"] = new JsonObject { ["name"] = "rolling", ["config"] = new JsonObject { ["trainDays"] = 40, ["testDays"] = 20 } },
            ["scoreBudgetSeconds"] = scoreBudget, ["busPub"] = pub, ["busControl"] = control,
        };
        var path = Path.Combine(scratch.Path, "live.json");
        File.WriteAllText(path, config.ToJsonString());
        return path;
    }

    private static Reply Ask(ControlClient client, string kind, string? model = null, double? speed = null)
    {
        var reply = client.Ask(new Command { Kind = kind, Model = model, TicksPerSecond = speed }, TimeSpan.FromSeconds(20));
        return reply ?? throw new Xunit.Sdk.XunitException($"no reply to {kind}");
    }

    private static T WaitFor<T>(Func<T?> probe, string what, HostProcess host) where T : class
    {
        var deadline = DateTime.UtcNow + Bound;
        while (DateTime.UtcNow < deadline)
        {
            if (probe() is { } found) return found;
            if (host.HasExited) Assert.Fail($"the run ended before {what}:\n{host.Output}");
            Thread.Sleep(100);
        }
        throw new Xunit.Sdk.XunitException($"{what} did not happen within {Bound}:\n{host.Output}");
    }

    private static ModelState? Model(ControlClient client, string name) =>
        Ask(client, CommandKinds.Status).Status!.Models.FirstOrDefault(m => m.Name == name);

    [Fact]
    public void ADroppedModelIsActivatedFittedScoredPublishedAndPromoted()
    {
        string pub = $"tcp://127.0.0.1:{RunKit.FreePort()}", control = $"tcp://127.0.0.1:{RunKit.FreePort()}";
        var plugins = Plugins();
        var runDir = Path.Combine(scratch.Path, "run");
        using var signals = BusTestKit.Subscribe(pub, "signal.dropped-linear");
        using var host = HostProcess.Start(["run", "--config", Config(pub, control), "--out", runDir, "--headless", "--plugins", plugins]);
        using var client = new ControlClient(control);
        WaitFor(() => client.Ask(new Command { Kind = CommandKinds.Pause }, TimeSpan.FromSeconds(1)), "the control socket answering", host);

        var clock = Stopwatch.StartNew();
        File.WriteAllText(Path.Combine(plugins, "dropped-linear.cs"), Renamed("dropped-linear"));
        var listed = WaitFor(() => Ask(client, CommandKinds.Plugins).Plugins!.FirstOrDefault(p => p.Name == "dropped-linear"), "the dropped plugin listed", host);
        var seen = clock.Elapsed;
        Assert.Equal(("Model", "loaded"), (listed.Family, listed.State));

        var activated = Ask(client, CommandKinds.ActivateModel, "dropped-linear");
        Assert.True(activated.Ok, activated.Error);
        Assert.Equal("challenger", activated.Status!.Models.Single(m => m.Name == "dropped-linear").Role);
        Assert.True(Ask(client, CommandKinds.Resume).Ok);
        var scoring = WaitFor(() => Model(client, "dropped-linear") is { Version: >= 1 } m ? m : null, "the challenger's first fit", host);
        Assert.Equal("challenger", scoring.Role);

        (string Topic, byte[] Payload)? message = null;
        WaitFor(() => (message = BusTestKit.Next(signals, TimeSpan.FromMilliseconds(200))) is null ? null : "", "a signal of the challenger", host);
        Assert.Equal("signal.dropped-linear", message!.Value.Topic);
        var signal = BusCodec.TryDecode<Signal>(message.Value.Payload, out var error) ?? throw new Xunit.Sdk.XunitException(error);
        Assert.Equal("dropped-linear", signal.Model);
        Assert.True(signal.Codes.Count > 5, $"{signal.Codes.Count} codes");
        Console.WriteLine($"dropped → listed {seen.TotalSeconds:F2} s, → first signal {clock.Elapsed.TotalSeconds:F2} s (fit included)");

        var promoted = Ask(client, CommandKinds.Promote, "dropped-linear");
        Assert.True(promoted.Ok, promoted.Error);
        Assert.Equal("dropped-linear", promoted.Status!.Models.Single(m => m.Role == "champion").Name);
        Assert.Equal("challenger", promoted.Status.Models.Single(m => m.Name == "mlp").Role);
        Assert.True(Ask(client, CommandKinds.Speed, speed: 0).Ok);

        Assert.Equal(0, host.WaitForExit(Bound));
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(runDir, "metrics.json")));
        var models = metrics.RootElement.GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!);
        Assert.Equal("champion", models["dropped-linear"].GetProperty("role").GetString());
        Assert.True(models["dropped-linear"].GetProperty("days").GetInt32() > 10, host.Output);
        Assert.Equal("challenger", models["mlp"].GetProperty("role").GetString());
        Assert.True(models["mlp"].GetProperty("days").GetInt32() > 10, host.Output);
    }

    [Fact]
    public void PluginsThatThrowHangOrDoNotCompileAreFaultedWhileTheRunGoesOn()
    {
        string pub = $"tcp://127.0.0.1:{RunKit.FreePort()}", control = $"tcp://127.0.0.1:{RunKit.FreePort()}";
        var plugins = Plugins();
        var runDir = Path.Combine(scratch.Path, "run");
        string throwFlag = Path.Combine(scratch.Path, "throw.now"), hangFlag = Path.Combine(scratch.Path, "hang.now");
        using var host = HostProcess.Start(["run", "--config", Config(pub, control, scoreBudget: 2), "--out", runDir, "--headless", "--plugins", plugins]);
        using var client = new ControlClient(control);
        WaitFor(() => client.Ask(new Command { Kind = CommandKinds.Pause }, TimeSpan.FromSeconds(1)), "the control socket answering", host);

        File.WriteAllText(Path.Combine(plugins, "thrower.cs"),
            Renamed("thrower", $"if (System.IO.File.Exists(@\"{throwFlag}\")) throw new InvalidOperationException(\"thrower gave up\");"));
        File.WriteAllText(Path.Combine(plugins, "hanger.cs"),
            Renamed("hanger", $"if (System.IO.File.Exists(@\"{hangFlag}\")) System.Threading.Thread.Sleep(60_000);"));
        File.WriteAllText(Path.Combine(plugins, "broken.cs"), "public class Broken : { }");
        var broken = WaitFor(() => Ask(client, CommandKinds.Plugins).Plugins!.FirstOrDefault(p => p.Name == "broken"), "the broken plugin listed", host);
        Assert.Equal("failed", broken.State);
        Assert.Contains("does not compile", broken.Error);
        foreach (var name in new[] { "thrower", "hanger" })
        {
            WaitFor(() => Ask(client, CommandKinds.Plugins).Plugins!.FirstOrDefault(p => p.Name == name), $"{name} listed", host);
            var reply = Ask(client, CommandKinds.ActivateModel, name);
            Assert.True(reply.Ok, reply.Error);
        }
        Assert.True(Ask(client, CommandKinds.Resume).Ok);
        foreach (var name in new[] { "thrower", "hanger" })
            WaitFor(() => Model(client, name) is { Version: >= 1 } m ? m : null, $"{name} scoring", host);

        File.WriteAllText(throwFlag, "");
        File.WriteAllText(hangFlag, "");
        var threw = WaitFor(() => Model(client, "thrower") is { State: "faulted" } m ? m : null, "the thrower faulted", host);
        Assert.Contains("thrower gave up", threw.Fault);
        var hung = WaitFor(() => Model(client, "hanger") is { State: "faulted" } m ? m : null, "the hanger faulted", host);
        Assert.Contains("overran its budget of 2 s", hung.Fault);
        long tick = Ask(client, CommandKinds.Status).Status!.Tick;
        WaitFor(() => Ask(client, CommandKinds.Status).Status!.Tick > tick + 5 ? "" : null, "the loop ticking on", host);
        // Healthy: scoring, or scoring while a scheduled refit runs (the probe can land during one).
        Assert.Contains(Model(client, "mlp")!.State, new[] { "scoring", "scoring, refitting" });
        Assert.True(Ask(client, CommandKinds.Speed, speed: 0).Ok);

        // More room than the other waits: one CI run here needed over 90 s from here, with the hanger's call still asleep.
        Assert.Equal(0, host.WaitForExit(Bound + TimeSpan.FromSeconds(60)));
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(runDir, "metrics.json")));
        var models = metrics.RootElement.GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!);
        Assert.Contains("thrower gave up", models["thrower"].GetProperty("fault").GetString());
        Assert.True(models["mlp"].GetProperty("days").GetInt32() > 50, host.Output);
    }
}

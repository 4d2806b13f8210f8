using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AlphaHost.Host.Bus;
using AlphaHost.Host.Research;
using AlphaHost.Host.Run;
using AlphaHost.Host.Tests.Bus;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Host.Tests.Run;

/// <summary>
/// A model combination of the run config is a live model of `run`: scored every tick from its live
/// members' scores with weights from the evidence known at each weighting tick, published on
/// signal.NAME, graded beside the others, and promoted to champion through the control socket.
/// </summary>
[Collection("alphahost run")]
public sealed class CombinationRunTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(150);
    private readonly ScratchDir scratch = new();

    public void Dispose() => scratch.Dispose();

    private static Reply Ask(ControlClient client, string kind, string? model = null, double? speed = null) =>
        client.Ask(new Command { Kind = kind, Model = model, TicksPerSecond = speed }, TimeSpan.FromSeconds(20))
        ?? throw new Xunit.Sdk.XunitException($"no reply to {kind}");

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

    /// <summary>A factor.csv as scores by (date, code).</summary>
    private static Dictionary<(DateOnly, string), double> Factor(string path) =>
        File.ReadLines(path).Skip(1).Select(l => l.Split(','))
            .ToDictionary(f => (DateOnly.Parse(f[0], CultureInfo.InvariantCulture), f[1]), f => double.Parse(f[2], CultureInfo.InvariantCulture));

    [Fact]
    public void ACombinationScoresLiveIsPublishedGradedAndPromoted()
    {
        string pub = $"tcp://127.0.0.1:{RunKit.FreePort()}", control = $"tcp://127.0.0.1:{RunKit.FreePort()}";
        var config = new JsonObject
        {
            ["stocks"] = 20, ["days"] = 200, ["epochs"] = 1, ["ensembleSeeds"] = 1, ["model"] = "mlp", ["speed"] = 25,
            ["sampler"] = new JsonObject { ["name"] = "rolling", ["config"] = new JsonObject { ["trainDays"] = 40, ["testDays"] = 20 } },
            // gru is no challenger: a member not in the run is added as one.
            ["combinations"] = new JsonArray(new JsonObject { ["name"] = "blend", ["combiner"] = "ic_weighted", ["members"] = new JsonArray("mlp", "gru") }),
            ["busPub"] = pub, ["busControl"] = control,
        };
        var configPath = Path.Combine(scratch.Path, "combo.json");
        File.WriteAllText(configPath, config.ToJsonString());
        var runDir = Path.Combine(scratch.Path, "run");
        using var signals = BusTestKit.Subscribe(pub, "signal.blend");
        using var host = HostProcess.Start(["run", "--config", configPath, "--out", runDir, "--headless", "--seed", "3"]);
        using var client = new ControlClient(control);
        WaitFor(() => client.Ask(new Command { Kind = CommandKinds.Status }, TimeSpan.FromSeconds(1)), "the control socket answering", host);

        var scoring = WaitFor(() => Ask(client, CommandKinds.Status).Status!.Models.FirstOrDefault(m => m.Name == "blend" && m.Version >= 1), "the combination's first weights", host);
        Assert.Equal("challenger", scoring.Role);
        (string Topic, byte[] Payload)? message = null;
        WaitFor(() => (message = BusTestKit.Next(signals, TimeSpan.FromMilliseconds(200))) is null ? null : "", "a signal of the combination", host);
        var signal = BusCodec.TryDecode<Signal>(message!.Value.Payload, out var error) ?? throw new Xunit.Sdk.XunitException(error);
        Assert.Equal(("signal.blend", "blend"), (message.Value.Topic, signal.Model));
        Assert.True(signal.Codes.Count > 5, $"{signal.Codes.Count} codes");

        var promoted = Ask(client, CommandKinds.Promote, "blend");
        Assert.True(promoted.Ok, promoted.Error);
        Assert.Equal("blend", promoted.Status!.Models.Single(m => m.Role == "champion").Name);
        Assert.Equal("challenger", promoted.Status.Models.Single(m => m.Name == "mlp").Role);
        Assert.True(Ask(client, CommandKinds.Speed, speed: 0).Ok);
        Assert.Equal(0, host.WaitForExit(Bound));

        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(runDir, "metrics.json")));
        var models = metrics.RootElement.GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!);
        var blend = models["blend"];
        Assert.Equal("champion", blend.GetProperty("role").GetString());
        Assert.Equal("ic_weighted", blend.GetProperty("combiner").GetString());
        Assert.True(blend.GetProperty("days").GetInt32() > 20, host.Output);
        Assert.Equal("challenger", models["gru"].GetProperty("role").GetString());

        // Every day the combination scored is its members' scores of that day combined with the weights then in force,
        // and every set of weights is the combiner's on the evidence known at its tick, recomputed from the members' files.
        using var panel = ResearchPanel.Load(Path.Combine(runDir, "market.db"));
        string[] names = ["mlp", "gru"];
        var memberFiles = names.Select(n => Factor(Path.Combine(runDir, "models", n, "factor.csv"))).ToArray();
        var members = memberFiles.Select(f =>
        {
            var panelOf = new FactorPanel(panel.Dates, panel.Codes);
            foreach (var day in f.Keys.Select(k => k.Item1).Distinct())
            {
                int d = Array.IndexOf(panel.Dates, day);
                panelOf.Set(d, panel.Codes.Select(c => f.TryGetValue((day, c), out var v) ? v : double.NaN).ToArray(), 0);
            }
            return panelOf;
        }).ToArray();
        var weightRows = File.ReadLines(Path.Combine(runDir, "models", "blend", "weights.csv")).Skip(1).Select(l => l.Split(','))
            .Select(f => (Day: Array.IndexOf(panel.Dates, DateOnly.Parse(f[0], CultureInfo.InvariantCulture)), Weights: f[1..].Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray())).ToArray();
        Assert.True(weightRows.Length >= 3, $"{weightRows.Length} weight sets");
        Assert.Equal(weightRows.Length, blend.GetProperty("fits").GetInt32());
        var closes = panel.AdjustedClose.data<double>().ToArray();
        foreach (var (day, weights) in weightRows)
        {
            var combiner = TestPlugins.Registry.Create<ICombiner>("ic_weighted");
            Assert.Equal(LiveCombinations.WeightsAt(combiner, names, members, closes, panel.Stocks, day, 5), weights);
        }
        Assert.Contains(weightRows, w => Math.Abs(w.Weights[0] - 0.5) > 1e-9); // the evidence moved the weights off equal at least once

        var combined = Factor(Path.Combine(runDir, "models", "blend", "factor.csv"));
        int checkedDays = 0;
        foreach (var date in combined.Keys.Select(k => k.Item1).Distinct())
        {
            int d = Array.IndexOf(panel.Dates, date);
            var inForce = weightRows.Last(w => w.Day <= d).Weights;
            var expected = CombinationHistory.Combine(members.Select(m => m[d]).ToArray(), inForce, panel.Stocks);
            for (int s = 0; s < panel.Stocks; s++)
                Assert.Equal(expected[s], combined.TryGetValue((date, panel.Codes[s]), out var v) ? v : double.NaN, 12);
            checkedDays++;
        }
        Assert.True(checkedDays > 20, $"{checkedDays} combined days");
    }
}

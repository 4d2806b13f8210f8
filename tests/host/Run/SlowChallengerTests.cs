using System.Text.Json;
using System.Text.Json.Nodes;
using AlphaHost.Host.Bus;

namespace AlphaHost.Host.Tests.Run;

/// <summary>
/// A challenger's scheduled fit never stalls the loop: the loop ticks on while it fits, and once it is
/// adopted its recorded days are rescored, so its factor and grades are byte-identical to those of
/// the same model fitted under the blocking rule (adopted exactly at retrain day + 1).
/// </summary>
[Collection("alphahost run")]
public sealed class SlowChallengerTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);
    private readonly ScratchDir scratch = new();

    public void Dispose() => scratch.Dispose();

    /// <summary>The example model as "slow-linear", whose fits (each builds its network) wait while <paramref name="hold"/> exists.</summary>
    private static string SlowModel(string hold)
    {
        const string build = "    public void Build(ModelShape shape)\n    {\n";
        var source = LiveModelTests.Renamed("slow-linear");
        Assert.Contains(build, source);
        return source.Replace(build, build + $"        while (System.IO.File.Exists(@\"{hold}\")) System.Threading.Thread.Sleep(20);\n");
    }

    private string Config(string name, string control, bool blockingRule)
    {
        var config = new JsonObject
        {
            ["stocks"] = 20, ["days"] = RunKit.Days, ["epochs"] = 1, ["ensembleSeeds"] = 1, ["model"] = "mlp", ["speed"] = 20,
            ["challengers"] = new JsonArray("slow-linear"),
            ["sampler"] = new JsonObject { ["name"] = "rolling", ["config"] = new JsonObject { ["trainDays"] = 40, ["testDays"] = 20 } },
            ["busPub"] = "tcp://127.0.0.1:0", ["busControl"] = control,
        };
        // A member of a live combination keeps the blocking rule: its fit is adopted at retrain day + 1, whatever it takes.
        if (blockingRule) config["combinations"] = new JsonArray(new JsonObject { ["name"] = "blend", ["combiner"] = "ic_weighted", ["members"] = new JsonArray("mlp", "slow-linear") });
        var path = Path.Combine(scratch.Path, name + ".json");
        File.WriteAllText(path, config.ToJsonString());
        return path;
    }

    private static Status Status(ControlClient client) =>
        client.Ask(new Command { Kind = CommandKinds.Status }, TimeSpan.FromSeconds(20))?.Status ?? throw new Xunit.Sdk.XunitException("no status reply");

    private static T WaitFor<T>(Func<T?> probe, string what, HostProcess host) where T : class
    {
        var deadline = DateTime.UtcNow + Bound;
        while (DateTime.UtcNow < deadline)
        {
            if (probe() is { } found) return found;
            if (host.HasExited) Assert.Fail($"the run ended before {what}:\n{host.Output}");
            Thread.Sleep(50);
        }
        throw new Xunit.Sdk.XunitException($"{what} did not happen within {Bound}:\n{host.Output}");
    }

    [Fact]
    public void TheLoopTicksOnWhileAChallengerFitsAndItsRecordIsThatOfTheBlockingRule()
    {
        string plugins = RunKit.CopyBuiltInPlugins(Path.Combine(scratch.Path, "plugins")), hold = Path.Combine(scratch.Path, "hold");
        File.WriteAllText(Path.Combine(plugins, "slow-linear.cs"), SlowModel(hold));

        // Slow: the challenger's first scheduled fit is held while the loop goes on.
        var slowDir = Path.Combine(scratch.Path, "slow");
        string control = $"tcp://127.0.0.1:{RunKit.FreePort()}";
        File.WriteAllText(hold, "");
        using (var host = HostProcess.Start(["run", "--config", Config("slow", control, blockingRule: false), "--out", slowDir, "--headless", "--seed", "5", "--plugins", plugins]))
        {
            using var client = new ControlClient(control);
            var fitting = WaitFor(() => client.Ask(new Command { Kind = CommandKinds.Status }, TimeSpan.FromSeconds(1))?.Status is { } s
                && s.Models.FirstOrDefault(m => m.Name == "slow-linear") is { State: "fitting" } ? s : null, "the challenger's first fit", host);
            var later = WaitFor(() => Status(client) is { } s && s.Tick >= fitting.Tick + 5 ? s : null, "the loop ticking on while the challenger fits", host);
            var challenger = later.Models.Single(m => m.Name == "slow-linear");
            Assert.Equal(("fitting", 0), (challenger.State, challenger.Version)); // the fit is still in flight five ticks on
            Assert.Equal(1, later.Models.Single(m => m.Name == "mlp").Version); // the champion's fit of the same day was adopted meanwhile
            File.Delete(hold);
            Assert.Equal(0, host.WaitForExit(Bound));
        }

        // The same model under the blocking rule, same seed.
        var blockingDir = Path.Combine(scratch.Path, "blocking");
        var (code, output) = RunKit.Run(Bound, "--config", Config("blocking", $"tcp://127.0.0.1:{RunKit.FreePort()}", blockingRule: true),
            "--out", blockingDir, "--headless", "--seed", "5", "--plugins", plugins);
        Assert.True(code == 0, output);

        string Factor(string dir) => File.ReadAllText(Path.Combine(dir, "models", "slow-linear", "factor.csv"));
        string Grades(string dir)
        {
            using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "metrics.json")));
            return metrics.RootElement.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "slow-linear").GetRawText();
        }
        Assert.True(Factor(blockingDir).Split('\n').Length > 200, "the challenger scored too little to compare");
        Assert.Equal(Factor(blockingDir), Factor(slowDir));
        Assert.Equal(Grades(blockingDir), Grades(slowDir));
    }
}

using System.Text.Json.Nodes;
using AlphaHost.Host.Tests.Run;

namespace AlphaHost.Host.Tests.Cluster;

/// <summary>
/// End to end on loopback: a private Redis, `alphahost worker` child processes and `alphahost train
/// --cluster` as the client. One worker is killed (SIGKILL) mid-fit; the run completes and its
/// factor is the local run's to the last bit (factor.csv writes every score round-trip exact).
/// </summary>
[Collection("alphahost run")]
public sealed class ClusterTests : IDisposable
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(4);
    private readonly ScratchDir scratch = new();

    /// <summary>A tiny protocol: <paramref name="model"/> (MLP), two epochs, one ensemble member, 5 retrains on a 30 × 170 market.</summary>
    private (string Db, string Config) TinyStudy(string model = "mlp")
    {
        var db = TestMarkets.Equities(Path.Combine(scratch.Path, "market.db"), stocks: 30, days: 170, seed: 5);
        var config = new JsonObject
        {
            ["model"] = model, ["epochs"] = 2, ["ensembleSeeds"] = 1, ["lookback"] = 10,
            ["sampler"] = new JsonObject { ["name"] = "rolling", ["config"] = new JsonObject { ["trainDays"] = 60, ["testDays"] = 25 } },
        };
        var path = Path.Combine(scratch.Path, "study.json");
        File.WriteAllText(path, config.ToJsonString());
        return (db, path);
    }

    private static (int Exit, string Output) Alphahost(params string[] args)
    {
        using var p = HostProcess.Start(args);
        int exit = p.WaitForExit(Long);
        return (exit, p.Output);
    }

    private HostProcess Worker(RedisServer redis, string name, string[]? extra = null)
    {
        var worker = HostProcess.Start(["worker", "--cluster", redis.Url, "--threads", "1", "--cache", Path.Combine(scratch.Path, "cache-" + name), .. extra ?? []]);
        worker.WaitForLine("worker ready", Long);
        return worker;
    }

    /// <summary>Retrains of the tiny study: 170 days, 9 days of lookback, 60 trained and the 5-day label, then blocks of 25 (and a last short one).</summary>
    private const int Retrains = 5;

    /// <summary>The tensors of a .pt file (a zip): every entry's bytes by name, without the zip's timestamps.</summary>
    private static SortedDictionary<string, string> Weights(string path)
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(path);
        var entries = new SortedDictionary<string, string>();
        foreach (var e in zip.Entries)
        {
            using var s = e.Open();
            using var m = new MemoryStream();
            s.CopyTo(m);
            entries[e.FullName] = Convert.ToHexString(m.ToArray());
        }
        Assert.Contains("model/data.pkl", entries.Keys);
        return entries;
    }

    [Fact]
    public void TwoWorkersOneKilledMidRunGiveTheLocalFactorToTheLastBit()
    {
        // The example model as "held-linear", whose fits wait while the hold file exists: a worker is
        // then surely killed mid-fit, however fast the fits or slow the machine.
        string plugins = RunKit.CopyBuiltInPlugins(Path.Combine(scratch.Path, "plugins")), hold = Path.Combine(scratch.Path, "hold");
        const string build = "    public void Build(ModelShape shape)\n    {\n";
        var source = LiveModelTests.Renamed("held-linear");
        Assert.Contains(build, source);
        File.WriteAllText(Path.Combine(plugins, "held-linear.cs"), source.Replace(build, build + $"        while (System.IO.File.Exists(@\"{hold}\")) System.Threading.Thread.Sleep(20);\n"));
        var (db, config) = TinyStudy("held-linear");
        var local = Path.Combine(scratch.Path, "local");
        var (localExit, localOutput) = Alphahost("train", "--db", db, "--config", config, "--seed", "3", "--threads", "1", "--out", local, "--plugins", plugins);
        Assert.True(localExit == 0, localOutput);

        using var redis = new RedisServer();
        using var a = Worker(redis, "a", ["--plugins", plugins]);
        using var b = Worker(redis, "b", ["--plugins", plugins]);
        var remote = Path.Combine(scratch.Path, "remote");
        string[] client = ["train", "--db", db, "--config", config, "--seed", "3", "--threads", "1", "--out", remote, "--cluster", redis.Url, "--plugins", plugins];
        File.WriteAllText(hold, "");
        using (var run = HostProcess.Start(client))
        {
            // Kill whichever worker starts a fit first, while that fit is held; then let the fits go.
            var deadline = DateTime.UtcNow + Long;
            HostProcess? victim = null;
            while (victim is null)
            {
                if (a.Output.Contains("fit ") && a.Output.Contains(" start")) victim = a;
                else if (b.Output.Contains("fit ") && b.Output.Contains(" start")) victim = b;
                else if (DateTime.UtcNow > deadline || run.HasExited) Assert.Fail($"no worker started a fit:\n{run.Output}\n--- a\n{a.Output}\n--- b\n{b.Output}");
                else Thread.Sleep(5);
            }
            victim.Kill();
            File.Delete(hold);
            int exit = run.WaitForExit(Long);
            var survivor = victim == a ? b : a;
            Assert.True(exit == 0, $"{run.Output}\n--- survivor\n{survivor.Output}");
            Assert.Contains("queued again", run.Output);
            Assert.Contains($"fits: {Retrains} done, 0 running, 0 queued", run.Output);
        }
        Assert.Equal(File.ReadAllText(Path.Combine(local, "factor.csv")), File.ReadAllText(Path.Combine(remote, "factor.csv")));
        Assert.Equal(File.ReadAllText(Path.Combine(local, "training.csv")), File.ReadAllText(Path.Combine(remote, "training.csv")));
        for (int i = 0; i < Retrains; i++) Assert.Equal(Weights(Path.Combine(local, $"model_{i}.pt")), Weights(Path.Combine(remote, $"model_{i}.pt")));
        Assert.False(File.Exists(Path.Combine(local, $"model_{Retrains}.pt")), $"the study has {Retrains} retrains");

        // Restarted with the same command and no worker left: every fit comes from disk.
        foreach (var w in new[] { a, b }.Where(w => !w.HasExited)) w.Kill();
        File.Delete(Path.Combine(remote, "factor.csv"));
        var (again, output) = Alphahost(client);
        Assert.True(again == 0, output);
        Assert.Contains($"{Retrains} fit(s): {Retrains} fit(s) taken from earlier runs", output);
        Assert.Equal(File.ReadAllText(Path.Combine(local, "factor.csv")), File.ReadAllText(Path.Combine(remote, "factor.csv")));
    }

    [Fact]
    public void CompareOnOneWorkerGradesEveryModelAsTheLocalCompare()
    {
        var (db, config) = TinyStudy();
        var study = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(config))!.AsObject();
        study["marketDb"] = db;
        study["epochs"] = 1;
        // A binary label: the class probabilities must travel back with the scores for the classification grades.
        study["label"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "forward_return", ["config"] = new System.Text.Json.Nodes.JsonObject { ["transform"] = "Direction" } };
        study["loss"] = "bce";
        File.WriteAllText(config, study.ToJsonString());
        string[] compare = ["compare", "--config", config, "--models", "mlp,example-linear", "--threads", "1"];
        var local = Path.Combine(scratch.Path, "compare-local");
        var (localExit, localOutput) = Alphahost([.. compare, "--out", local]);
        Assert.True(localExit == 0, localOutput);

        using var redis = new RedisServer();
        using var worker = Worker(redis, "a");
        var remote = Path.Combine(scratch.Path, "compare-remote");
        var (exit, output) = Alphahost([.. compare, "--out", remote, "--cluster", redis.Url]);
        Assert.True(exit == 0, $"{output}\n--- worker\n{worker.Output}");
        Assert.Contains($"fits: {2 * Retrains} done, 0 running, 0 queued; workers 1", output);
        foreach (var model in new[] { "mlp", "example-linear" })
        {
            Assert.Equal(File.ReadAllText(Path.Combine(local, model, "factor.csv")), File.ReadAllText(Path.Combine(remote, model, "factor.csv")));
            using var a = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(local, model, "row.json")));
            using var b = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(remote, model, "row.json")));
            Assert.Equal(System.Text.Json.JsonValueKind.Object, a.RootElement.GetProperty("Classification").ValueKind);
            foreach (var key in new[] { "Parameters", "ScoredDays", "RankIc", "RankIcir", "AlphaSharpe", "Classification" })
                Assert.Equal(a.RootElement.GetProperty(key).GetRawText(), b.RootElement.GetProperty(key).GetRawText());
        }
    }

    [Fact]
    public void AnUnreachableRedisIsOneLineAndNoHang()
    {
        var (db, config) = TinyStudy();
        int port = RunKit.FreePort();
        var (exit, output) = Alphahost("train", "--db", db, "--config", config, "--out", Path.Combine(scratch.Path, "out"), "--cluster", $"redis://127.0.0.1:{port}");
        Assert.Equal(2, exit);
        var errors = output.Split('\n').Where(l => l.StartsWith("stderr: ")).ToArray();
        Assert.Single(errors);
        Assert.StartsWith($"stderr: alphahost train: cannot reach Redis at redis://127.0.0.1:{port}: ", errors[0]);
        var (workerExit, workerOutput) = Alphahost("worker", "--cluster", $"redis://127.0.0.1:{port}");
        Assert.Equal(2, workerExit);
        Assert.StartsWith($"stderr: alphahost worker: cannot reach Redis at redis://127.0.0.1:{port}", workerOutput.Trim());
    }

    public void Dispose() => scratch.Dispose();
}

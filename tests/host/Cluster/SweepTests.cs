using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AlphaHost.Host.Tests.Run;

namespace AlphaHost.Host.Tests.Cluster;

/// <summary>`alphahost sweep`: every grid point × seed is the walk `train` would run, graded like `compare`, one table.</summary>
[Collection("alphahost run")]
public sealed class SweepTests : IDisposable
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(4);
    private readonly ScratchDir scratch = new();

    private static (int Exit, string Output) Alphahost(params string[] args)
    {
        using var p = HostProcess.Start(args);
        int exit = p.WaitForExit(Long);
        return (exit, p.Output);
    }

    private string Write(string name, JsonObject json)
    {
        var path = Path.Combine(scratch.Path, name);
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    private string Study(string db) => Write("study.json", new JsonObject
    {
        ["marketDb"] = db, ["model"] = "mlp", ["epochs"] = 1, ["ensembleSeeds"] = 1, ["lookback"] = 10,
        ["sampler"] = new JsonObject { ["name"] = "rolling", ["config"] = new JsonObject { ["trainDays"] = 60, ["testDays"] = 40 } },
    });

    [Fact]
    public void EachPointIsTheWalkTrainRunsAndTheTableAveragesItsSeeds()
    {
        var db = TestMarkets.Equities(Path.Combine(scratch.Path, "market.db"), stocks: 25, days: 150, seed: 8);
        Study(db);
        var sweep = Write("sweep.json", new JsonObject
        {
            ["config"] = "study.json",
            ["grid"] = new JsonObject { ["learningRate"] = new JsonArray(0.001, 0.01) },
            ["seeds"] = new JsonArray(3, 4),
        });
        var outDir = Path.Combine(scratch.Path, "sweep");
        var (exit, output) = Alphahost("sweep", "--config", sweep, "--out", outDir, "--threads", "1");
        Assert.True(exit == 0, output);

        // Point 1 (learningRate 0.01) with seed 4 is exactly `train` with that config and seed.
        var single = Write("lr.json", JsonNode.Parse(File.ReadAllText(Path.Combine(scratch.Path, "study.json")))!.AsObject().Also(o => o["learningRate"] = 0.01));
        var trainDir = Path.Combine(scratch.Path, "train");
        var (trainExit, trainOutput) = Alphahost("train", "--db", db, "--config", single, "--seed", "4", "--threads", "1", "--out", trainDir);
        Assert.True(trainExit == 0, trainOutput);
        Assert.Equal(File.ReadAllText(Path.Combine(trainDir, "factor.csv")), File.ReadAllText(Path.Combine(outDir, "point1-seed4", "factor.csv")));

        // One table row per point; its RankIC is the mean of the point's two graded seeds.
        var md = File.ReadAllText(Path.Combine(outDir, "sweep.md"));
        foreach (var (point, name) in new[] { (0, "learningRate=0.001"), (1, "learningRate=0.01") })
        {
            double Ic(int seed) => JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, $"point{point}-seed{seed}", "row.json"))).RootElement.GetProperty("RankIc").GetDouble();
            string mean = ((Ic(3) + Ic(4)) / 2).ToString("F4", CultureInfo.InvariantCulture);
            Assert.Contains($"| {name} | 3,4 | {mean} |", md);
        }
        Assert.Equal(2, md.Split('\n').Count(l => l.StartsWith("| learningRate=")));

        // Run again: every fit comes from OUT/fits, the table is the same.
        var (again, againOutput) = Alphahost("sweep", "--config", sweep, "--out", outDir, "--threads", "1");
        Assert.True(again == 0, againOutput);
        int fits = Directory.GetFiles(Path.Combine(outDir, "fits"), "*.json").Length;
        Assert.True(fits >= 4, $"{fits} fits kept for 2 points x 2 seeds");
        Assert.Contains($"({fits} fit(s) taken from earlier runs", File.ReadAllText(Path.Combine(outDir, "sweep.md")));
    }

    [Fact]
    public void AGridKeyThatChangesTheMarketIsRefused()
    {
        var sweep = Write("bad.json", new JsonObject { ["grid"] = new JsonObject { ["stocks"] = new JsonArray(10, 20) } });
        var (exit, output) = Alphahost("sweep", "--config", sweep, "--out", Path.Combine(scratch.Path, "out"));
        Assert.Equal(2, exit);
        Assert.Contains($"stderr: alphahost sweep: sweep {sweep}: grid key 'stocks' changes the market; a sweep grades every point on one market", output);
    }

    public void Dispose() => scratch.Dispose();
}

internal static class JsonObjectExtensions
{
    public static JsonObject Also(this JsonObject o, Action<JsonObject> change)
    {
        change(o);
        return o;
    }
}

using System.Text.Json.Nodes;
using AlphaHost.Host.Tests.Trading;

namespace AlphaHost.Host.Tests.Run;

/// <summary>
/// `alphahost run` killed with SIGKILL mid-run and restarted with the same command ends exactly where
/// an uninterrupted run ends; a finished run is left alone; --fresh starts over.
/// </summary>
[Collection("alphahost run")]
public class RunCrashResumeTests : IDisposable
{
    private readonly ScratchDir scratch = new();

    public void Dispose() => scratch.Dispose();

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    [Fact]
    public void KilledRunRestartedWithTheSameCommandEndsWithTheUninterruptedLedger()
    {
        var dir = scratch.Path;
        var config = RunKit.TinyConfig(dir);
        string whole = Path.Combine(dir, "whole"), crashed = Path.Combine(dir, "crashed");
        string[] Args(string outDir) => ["--config", config, "--out", outDir, "--seed", "7", "--headless"];

        var (code, output) = RunKit.Run(Bound, Args(whole));
        Assert.True(code == 0, output);

        // As if an earlier attempt had been killed while generating the market: half a file is left aside, never used.
        Directory.CreateDirectory(crashed);
        File.WriteAllText(Path.Combine(crashed, "market.db.partial"), "half a market");
        using (var first = HostProcess.Start(["run", .. Args(crashed)]))
        {
            // The second retrain is announced after the ticks before it were committed to the ledger.
            first.WaitForLine("retrain 1 epoch", Bound);
            first.Kill();
        }
        Assert.False(File.Exists(Path.Combine(crashed, "metrics.json")), "the kill landed after the run had finished");

        (code, output) = RunKit.Run(Bound, Args(crashed));
        Assert.True(code == 0, output);
        var resumed = output.Split('\n').Single(l => l.StartsWith("resuming the paper ledger after ", StringComparison.Ordinal));
        int committed = int.Parse(resumed.Split(' ')[5]);
        Assert.InRange(committed, 1, RunKit.Days - 1);

        Assert.Equal(FinalNav(whole), FinalNav(crashed));
        Assert.Equal(LedgerDump.Of(Path.Combine(whole, "paper")), LedgerDump.Of(Path.Combine(crashed, "paper")));
        Assert.Equal(File.ReadAllText(Path.Combine(whole, "factor.csv")), File.ReadAllText(Path.Combine(crashed, "factor.csv")));
    }

    [Fact]
    public void FinishedRunIsLeftAloneAndFreshStartsOver()
    {
        var dir = scratch.Path;
        var config = RunKit.TinyConfig(dir);
        var runDir = Path.Combine(dir, "run");
        string[] args = ["--config", config, "--out", runDir, "--seed", "7", "--headless"];
        var (code, output) = RunKit.Run(Bound, args);
        Assert.True(code == 0, output);
        Assert.True(File.Exists(Path.Combine(runDir, AlphaHost.Host.Run.RunFolder.MarkerName)), "the run marks the folder it made");
        var ledger = LedgerDump.Of(Path.Combine(runDir, "paper"));
        var metrics = File.ReadAllText(Path.Combine(runDir, "metrics.json"));

        (code, output) = RunKit.Run(Bound, args);
        Assert.True(code == 0, output);
        Assert.Contains($"run in {runDir} is finished", output);
        Assert.DoesNotContain("retrain", output);
        Assert.Equal(ledger, LedgerDump.Of(Path.Combine(runDir, "paper")));
        Assert.Equal(metrics, File.ReadAllText(Path.Combine(runDir, "metrics.json")));

        // Over again, stopped after 5 ticks: the ledger holds those 5 ticks only, and a new market was generated.
        (code, output) = RunKit.Run(Bound, [.. args, "--fresh", "--ticks", "5"]);
        Assert.True(code == 0, output);
        Assert.Contains("generating a synthetic market", output);
        Assert.DoesNotContain("resuming", output);
        Assert.DoesNotContain("is finished", output);
        using (var restarted = RunKit.OpenLedger(runDir))
        {
            Assert.Equal(5, restarted.TickDates().Count);
            Assert.False(restarted.IsFinished);
        }
    }

    private static decimal FinalNav(string runDir)
    {
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(runDir, "metrics.json")))!;
        return metrics["final_nav"]!.GetValue<decimal>();
    }
}

using AlphaHost.Host.Run;

namespace AlphaHost.Host.Tests.Cli;

/// <summary>`alphahost run --fresh` deletes only a folder a run marked as its own; anything else is refused untouched.</summary>
[Collection("console")]
public sealed class RunFreshTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("alphahost-fresh-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>
    /// `run --fresh --out DIR` in-process with a config whose market file is missing: the job stops with
    /// exit 2 right after the run folder is readied, before any market is generated.
    /// </summary>
    private (int Exit, string Err) RunFresh(string outDir)
    {
        var config = Path.Combine(_root, "run.json");
        var missingMarket = Path.Combine(_root, "no-market.db").Replace("\\", "/", StringComparison.Ordinal);
        File.WriteAllText(config, $"{{\"marketDb\": \"{missingMarket}\", \"bus\": false}}");
        var error = new StringWriter();
        var saved = Console.Error;
        Console.SetError(error);
        try
        {
            int exit = Program.Main(["run", "--config", config, "--out", outDir, "--fresh", "--headless"]);
            return (exit, error.ToString());
        }
        finally { Console.SetError(saved); }
    }

    [Fact]
    public void FreshRefusesAFolderWithoutTheMarkerAndDeletesNothing()
    {
        var home = Path.Combine(_root, "someones-home");
        Directory.CreateDirectory(Path.Combine(home, "documents"));
        File.WriteAllText(Path.Combine(home, "notes.txt"), "keep me");
        File.WriteAllText(Path.Combine(home, "documents", "thesis.tex"), "keep me too");

        var (exit, err) = RunFresh(home);

        Assert.Equal(2, exit);
        var line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--fresh refuses to delete", line);
        Assert.Contains(RunFolder.MarkerName, line);
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(home, "notes.txt")));
        Assert.Equal("keep me too", File.ReadAllText(Path.Combine(home, "documents", "thesis.tex")));
        Assert.False(RunFolder.IsMarked(home), "a refused folder is not adopted as a run folder");
    }

    [Fact]
    public void FreshStartsAMarkedRunFolderOver()
    {
        var runDir = Path.Combine(_root, "run");
        RunFolder.Prepare(runDir, fresh: false); // as the first run did
        Assert.True(RunFolder.IsMarked(runDir));
        Directory.CreateDirectory(Path.Combine(runDir, "paper"));
        File.WriteAllText(Path.Combine(runDir, "paper", "ledger.db"), "the last run's ledger");
        File.WriteAllText(Path.Combine(runDir, "metrics.json"), "{}");

        var (exit, err) = RunFresh(runDir);

        Assert.Equal(2, exit); // the missing market stops the job after the folder was started over
        Assert.Contains("no-market.db: not found", err);
        Assert.DoesNotContain("refuses", err);
        Assert.False(File.Exists(Path.Combine(runDir, "metrics.json")));
        Assert.False(File.Exists(Path.Combine(runDir, "paper", "ledger.db")));
        Assert.True(RunFolder.IsMarked(runDir), "the new run marks the folder again");
    }

    [Fact]
    public void AnEmptyOrMissingFolderIsFineAndGetsMarked()
    {
        var missing = Path.Combine(_root, "missing");
        var empty = Directory.CreateDirectory(Path.Combine(_root, "empty")).FullName;
        RunFolder.Prepare(missing, fresh: true);
        RunFolder.Prepare(empty, fresh: true);
        Assert.True(RunFolder.IsMarked(missing));
        Assert.True(RunFolder.IsMarked(empty));
        Assert.Contains("alphahost run", File.ReadAllText(Path.Combine(missing, RunFolder.MarkerName)));
    }

    [Fact]
    public void ANonEmptyUnmarkedFolderIsUsedWithoutFreshButNeverMarked()
    {
        var dir = Directory.CreateDirectory(Path.Combine(_root, "mine")).FullName;
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "keep me");
        RunFolder.Prepare(dir, fresh: false);
        Assert.False(RunFolder.IsMarked(dir));
        Assert.Throws<InvalidOperationException>(() => RunFolder.Prepare(dir, fresh: true));
        Assert.True(File.Exists(Path.Combine(dir, "notes.txt")));
    }
}

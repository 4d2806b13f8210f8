using AlphaHost.Host;
using AlphaHost.Host.Tests.Cli;

namespace AlphaHost.Host.Tests.Cli;

/// <summary>`alphahost train` refuses what cannot work, with the reason, before any training.</summary>
[Collection("console")]
public sealed class TrainCommandsTests(TinyMarket market) : IClassFixture<TinyMarket>
{
    private (int Exit, string Err, string OutDir) Train(params string[] extra)
    {
        var outDir = Path.Combine(market.Dir.FullName, "train-" + Guid.NewGuid().ToString("N"));
        var error = new StringWriter();
        var saved = Console.Error;
        Console.SetError(error);
        try
        {
            int exit = Program.Main(["train", "--db", market.Db, "--out", outDir, .. extra]);
            return (exit, error.ToString(), outDir);
        }
        finally { Console.SetError(saved); }
    }

    [Fact]
    public void AMarketShorterThanTheRollingWindowIsRefusedWithTheReason()
    {
        // 80 days cannot hold the run config's default 450 training days.
        var (exit, err, outDir) = Train();
        Assert.NotEqual(0, exit);
        Assert.Contains("the market has 80 days, too short for one walk-forward window of sampler rolling {\"trainDays\":450,\"testDays\":130}", err);
        Assert.False(File.Exists(Path.Combine(outDir, "factor.csv")));
    }

    [Fact]
    public void AnUnknownModelIsRefusedBeforeAnyWork()
    {
        var (exit, err, outDir) = Train("--model", "no_such_model");
        Assert.NotEqual(0, exit);
        Assert.Contains("command line: key 'model': no Model plugin named 'no_such_model'; Model plugins: alphanet_v1,", err);
        Assert.False(Directory.Exists(outDir), "nothing is written for a name that cannot work");
    }

    [Fact]
    public void BceOnRawReturnsIsRefusedBeforeAnyWork()
    {
        var (exit, err, outDir) = Train("--loss", "bce");
        Assert.Equal(2, exit);
        Assert.Contains("command line: key 'loss': loss 'bce' needs 0/1 labels", err);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void AnUnknownLossIsRefusedBeforeAnyWork()
    {
        var (exit, err, outDir) = Train("--loss", "no_such_loss");
        Assert.NotEqual(0, exit);
        Assert.Contains("command line: key 'loss': no Loss plugin named 'no_such_loss'; Loss plugins: bce,", err);
        Assert.False(Directory.Exists(outDir));
    }
}

/// <summary>`alphahost run` refuses an unknown model or loss from the config before it generates a market.</summary>
[Collection("console")]
public sealed class RunRefusesBadNamesTests
{
    [Theory]
    [InlineData("model", "no_such_model")]
    [InlineData("loss", "no_such_loss")]
    public void AnUnknownNameIsRefusedBeforeTheMarketIsGenerated(string key, string value)
    {
        var dir = Directory.CreateTempSubdirectory("alphahost-run-names-").FullName;
        var config = Path.Combine(dir, "run.json");
        File.WriteAllText(config, $"{{\"{key}\": \"{value}\", \"bus\": false}}");
        var outDir = Path.Combine(dir, "out");
        var error = new StringWriter();
        var saved = Console.Error;
        Console.SetError(error);
        int exit;
        try { exit = Program.Main(["run", "--config", config, "--out", outDir, "--headless"]); }
        finally { Console.SetError(saved); }
        Assert.NotEqual(0, exit);
        Assert.Contains(value, error.ToString());
        Assert.False(File.Exists(Path.Combine(outDir, "market.db")), "refused before any work");
    }
}

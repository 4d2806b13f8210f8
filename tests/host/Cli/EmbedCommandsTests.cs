using System.Globalization;
using System.Text.Json;
using AlphaHost.Host.Tests.Reports;
using AlphaHost.Host.Market.Store;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace AlphaHost.Host.Tests.Cli;

/// <summary>A small synthetic futures market: 45 contracts in six sectors, 260 days.</summary>
public sealed class TinyFuturesMarket : IDisposable
{
    public DirectoryInfo Dir { get; } = Directory.CreateTempSubdirectory("alphahost-embed-");
    public string Db => Path.Combine(Dir.FullName, "futures.db");

    public TinyFuturesMarket()
    {
        TestMarkets.Generate(Db, AlphaHost.Host.Market.MarketGeneration.Futures, new System.Text.Json.Nodes.JsonObject { ["days"] = 260, ["seed"] = 5 });
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Dir.Delete(recursive: true);
    }
}

/// <summary>`alphahost embed` end to end: pre-training, held-out loss, PyTorch-readable table, report.</summary>
[Collection("console")]
public sealed class EmbedCommandsTests(TinyFuturesMarket market) : IClassFixture<TinyFuturesMarket>
{
    private (int Exit, string Out, string Err, string OutDir) Embed(params string[] extra)
    {
        var outDir = Path.Combine(market.Dir.FullName, "embed-" + Guid.NewGuid().ToString("N"));
        var output = new StringWriter();
        var error = new StringWriter();
        var (savedOut, savedErr) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            int exit = Program.Main(["embed", "--db", market.Db, "--out", outDir, .. extra]);
            return (exit, output.ToString(), error.ToString(), outDir);
        }
        finally
        {
            Console.SetOut(savedOut);
            Console.SetError(savedErr);
        }
    }

    private sealed class Table : nn.Module<Tensor, Tensor>
    {
        private readonly Embedding embedding;

        public Table(int assets, int dim) : base("Table")
        {
            embedding = nn.Embedding(assets, dim);
            RegisterComponents();
        }

        public Tensor Weight => embedding.weight!;

        public override Tensor forward(Tensor x) => embedding.forward(x);
    }

    [Fact]
    public void PretrainsOnTheFirstDaysReportsTheHeldOutLossAndWritesATablePyTorchReads()
    {
        var (exit, stdout, err, dir) = Embed("--train-days", "200", "--dim", "6", "--steps", "200", "--batch", "64", "--lr", "0.02", "--eval-every", "50", "--seed", "3");
        Assert.True(exit == 0, err);
        Assert.Contains("45 assets; 200 training days, 60 held out", stdout);

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
        double Get(string key) => summary.RootElement.GetProperty(key).GetDouble();
        Assert.Equal(45, Get("assets"));
        Assert.Equal(200, Get("train_days"));
        Assert.Equal(60, Get("held_out_days"));
        Assert.True(Get("held_out_loss_trained") < Get("held_out_loss_untrained"), $"held-out loss {Get("held_out_loss_untrained")} → {Get("held_out_loss_trained")}");
        Assert.True(Get("train_loss_last") < Get("train_loss_first"));
        Assert.True(Get("sector_gap") > 0.2, $"sector gap {Get("sector_gap")}");

        // losses.csv: a training loss per step, the held-out loss at steps 0, 50, …, 200.
        var losses = File.ReadAllLines(Path.Combine(dir, "losses.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal(Enumerable.Range(0, 201).Select(s => s.ToString(CultureInfo.InvariantCulture)), losses.Select(l => l[0]));
        Assert.Equal(new[] { "0", "50", "100", "150", "200" }, losses.Where(l => l[2].Length > 0).Select(l => l[0]));

        // embeddings.csv and embeddings.pt hold the same table; every row has norm ≤ 1 (max-norm 1).
        var csv = File.ReadAllLines(Path.Combine(dir, "embeddings.csv"));
        Assert.Equal("code,sector,e0,e1,e2,e3,e4,e5", csv[0]);
        var rows = csv.Skip(1).Select(l => l.Split(',')[2..].Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        Assert.Equal(45, rows.Length);
        Assert.All(rows, r => Assert.True(Math.Sqrt(r.Sum(v => v * v)) <= 1 + 1e-6));
        Assert.Contains(csv.Skip(1), l => l.StartsWith("RB,ferrous,", StringComparison.Ordinal));
        using var scope = NewDisposeScope();
        using var table = new Table(45, 6);
        table.load_py(Path.Combine(dir, "embeddings.pt"));                        // strict: the key is embedding.weight, [45, 6]
        var weight = table.Weight.to(ScalarType.Float64).data<double>().ToArray();
        for (int a = 0; a < 45; a++)
            for (int k = 0; k < 6; k++) Assert.Equal(rows[a][k], weight[a * 6 + k], 6);

        var ids = new[] { "chart-cosine", "chart-pca", "chart-sectors", "chart-loss" };
        var html = File.ReadAllText(Path.Combine(dir, "report.html"));
        Assert.All(ids, id => Assert.Contains($"id=\"{id}\"", html));
        Assert.Empty(HeadlessChromium.ChartFailures(HeadlessChromium.DumpDom(Path.Combine(dir, "report.html")), ids));
    }

    [Fact]
    public void TheUniverseRuleChoosesAssetsFromTheTrainingDaysOnly()
    {
        // Open interest starts between 5e4 and 1e6 (log-uniform): a 300,000 threshold keeps some contracts, not all.
        var (exit, stdout, err, dir) = Embed("--train-days", "150", "--dim", "4", "--steps", "5", "--min-history-days", "100", "--min-open-interest", "300000");
        Assert.True(exit == 0, err);
        // Console.Out is process-wide: other tests running beside this one may write into it too, so find embed's own line.
        var line = System.Text.RegularExpressions.Regex.Match(stdout, @"^(\d+) assets; ", System.Text.RegularExpressions.RegexOptions.Multiline);
        Assert.True(line.Success, stdout);
        int assets = int.Parse(line.Groups[1].Value, CultureInfo.InvariantCulture);
        using var db = MarketDatabase.Open(market.Db);
        var oi = new PanelReader(db).Read(DateOnly.MinValue, DateOnly.MaxValue, ["open_interest"]);
        // The rule at the last training day (day 149), from the first 150 days: mean of the last 100 days' open interest.
        int expected = Enumerable.Range(0, oi.Stocks).Count(s => Enumerable.Range(50, 100).Average(d => (double)oi[d, s, 0]) >= 300_000);
        Assert.InRange(expected, 3, 44);
        Assert.Equal(expected, assets);
        Assert.Equal(assets + 1, File.ReadAllLines(Path.Combine(dir, "embeddings.csv")).Length);
    }

    [Fact]
    public void ATrainingPeriodAsLongAsTheMarketIsRefusedWithTheReason()
    {
        var (exit, _, err, dir) = Embed("--train-days", "260");
        Assert.Equal(2, exit);
        Assert.Contains("--train-days 260: expected 2 to 259", err);
        Assert.False(File.Exists(Path.Combine(dir, "embeddings.pt")));
    }

    [Fact]
    public void ABadPluginKeyIsRefusedBeforeTheMarketIsRead()
    {
        var (exit, _, err, dir) = Embed("--loss", "cubic");
        Assert.Equal(2, exit);
        Assert.Contains("loss", err);
        Assert.False(Directory.Exists(dir));
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using AlphaHost.Host.Research;
using AlphaHost.Host.Run;

namespace AlphaHost.Host.Tests.Research;

/// <summary>Tree baselines (plugins/Trees) fitted by the host's non-gradient path, as rows of `compare`.</summary>
[Collection("torch")]
public class TreeBaselineTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("alphahost-trees-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void A_forest_row_finds_the_planted_alpha_out_of_sample_and_lists_its_feature_importance()
    {
        // A strongly planted alpha, so a small market is enough for the sign of the out-of-sample RankIC to mean something.
        var protocol = new RunConfig { Stocks = 40, Days = 260, AlphaStrength = 0.5, Sampler = TestPlugins.Rolling(120, 40), EnsembleSeeds = 1 };
        var doc = Path.Combine(dir, "table.md");
        var log = new StringWriter();
        var rows = new ModelComparison(protocol, 3, dir, log, TestPlugins.Registry).Run(["random_forest", "gbdt"], doc, "alphahost compare (test)");

        var forest = rows[0];
        Assert.True(forest.RankIc > 0.02, $"random_forest out-of-sample RankIC {forest.RankIc}");
        Assert.True(forest.ScoredDays >= 80, $"{forest.ScoredDays} days");
        Assert.True(double.IsFinite(rows[1].RankIc));

        foreach (var model in new[] { "random_forest", "gbdt" })
        {
            var lines = File.ReadAllLines(Path.Combine(dir, model, "importance.csv"));
            int fields = ResearchPanel.DefaultFields.Length;
            Assert.Equal(1 + fields * protocol.Lookback + fields, lines.Length);
            var cells = lines[1..(1 + fields * protocol.Lookback)].Select(l => double.Parse(l.Split(',')[2], CultureInfo.InvariantCulture)).ToArray();
            var totals = FeatureImportance.ReadTotals(Path.Combine(dir, model, "importance.csv"));
            Assert.Equal(1.0, cells.Sum(), 6);             // gain shares of every picture cell
            Assert.Equal(1.0, totals.Sum(t => t.Importance), 6);
            Assert.True(totals.Zip(totals.Skip(1)).All(p => p.First.Importance >= p.Second.Importance)); // largest first
            Assert.Contains($"{model} feature importance: {totals[0].Field}", log.ToString());
        }
        var table = File.ReadAllText(doc);
        Assert.Contains("| random_forest | 0 |", table);
        Assert.Contains("Feature importance of the tree models", table);
        Assert.Contains("- gbdt: ", table);
    }

    [Fact]
    public void The_same_seed_fits_the_same_trees()
    {
        var market = TestMarkets.Equities(Path.Combine(dir, "m.db"), stocks: 25, days: 150, seed: 5);
        using var panel = ResearchPanel.Load(market);
        var spec = new FitSpec(new("random_forest", new JsonObject { ["trees"] = 10 }), "ic", TestPlugins.ForwardReturn(5), Normalization.PerStock, new TrainerConfig());
        FactorPanel Run(int seed) => ResearchRun.WalkForward(panel, spec, TestPlugins.Rolling(60, 30), TestPlugins.Registry, seed).Factor;
        var a = Run(1);
        var b = Run(1);
        var c = Run(2);
        Assert.NotEmpty(a.ScoredDays);
        Assert.Equal(a.ScoredDays, b.ScoredDays);
        Assert.All(a.ScoredDays, d => Assert.Equal(a[d], b[d]));
        Assert.Contains(a.ScoredDays, d => !a[d]!.SequenceEqual(c[d]!)); // another seed bags other rows
    }
}

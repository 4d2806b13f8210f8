using AlphaHost.Host.Cli;
using AlphaHost.Host.Research;
using AlphaHost.Host.Run;
using AlphaHost.Host.Market.Store;
using AlphaHost.Host.Grading;

namespace AlphaHost.Host.Tests.Research;

/// <summary>`alphahost compare`: every model through the same protocol, graded like `alphahost evaluate`, resumable.</summary>
[Collection("torch")]
public class ModelComparisonTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("alphahost-compare-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void EachRowIsTheEvaluatorsGradeOfThatModelsFactorAndARerunResumes()
    {
        var protocol = new RunConfig { Stocks = 20, Days = 140, Sampler = TestPlugins.Rolling(50, 30), Epochs = 1, EnsembleSeeds = 1 };
        var doc = Path.Combine(dir, "table.md");
        var log = new StringWriter();
        var rows = new ModelComparison(protocol, 3, dir, log, TestPlugins.Registry).Run(["mlp", "alphanet_v1"], doc, "alphahost compare (test)");

        Assert.Equal(["mlp", "alphanet_v1"], rows.Select(r => r.Model));
        foreach (var row in rows)
        {
            // The row is exactly what the evaluator says of the factor file the model left behind.
            using var db = MarketDatabase.Open(Path.Combine(dir, "market.db"));
            var graded = new MarketFactorEvaluation(db, FactorFile.Read(Path.Combine(dir, row.Model, "factor.csv")), new EvaluationConfig { Horizon = 5 }, null).Result;
            Assert.Equal(graded.RankIcMean, row.RankIc, 12);
            Assert.Equal(graded.RankIcir, row.RankIcir, 12);
            Assert.Equal(graded.Overall.AlphaSharpe, row.AlphaSharpe, 12);
            Assert.True(row.Parameters > 0 && row.ScoredDays >= 30, $"{row.Model}: {row.Parameters} parameters, {row.ScoredDays} days");
        }
        var table = File.ReadAllLines(doc);
        Assert.Contains(table, l => l.StartsWith("| mlp |", StringComparison.Ordinal));
        Assert.Contains(table, l => l.StartsWith("| alphanet_v1 |", StringComparison.Ordinal));
        Assert.Contains(table, l => l.Contains("alphahost compare (test)", StringComparison.Ordinal));

        // A rerun reads the finished rows instead of fitting again.
        var again = new StringWriter();
        var resumed = new ModelComparison(protocol, 3, dir, again, TestPlugins.Registry).Run(["mlp", "alphanet_v1"], doc, "alphahost compare (test)");
        Assert.Equal(rows, resumed);
        Assert.DoesNotContain("retrain", again.ToString());

        // A row finished by a version without per-year tables gets its table from its factor file on a rerun.
        var byYear = Path.Combine(dir, "mlp", ModelComparison.ByYearFile);
        var written = File.ReadAllText(byYear);
        File.Delete(byYear);
        new ModelComparison(protocol, 3, dir, new StringWriter(), TestPlugins.Registry).Run(["mlp", "alphanet_v1"], doc, "alphahost compare (test)");
        Assert.Equal(written, File.ReadAllText(byYear));
        Assert.Contains(File.ReadAllLines(doc), l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\| mlp \| \d{4} \| \d+ \|")); // its per-year row
    }
}

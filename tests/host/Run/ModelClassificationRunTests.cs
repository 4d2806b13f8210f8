using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AlphaHost.Host.Plugins;
using AlphaHost.Host.Research;
using AlphaHost.Sdk.Plugins;
using TorchSharp;

namespace AlphaHost.Host.Tests.Run;

/// <summary>
/// `alphahost run` with a binary label grades every live model's own out-of-sample outputs, not just
/// the champion's: a challenger's accuracy and ROC-AUC in metrics.json are what its scored
/// probabilities (models/NAME/outputs.csv) and the realised labels give by the definitions.
/// </summary>
[Collection("alphahost run")]
public class ModelClassificationRunTests
{
    private const int Horizon = 5;

    [Fact]
    public void AChallengersClassificationIsGradedFromItsOwnOutputs()
    {
        using var scratch = new ScratchDir();
        var config = JsonNode.Parse(File.ReadAllText(RunKit.TinyConfig(scratch.Path, challengers: "gru")))!.AsObject();
        config["label"] = new JsonObject { ["name"] = "forward_return", ["config"] = new JsonObject { ["horizon"] = Horizon, ["transform"] = "Direction", ["excess"] = "None" } };
        config["loss"] = "bce";
        config["bus"] = false;
        var path = Path.Combine(scratch.Path, "binary.json");
        File.WriteAllText(path, config.ToJsonString());
        var runDir = Path.Combine(scratch.Path, "run");
        var (exit, output) = RunKit.Run(TimeSpan.FromMinutes(8), "--config", path, "--out", runDir, "--headless");
        Assert.True(exit == 0, output);

        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(runDir, "metrics.json")));
        var models = metrics.RootElement.GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!);
        var graded = models["gru"].GetProperty("classification");

        // The challenger's P(1) per (day, stock) as it scored them out of sample.
        var probability = File.ReadLines(Path.Combine(runDir, "models", "gru", "outputs.csv")).Skip(1).Select(l => l.Split(','))
            .Where(f => f[2] == "0").ToDictionary(f => (DateOnly.Parse(f[0], CultureInfo.InvariantCulture), f[1]), f => double.Parse(f[3], CultureInfo.InvariantCulture));
        Assert.True(probability.Count > 100, $"{probability.Count} outputs");

        // Realised labels by the definition: the open H days after entry above the entry open (entry at the next day's open; raw return, no excess),
        // where the label plugin says the stock could be entered.
        using var panel = ResearchPanel.Load(Path.Combine(runDir, "market.db"));
        var open = panel.Open.to(torch.ScalarType.Float64).data<double>().ToArray();
        var label = TestPlugins.Registry.Create<ILabel>(new PluginChoice("forward_return", new JsonObject { ["horizon"] = Horizon, ["transform"] = "Direction", ["excess"] = "None" }));
        using var scope = torch.NewDisposeScope();
        var labels = label.Compute(panel.LabelPanel());
        var known = labels.Mask.data<bool>().ToArray();
        var pluginValues = labels.Values.data<double>().ToArray();
        var truth = new List<int>();
        var p = new List<double>();
        int stocks = panel.Stocks;
        for (int d = 0; d + 1 + Horizon < panel.Days; d++)
            for (int s = 0; s < stocks; s++)
            {
                if (!known[d * stocks + s] || !probability.TryGetValue((panel.Dates[d], panel.Codes[s]), out var prob)) continue;
                int up = open[(d + 1 + Horizon) * stocks + s] > open[(d + 1) * stocks + s] ? 1 : 0;
                Assert.Equal(up, pluginValues[d * stocks + s]);
                truth.Add(up);
                p.Add(prob);
            }
        Assert.Equal(truth.Count, graded.GetProperty("samples").GetInt64());

        // Accuracy: predicted 1 when P(1) > ½. ROC-AUC: the share of (positive, negative) pairs the positive scores higher, ties ½.
        double accuracy = truth.Select((t, i) => (p[i] > 0.5 ? 1 : 0) == t ? 1.0 : 0.0).Average();
        var positives = p.Where((_, i) => truth[i] == 1).ToArray();
        var negatives = p.Where((_, i) => truth[i] == 0).ToArray();
        double wins = positives.Sum(a => negatives.Sum(b => a > b ? 1.0 : a == b ? 0.5 : 0.0));
        double auc = wins / ((double)positives.Length * negatives.Length);
        double majority = Math.Max(positives.Length, negatives.Length) / (double)truth.Count;
        Assert.Equal(accuracy, graded.GetProperty("accuracy").GetDouble(), 12);
        Assert.Equal(auc, graded.GetProperty("roc_auc").GetDouble(), 12);
        Assert.Equal(majority, graded.GetProperty("majority_accuracy").GetDouble(), 12);

        // The champion is graded on its own outputs too; it traded every scored day, so its grade is the run's traded one.
        var champion = models["mlp"].GetProperty("classification");
        var traded = metrics.RootElement.GetProperty("classification");
        Assert.Equal(traded.GetProperty("accuracy").GetDouble(), champion.GetProperty("accuracy").GetDouble(), 12);
        Assert.Equal(traded.GetProperty("roc_auc").GetDouble(), champion.GetProperty("roc_auc").GetDouble(), 12);
        Assert.NotEqual(champion.GetProperty("roc_auc").GetDouble(), graded.GetProperty("roc_auc").GetDouble());

        // The report's model table carries the challenger's grades.
        var report = File.ReadAllText(Path.Combine(runDir, "report.md"));
        Assert.Contains("Live models, graded out of sample", report);
        Assert.Contains(auc.ToString("F4", CultureInfo.InvariantCulture), report);
    }
}

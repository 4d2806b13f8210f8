using AlphaHost.Sdk.Statistics;
using System.Text.Json.Nodes;
using AlphaHost.Host.Plugins;
using AlphaHost.Host.Research;
using AlphaHost.Host.Market.Store;
using AlphaHost.Host.Market;
using AlphaHost.Host.Grading;
using AlphaHost.Sdk.Plugins;
using TorchSharp;

namespace AlphaHost.Host.Tests.Research;

/// <summary>
/// Classification and multi-horizon labels through the whole walk-forward pipeline: a binary label
/// with BCE on a market whose direction is planted is predicted better than chance out of sample,
/// the shuffled-label control is not; a label of several horizons trains one head of several outputs,
/// each graded against its own horizon.
/// </summary>
[Collection("torch")]
public class ClassificationEndToEndTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("alphahost-classify-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string PlantedMarket(double strength, int seed, int stocks = 60, int days = 330)
    {
        var path = Path.Combine(dir, $"m{seed}.db");
        TestMarkets.Generate(path, MarketGeneration.Equities, new JsonObject { ["stocks"] = stocks, ["days"] = days, ["seed"] = seed, ["alphaStrength"] = strength });
        return path;
    }

    private static PluginChoice Label(JsonObject config) => new("forward_return", config) { Source = "test: key 'label'" };

    [Fact]
    public void ABinaryLabelOnAPlantedMarketBeatsChanceAndTheShuffledControlDoesNot()
    {
        using var panel = ResearchPanel.Load(PlantedMarket(0.25, seed: 11));
        var label = Label(new JsonObject { ["horizon"] = 5, ["transform"] = "AboveMean" });
        var spec = new FitSpec("mlp", "bce", label, Normalization.PerStock, new TrainerConfig { Epochs = 3, DaysPerBatch = 8 });
        ClassificationGrade Grade(FitSpec s)
        {
            var (factor, _) = ResearchRun.WalkForward(panel, s, TestPlugins.Rolling(100, 60), TestPlugins.Registry, seed: 4);
            var grades = OutputGrades.Of(factor, panel, TestPlugins.Registry, label) ?? throw new Xunit.Sdk.XunitException("a binary head stored no probabilities");
            var c = grades.Classification!;
            Assert.True(c.Samples > 5000, $"only {c.Samples} out-of-sample predictions");
            // The grade is what the confusion matrix says: (TN + TP) / all.
            Assert.Equal((c.Confusion[0, 0] + c.Confusion[1, 1]) / (double)c.Samples, c.Accuracy, 12);
            return c;
        }

        var real = Grade(spec);
        Assert.True(real.Accuracy > 0.55 && real.Accuracy > real.MajorityAccuracy + 0.03, $"accuracy {real.Accuracy:F4}, majority class {real.MajorityAccuracy:F4}");
        Assert.True(real.RocAuc > 0.57, $"ROC-AUC {real.RocAuc:F4}");
        Assert.True(real.Mcc > 0.05, $"MCC {real.Mcc:F4}");
        // The control's predictions share each fit's random exposure (a handful of fits), so its ROC-AUC
        // wanders a few hundredths around ½, and its accuracy around the majority class's; neither reaches the true labels'.
        var control = Grade(spec with { ShuffleLabels = true });
        Assert.True(Math.Abs(control.RocAuc - 0.5) < 0.04, $"shuffled-label ROC-AUC {control.RocAuc:F4}");
        Assert.True(control.RocAuc < real.RocAuc - 0.05, $"shuffled-label ROC-AUC {control.RocAuc:F4} vs {real.RocAuc:F4}");
        Assert.True(control.Accuracy < real.Accuracy - 0.03, $"shuffled-label accuracy {control.Accuracy:F4} vs {real.Accuracy:F4}");
        Assert.True(Math.Abs(control.Accuracy - control.MajorityAccuracy) < 0.03, $"shuffled-label accuracy {control.Accuracy:F4}, majority class {control.MajorityAccuracy:F4}");
    }

    [Fact]
    public void SeveralHorizonsTrainOneHeadAndEachOutputIsGradedOnItsOwnHorizon()
    {
        using var panel = ResearchPanel.Load(PlantedMarket(0.25, seed: 5, stocks: 40, days: 260));
        var label = Label(new JsonObject { ["horizons"] = new JsonArray(1, 5, 10) });
        var spec = new FitSpec("mlp", "ic", label, Normalization.PerStock, new TrainerConfig { Epochs = 2, DaysPerBatch = 8 });
        using var fitter = new ModelFitter(spec, panel, TestPlugins.Registry);
        Assert.Equal(11, fitter.LabelLag);               // the longest horizon sets the gap
        var split = new WalkForward(TestPlugins.Sampler(TestPlugins.Rolling(100, 30)), panel.Dates, fitter.LabelLag).SplitAt(200)!;
        using var fitted = fitter.Fit(split, 200, 0, seed: 3);
        Assert.Equal(3, fitted.Shape.Outputs);
        var outputs = fitted.Outputs(panel, 201);
        Assert.Equal(3, outputs.Width);
        // The traded score is the last output (10 days), stock by stock.
        for (int s = 0; s < panel.Stocks; s++)
            if (double.IsFinite(outputs.Scores[s])) Assert.Equal(outputs.Scores[s], outputs.PerOutput![s * 3 + 2], 12);

        var (factor, _) = ResearchRun.WalkForward(panel, spec, TestPlugins.Rolling(100, 30), TestPlugins.Registry, seed: 4);
        var grades = OutputGrades.Of(factor, panel, TestPlugins.Registry, label)!;
        Assert.Equal(new[] { 1, 5, 10 }, grades.Horizons);
        // Each output against its own horizon's forward return, computed independently here.
        for (int k = 0; k < 3; k++)
        {
            int column = k;
            double expected = factor.ForwardRankIc(panel, grades.Horizons[k], d => factor.OutputsOf(d) is { } o
                ? Enumerable.Range(0, panel.Stocks).Select(s => o.PerOutput![s * 3 + column]).ToArray() : null);
            Assert.Equal(expected, grades.RankIcByHorizon[k], 12);
        }
        Assert.Equal(factor.ForwardRankIc(panel, 10), grades.RankIcByHorizon[2], 12);
        // The planted alpha is found at the traded horizon.
        Assert.True(grades.RankIcByHorizon[2] > 0.05, $"RankIC by horizon {string.Join(", ", grades.RankIcByHorizon)}");
        var metrics = grades.ToMetrics();
        Assert.Equal(new[] { "1", "5", "10" }, ((Dictionary<string, object>)metrics["rank_ic_by_horizon"]).Keys);
    }

    [Fact]
    public void GradesOfStoredProbabilitiesMatchAHandCountedConfusion()
    {
        // Two days × three stocks, a one-horizon binary label; the factor stores P(1) per stock.
        var dates = new[] { new DateOnly(2024, 1, 2), new DateOnly(2024, 1, 3) };
        var factor = new FactorPanel(dates, ["a", "b", "c"]);
        factor.Set(0, [0.9, 0.2, double.NaN], 0, new DayOutputs([0.9, 0.2, double.NaN], [0.9, 0.2, double.NaN], 1));
        factor.Set(1, [0.6, 0.4, 0.7], 0, new DayOutputs([0.6, 0.4, 0.7], [0.6, 0.4, 0.7], 1));
        using var scope = torch.NewDisposeScope();
        var values = torch.tensor(new double[] { 1, 1, 0, 0, 0, double.NaN }, [2, 3]);
        var mask = torch.tensor(new[] { true, true, true, true, true, false }, [2, 3]);
        var label = TestPlugins.Registry.Create<ILabel>(Label(new JsonObject { ["horizon"] = 1, ["transform"] = "AboveMean" }));
        var grades = OutputGrades.Of(factor, panel: null, label, new LabelResult(values, mask));
        // Graded: (1, 0.9) TP, (1, 0.2) FN, (0, 0.6) FP, (0, 0.4) TN; stock c is unscored on day 0 and unlabelled on day 1.
        var c = grades!.Classification!;
        Assert.Equal(new long[,] { { 1, 1 }, { 1, 1 } }, c.Confusion);
        Assert.Equal(0.5, c.Accuracy, 12);
        Assert.Equal(0.5, c.RocAuc, 12);   // positives 0.9 and 0.2 against negatives 0.6 and 0.4: 0.9 wins both pairs, 0.2 neither
        Assert.Equal(4, c.Samples);
    }
}

/// <summary>`alphahost run` with a binary label and BCE writes the classification into metrics.json, report.md and report.html.</summary>
[Collection("alphahost run")]
public class RunClassificationReportTests
{
    [Fact]
    public void ARunWithABinaryLabelReportsItsClassificationOutOfSample()
    {
        using var scratch = new AlphaHost.Host.Tests.Run.ScratchDir();
        var config = JsonNode.Parse(File.ReadAllText(AlphaHost.Host.Tests.Run.RunKit.TinyConfig(scratch.Path)))!.AsObject();
        config["label"] = new JsonObject { ["name"] = "forward_return", ["config"] = new JsonObject { ["horizon"] = 5, ["transform"] = "AboveMean" } };
        config["loss"] = "bce";
        config["bus"] = false;
        var path = Path.Combine(scratch.Path, "binary.json");
        File.WriteAllText(path, config.ToJsonString());
        var runDir = Path.Combine(scratch.Path, "run");
        var (exit, output) = AlphaHost.Host.Tests.Run.RunKit.Run(TimeSpan.FromMinutes(5), "--config", path, "--out", runDir, "--headless");
        Assert.True(exit == 0, output);

        using var metrics = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(runDir, "metrics.json")));
        var c = metrics.RootElement.GetProperty("classification");
        var confusion = c.GetProperty("confusion").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetInt64()).ToArray()).ToArray();
        long samples = c.GetProperty("samples").GetInt64();
        Assert.Equal(2, confusion.Length);
        Assert.Equal(samples, confusion.Sum(r => r.Sum()));
        Assert.True(samples > 100, $"{samples} predictions graded");
        Assert.Equal((confusion[0][0] + confusion[1][1]) / (double)samples, c.GetProperty("accuracy").GetDouble(), 12);
        long tp = confusion[1][1], fp = confusion[0][1], fn = confusion[1][0];
        Assert.Equal(2.0 * tp / (2 * tp + fp + fn), c.GetProperty("f1").GetDouble(), 12);
        Assert.InRange(c.GetProperty("roc_auc").GetDouble(), 0, 1);
        var md = File.ReadAllText(Path.Combine(runDir, "report.md"));
        Assert.Contains("## Confusion matrix (rows: true class, columns: predicted)", md);
        Assert.Contains("| accuracy | " + c.GetProperty("accuracy").GetDouble().ToString("F4", System.Globalization.CultureInfo.InvariantCulture) + " |", md);
        Assert.Contains("<h2>Confusion matrix (rows: true class, columns: predicted)</h2>", File.ReadAllText(Path.Combine(runDir, "report.html")));
        Assert.Contains("classification (5d, out of sample", output);
    }

    [Fact]
    public void ARunWithSeveralHorizonsGradesEachInMetricsJson()
    {
        using var scratch = new AlphaHost.Host.Tests.Run.ScratchDir();
        var config = JsonNode.Parse(File.ReadAllText(AlphaHost.Host.Tests.Run.RunKit.TinyConfig(scratch.Path)))!.AsObject();
        config["label"] = new JsonObject { ["name"] = "forward_return", ["config"] = new JsonObject { ["horizons"] = new JsonArray(1, 3), ["transform"] = "Direction" } };
        config["loss"] = "bce";
        config["bus"] = false;
        var path = Path.Combine(scratch.Path, "horizons.json");
        File.WriteAllText(path, config.ToJsonString());
        var runDir = Path.Combine(scratch.Path, "run");
        var (exit, output) = AlphaHost.Host.Tests.Run.RunKit.Run(TimeSpan.FromMinutes(5), "--config", path, "--out", runDir, "--headless");
        Assert.True(exit == 0, output);

        using var metrics = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(runDir, "metrics.json")));
        var root = metrics.RootElement;
        var byHorizon = root.GetProperty("rank_ic_by_horizon");
        Assert.Equal(new[] { "1", "3" }, byHorizon.EnumerateObject().Select(p => p.Name));
        foreach (var h in byHorizon.EnumerateObject()) Assert.InRange(h.Value.GetDouble(), -1, 1);
        var perHorizon = root.GetProperty("classification_by_horizon");
        Assert.Equal(new[] { "1", "3" }, perHorizon.EnumerateObject().Select(p => p.Name));
        Assert.Equal(root.GetProperty("classification").GetProperty("accuracy").GetDouble(), perHorizon.GetProperty("3").GetProperty("accuracy").GetDouble(), 12);
        Assert.Contains("## Grades per horizon (one model output each; the last is traded)", File.ReadAllText(Path.Combine(runDir, "report.md")));
    }
}

/// <summary>The intraday bar returns labels read (risk_adjusted), and the loss of a head of several outputs.</summary>
[Collection("torch")]
public class LabelInputsTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("alphahost-label-inputs-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void BarReturnsChainFromTheOpenWithinTheDay()
    {
        using var scope = torch.NewDisposeScope();
        // One day, one stock, three bars: opens 10, 11, 12; closes 11, 12, 9.
        var r = IntradayReturns.FromBars([10, 11, 12], [11, 12, 9], 1, 1, 3).data<double>().ToArray();
        Assert.Equal(new[] { 0.1, 1 / 11.0, 9 / 12.0 - 1 }, r, new Tolerance(1e-12));
    }

    [Fact]
    public void AMarketWithIntradayBarsFeedsTheRiskAdjustedLabel()
    {
        var path = Path.Combine(dir, "intraday.db");
        TestMarkets.Equities(path, stocks: 12, days: 40, seed: 2, intradayBars: 4);
        using var panel = ResearchPanel.Load(path, lookback: 5);
        using var scope = torch.NewDisposeScope();
        var inputs = panel.LabelPanel();
        var bars = inputs.IntradayReturns ?? throw new Xunit.Sdk.XunitException("no intraday returns from a market with intraday bars");
        Assert.Equal(new long[] { panel.Days, panel.Stocks, 4 }, bars.shape);
        // The bars of a day chain from its open to its close: Π(1 + r) = close / open of the daily bar.
        var chained = (bars + 1.0).prod(2).data<double>().ToArray();
        var open = panel.Open.data<double>().ToArray();
        var close = panel.Close.data<double>().ToArray();
        int compared = 0;
        for (int i = 0; i < chained.Length; i++)
            if (double.IsFinite(chained[i]) && double.IsFinite(open[i]) && open[i] > 0)
            {
                Assert.Equal(close[i] / open[i], chained[i], new Tolerance(1e-6)); // the daily panel holds prices as float32 (~6e-8 relative)
                compared++;
            }
        Assert.True(compared > panel.Days * panel.Stocks / 2, $"only {compared} stock-days have bars");

        var label = TestPlugins.Registry.Create<ILabel>(new PluginChoice("risk_adjusted", new JsonObject { ["horizon"] = 2 }));
        var result = label.Compute(inputs);
        var values = result.Values.data<double>().ToArray();
        var mask = result.Mask.data<bool>().ToArray();
        var r = bars.data<double>().ToArray();
        // Day 3, first stock with a label: mean / sample std of the 8 bar returns of days 4 and 5.
        int s = Enumerable.Range(0, panel.Stocks).First(k => mask[3 * panel.Stocks + k]);
        var path8 = Enumerable.Range(4, 2).SelectMany(d => Enumerable.Range(0, 4).Select(b => r[(d * panel.Stocks + s) * 4 + b])).ToArray();
        double mean = path8.Average(), sd = Math.Sqrt(path8.Sum(x => (x - mean) * (x - mean)) / 7);
        Assert.Equal(mean / sd, values[3 * panel.Stocks + s], 9);
    }

    [Fact]
    public void AHeadOfSeveralOutputsIsScoredByTheMeanOfItsOutputsLosses()
    {
        using var scope = torch.NewDisposeScope();
        // One day, two stocks, two outputs; MSE per output: ((1−0)² + (0−2)²)/2 = 2.5 and ((3−1)² + (1−1)²)/2 = 2.
        var output = torch.tensor(new float[] { 1, 3, 0, 1 }, [1, 2, 2]);
        var labels = torch.tensor(new float[] { 0, 1, 2, 1 }, [1, 2, 2]);
        var batch = new DayBatch(torch.zeros(1, 2, 1, 1), torch.ones([1, 2], TorchSharp.torch.ScalarType.Bool), labels, torch.ones(1, 2));
        var loss = TestPlugins.Registry.Create<ILoss>(new PluginChoice("mse"));
        Assert.Equal(2.25, ModelOutputs.Loss(loss, output, batch, ModelHead.Regression).ToDouble(), 6);
        // A model that ignores ModelShape.Outputs is refused with the reason, not broadcast.
        var ex = Assert.Throws<InvalidOperationException>(() => ModelOutputs.Loss(loss, torch.zeros(1, 2), batch, ModelHead.Regression));
        Assert.Contains("the label has 2 output(s) per stock", ex.Message);
    }

    private sealed class Tolerance(double eps) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) < eps;
        public int GetHashCode(double v) => 0;
    }
}

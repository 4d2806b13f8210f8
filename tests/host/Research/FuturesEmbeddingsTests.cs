using System.Text.Json.Nodes;
using AlphaHost.Host.Research;
using AlphaHost.Host.Plugins;
using AlphaHost.Host.Run;
using AlphaHost.Sdk.Data;
using AlphaHost.Sdk.Plugins;
using Microsoft.Data.Sqlite;
using TorchSharp;

namespace AlphaHost.Host.Tests.Research;

/// <summary>
/// Asset embeddings joined to the pictures and combo rows as training augmentation: the combo
/// arithmetic against hand-computed values, combos only on training days with labels known at the
/// fit, nothing after the fit day shaping what a fit trains on, and compare's three futures rows.
/// </summary>
[Collection("torch")]
public class FuturesEmbeddingsTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("alphahost-futures-emb-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static PluginChoice Embedder(int dim = 3, int steps = 40) =>
        new("asset_embedding", new JsonObject { ["dim"] = dim, ["steps"] = steps, ["batch"] = 32 });

    private static readonly ComboAugmentation SomeCombos = new() { Pairs = 6, Baskets = 3, BasketLegs = 3, Leverage = 1.5 };

    private static FitSpec Spec(bool embeddings, ComboAugmentation? combos) => new("mlp", "ic", TestPlugins.ForwardReturn(5), Normalization.PerStock,
        new TrainerConfig { Epochs = 1, DaysPerBatch = 8 }, Lookback: 10, Embeddings: embeddings ? Embedder() : null, Combos: combos);

    private ResearchPanel Panel(string path) => ResearchPanel.Load(path, lookback: 10, fields: TestMarkets.FuturesFields);

    [Fact]
    public void AComboRowsPictureLabelAndEmbeddingAreTheWeightedSumsOfItsLegs()
    {
        using var scope = torch.NewDisposeScope();
        // Three assets (panel slots 3, 7, 9), pictures of 2 fields × 2 days.
        using var day = new DaySample
        {
            Day = 42,
            Stocks = [3, 7, 9],
            Pictures = torch.tensor(new float[] { 1, 2, 3, 4, /**/ 10, 20, 30, 40, /**/ -1, 0, 1, 2 }, [3, 2, 2]),
            Labels = torch.tensor(new float[] { 0.01f, -0.02f, 0.03f }),
            LabelMask = torch.ones(3, torch.ScalarType.Bool),
            Liquidity = torch.tensor(new float[] { 100, 50, 200 }),
        };
        // Embeddings by slot (dim 2); slots 3, 7, 9 are the day's assets.
        var rows = new double[10, 2];
        (rows[3, 0], rows[3, 1], rows[7, 0], rows[7, 1], rows[9, 0], rows[9, 1]) = (0.2, 0.3, 0.8, 0.6, -0.5, 0.1);
        var joined = new AssetEmbeddingInputs(rows).Join(day.Pictures, day.Stocks);
        Assert.Equal([3L, 4, 2], joined.shape);
        using var withEmbeddings = new DaySample { Day = day.Day, Stocks = day.Stocks, Pictures = joined, Labels = day.Labels.alias(), LabelMask = day.LabelMask.alias(), Liquidity = day.Liquidity.alias() };

        using var augmented = ComboRows.Augment(withEmbeddings, [([0, 1], [0.6, -0.4]), ([2, 0, 1], [0.5, -0.25, 0.25])]);

        Assert.Equal([3L, 7, 9, -1, -1], augmented.Stocks);
        Assert.Equal([[3L, 7], [9L, 3, 7]], augmented.Combos!.Select(c => c.Legs).ToArray());
        var p = augmented.Pictures.data<float>().ToArray();
        // Combo 0 = 0.6·asset0 − 0.4·asset1: fields (1,2,3,4)·0.6 − (10,20,30,40)·0.4; embedding 0.6·(0.2,0.3) − 0.4·(0.8,0.6) = (−0.2, −0.06) on both days.
        float[] combo0 = [-3.4f, -6.8f, -10.2f, -13.6f, -0.2f, -0.2f, -0.06f, -0.06f];
        // Combo 1 = 0.5·asset2 − 0.25·asset0 + 0.25·asset1: (−0.5+−0.25+2.5, 0−0.5+5, 0.5−0.75+7.5, 1−1+10); embedding (−0.25−0.05+0.2, 0.05−0.075+0.15).
        float[] combo1 = [1.75f, 4.5f, 7.25f, 10f, -0.1f, -0.1f, 0.125f, 0.125f];
        for (int i = 0; i < 8; i++)
        {
            Assert.Equal(combo0[i], p[3 * 8 + i], 5);
            Assert.Equal(combo1[i], p[4 * 8 + i], 5);
        }
        Assert.Equal(p[..24], joined.data<float>().ToArray());                    // the assets' rows unchanged
        var labels = augmented.Labels.data<float>().ToArray();
        Assert.Equal(0.6 * 0.01 - 0.4 * -0.02, labels[3], 6);                       // 0.014
        Assert.Equal(0.5 * 0.03 - 0.25 * 0.01 + 0.25 * -0.02, labels[4], 6);        // 0.0075
        var liquidity = augmented.Liquidity.data<float>().ToArray();
        Assert.Equal(50 / 0.6, liquidity[3], 3);                                    // the thinner leg, per unit of the biggest weight
        Assert.Equal(50 / 0.5, liquidity[4], 3);
    }

    [Fact]
    public void DrawnCombosAreDistinctLegPairsAndBasketsAtTheConfiguredLeverage()
    {
        var combos = ComboRows.Draw(10, SomeCombos, new Random(3));
        Assert.Equal(SomeCombos.Pairs + SomeCombos.Baskets, combos.Count);
        foreach (var (legs, weights) in combos)
        {
            Assert.Equal(legs.Length, legs.Distinct().Count());
            Assert.All(legs, l => Assert.InRange(l, 0, 9));
            Assert.Equal(SomeCombos.Leverage, weights.Sum(Math.Abs), 12);
            Assert.Contains(weights, w => w > 0);
            Assert.Contains(weights, w => w < 0);
        }
        Assert.All(combos.Take(SomeCombos.Pairs), c => Assert.Equal(2, c.Legs.Length));
        Assert.All(combos.Skip(SomeCombos.Pairs), c => Assert.Equal(SomeCombos.BasketLegs, c.Legs.Length));
    }

    [Fact]
    public void ComboRowsSitOnlyOnTrainingDaysAndSumTheirLegsLabelsKnownAtTheFit()
    {
        using var panel = Panel(TestMarkets.Futures(Path.Combine(dir, "f.db"), contracts: 16, days: 220, seed: 5));
        using var fitter = new ModelFitter(Spec(embeddings: true, SomeCombos), panel, TestPlugins.Registry);
        var sampler = TestPlugins.Sampler(TestPlugins.Rolling(90, 20));
        const int today = 180;
        var split = new WalkForward(sampler, panel.Dates, fitter.LabelLag).SplitAt(today)!;
        var samples = fitter.TrainingSamples(split, today, seed: 4);
        try
        {
            var trainDays = split.TrainDays.ToHashSet();
            var labels = fitter.Labels.Values;
            int comboRows = 0;
            foreach (var s in samples)
            {
                Assert.Contains(s.Day, trainDays);
                Assert.True(s.Day + fitter.LabelLag <= today, $"day {s.Day}'s label is not known at the fit day {today}");
                Assert.False(s.Day >= split.Validation.Start && s.Day < split.Validation.Start + split.Validation.Count, "a combo on a validation day");
                Assert.True(s.Day < split.Test.Start, "a combo on a test day");
                int n = s.Stocks.Count(x => x >= 0);
                Assert.Equal(n, s.Stocks.TakeWhile(x => x >= 0).Count());           // assets first, then combos
                Assert.Equal(s.Stocks.Length - n, s.Combos!.Count);
                var got = s.Labels.data<float>().ToArray();
                var assets = s.Stocks[..n].ToHashSet();
                for (int c = 0; c < s.Combos.Count; c++)
                {
                    var combo = s.Combos[c];
                    Assert.All(combo.Legs, leg => Assert.Contains(leg, assets));  // every leg a labelled asset of that same day
                    double expected = combo.Legs.Select((leg, i) => combo.Weights[i] * labels[s.Day, leg].item<double>()).Sum();
                    Assert.Equal(expected, got[n + c], 5);
                    comboRows++;
                }
            }
            Assert.Equal(samples.Count * (SomeCombos.Pairs + SomeCombos.Baskets), comboRows);
            // Every training day with a full picture (all 16 contracts trade from day 0) is there.
            Assert.Equal(split.TrainDays.Count(d => d >= panel.Lookback - 1), samples.Count);
        }
        finally { samples.ForEach(s => s.Dispose()); }
    }

    [Fact]
    public void AChangedMarketAfterTheFitDayChangesNoEmbeddingNorTrainingInput()
    {
        var original = TestMarkets.Futures(Path.Combine(dir, "a.db"), contracts: 16, days: 220, seed: 6);
        var changed = Path.Combine(dir, "b.db");
        File.Copy(original, changed);
        const int today = 180;
        using var a = Panel(original);
        PerturbAfter(changed, a.Dates[today]);
        using var b = Panel(changed);
        var spec = Spec(embeddings: true, SomeCombos);
        using var fitA = new ModelFitter(spec, a, TestPlugins.Registry);
        using var fitB = new ModelFitter(spec, b, TestPlugins.Registry);
        var sampler = TestPlugins.Sampler(TestPlugins.Rolling(90, 20));
        var split = new WalkForward(sampler, a.Dates, fitA.LabelLag).SplitAt(today)!;

        var samplesA = fitA.TrainingSamples(split, today, seed: 4);
        var samplesB = fitB.TrainingSamples(split, today, seed: 4);
        try
        {
            Assert.Equal(samplesA.Count, samplesB.Count);
            for (int i = 0; i < samplesA.Count; i++)
            {
                Assert.Equal(samplesA[i].Stocks, samplesB[i].Stocks);
                Assert.Equal(samplesA[i].Combos!.Select(c => c.Legs.Concat(c.Weights.Select(w => (long)(w * 1e12)))).SelectMany(x => x),
                             samplesB[i].Combos!.Select(c => c.Legs.Concat(c.Weights.Select(w => (long)(w * 1e12)))).SelectMany(x => x));
                Assert.True(Same(samplesA[i].Pictures, samplesB[i].Pictures), $"training picture of day {samplesA[i].Day} changed");
                Assert.True(Same(samplesA[i].Labels, samplesB[i].Labels), $"training label of day {samplesA[i].Day} changed");
            }
        }
        finally { samplesA.Concat(samplesB).ToList().ForEach(s => s.Dispose()); }

        using var modelA = fitA.Fit(split, today, 0, seed: 4);
        using var modelB = fitB.Fit(split, today, 0, seed: 4);
        Assert.Equal(modelA.Embeddings!.Rows, modelB.Embeddings!.Rows);
        Assert.Equal(modelA.Score(a, today), modelB.Score(b, today));

        // The check can fail: embeddings pre-trained on days reaching past the change do differ.
        var later = Enumerable.Range(today - 60, 80).ToArray();
        var embedderA = TestPlugins.Registry.Create<IAssetEmbedder>(Embedder());
        var embedderB = TestPlugins.Registry.Create<IAssetEmbedder>(Embedder());
        Assert.NotEqual(AssetEmbeddingInputs.Pretrain(a, later, embedderA).Rows, AssetEmbeddingInputs.Pretrain(b, later, embedderB).Rows);
    }

    private static bool Same(torch.Tensor a, torch.Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    private static void PerturbAfter(string path, DateOnly day)
    {
        using var c = new SqliteConnection($"Data Source={path}");
        c.Open();
        using var cmd = c.CreateCommand();
        // Closes after the day move by −10 % to +10 % by date and contract: their returns, embeddings and labels change.
        cmd.CommandText = "UPDATE bars SET close = close * (1 + 0.05 * ((date * 7 + instrument * 13) % 5 - 2)), volume = volume * 2 WHERE date > $d";
        cmd.Parameters.AddWithValue("$d", TradingCalendar.ToKey(day));
        Assert.True(cmd.ExecuteNonQuery() > 0);
    }

    [Fact]
    public void CompareGivesThePlainTheEmbeddingAndTheComboRowOnAFuturesMarket()
    {
        var protocol = RunConfig.Load(null, JsonNode.Parse("""
            {
              "marketKind": "Futures", "stocks": 16, "days": 200, "lookback": 10,
              "fields": ["open", "high", "low", "close", "vwap", "volume", "return1", "turnover", "open_interest"],
              "sampler": {"name": "rolling", "config": {"trainDays": 80, "testDays": 40}},
              "epochs": 1, "ensembleSeeds": 1, "icMinStocks": 10,
              "variants": [
                {"name": "plain", "model": "mlp"},
                {"name": "embed", "model": "mlp", "embeddings": {"name": "asset_embedding", "config": {"dim": 3, "steps": 40, "batch": 32}}},
                {"name": "embed_combos", "model": "mlp", "embeddings": {"name": "asset_embedding", "config": {"dim": 3, "steps": 40, "batch": 32}},
                 "combos": {"pairs": 8, "baskets": 4, "basketLegs": 3, "leverage": 1}}
              ]
            }
            """)!.AsObject(), "test");
        protocol.CheckPlugins(TestPlugins.Registry);
        var log = new StringWriter();
        var doc = Path.Combine(dir, "futures.md");
        var rows = new ModelComparison(protocol, 3, dir, log, TestPlugins.Registry).Run(["plain", "embed", "embed_combos"], doc, "alphahost compare (test)");

        Assert.Equal(["plain", "embed", "embed_combos"], rows.Select(r => r.Model));
        Assert.All(rows, r => Assert.True(double.IsFinite(r.RankIc) && double.IsFinite(r.RankIcSe) && r.RankIcSe > 0, $"{r.Model}: RankIC {r.RankIc} ± {r.RankIcSe}"));
        Assert.Equal(rows[0].ScoredDays, rows[2].ScoredDays);
        // The embedding rows feed the MLP 3 more rows × 10 days of input: 30 more weights per first-layer unit.
        Assert.True(rows[1].Parameters > rows[0].Parameters, $"{rows[1].Parameters} vs {rows[0].Parameters}");
        Assert.Equal(rows[1].Parameters, rows[2].Parameters);
        // Graded on base assets only: every scored code is a contract of the market.
        using var panel = ResearchPanel.Load(Path.Combine(dir, "market.db"), lookback: 10, fields: TestMarkets.FuturesFields);
        foreach (var row in rows)
        {
            var codes = File.ReadLines(Path.Combine(dir, row.Model, "factor.csv")).Skip(1).Select(l => l.Split(',')[1]).ToHashSet();
            Assert.Subset(panel.Codes.ToHashSet(), codes);
        }
        var md = File.ReadAllText(doc);
        Assert.Contains("synthetic futures market", md);
        Assert.Contains("| embed_combos |", md);
        Assert.Contains("embed_combos: model mlp; embeddings asset_embedding", md);
    }

    [Fact]
    public void BadComboKeysAreReportedWithTheKey()
    {
        var e = Assert.Throws<ConfigException>(() => RunConfig.Load(null, JsonNode.Parse("""{"combos": {"pairs": 0, "baskets": 0}}""")!.AsObject(), "test"));
        Assert.Contains("combos", e.Message);
        Assert.Contains("at least one combo per day", e.Message);
        var unknown = Assert.Throws<ConfigException>(() => RunConfig.Load(null, JsonNode.Parse("""{"variants": [{"name": "x", "modle": "mlp"}]}""")!.AsObject(), "test"));
        Assert.Contains("variants", unknown.Message);
    }
}

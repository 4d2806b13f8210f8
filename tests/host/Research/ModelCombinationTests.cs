using System.Globalization;
using AlphaHost.Host.Cli;
using AlphaHost.Host.Research;
using AlphaHost.Host.Run;
using AlphaHost.Host.Market.Store;
using AlphaHost.Host.Grading;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Host.Tests.Research;

/// <summary>Model combination: the evidence a combiner sees (no look-ahead), the combined scores, and a combination row of `compare`.</summary>
[Collection("torch")]
public class ModelCombinationTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("alphahost-combine-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    /// <summary>Closes of 4 stocks over 12 days, each stock growing at its own pace (stock s: × (1 + 0.01 s) a day) plus a wobble.</summary>
    private static double[][] Closes() =>
        Enumerable.Range(0, 12).Select(d => Enumerable.Range(0, 4).Select(s => 10 * Math.Pow(1 + 0.01 * s, d) * (1 + 0.001 * ((d * 7 + s * 3) % 5))).ToArray()).ToArray();

    [Fact]
    public void Evidence_holds_the_days_whose_return_is_realised_and_their_hand_computed_ics()
    {
        var closes = Closes();
        // Member 0 ranks stocks by their growth (IC +1 every day), member 1 against it (IC −1); member 1 scores from day 3 on.
        Func<int, double[]?> up = d => [0, 1, 2, 3];
        Func<int, double[]?> down = d => d < 3 ? null : [3, 2, 1, 0];
        var history = new CombinationHistory(["up", "down"], [up, down], closes, horizon: 2);

        var at = history.At(7);
        Assert.Equal([0, 1, 2, 3, 4, 5], at.Days.Select(d => d.Day)); // day 5's return ends at close[7]: known at 7's close
        Assert.All(at.Days, d => Assert.Equal(1.0, d.RankIc[0], 12));
        Assert.All(at.Days.Where(d => d.Day < 3), d => Assert.True(double.IsNaN(d.RankIc[1])));
        Assert.All(at.Days.Where(d => d.Day >= 3), d => Assert.Equal(-1.0, d.RankIc[1], 12));
        Assert.All(at.Days.Where(d => d.Day >= 3), d => Assert.Equal(-1.0, d.ScoreCorrelation[0, 1], 12));
        Assert.Equal(7, at.FitDay);
    }

    [Fact]
    public void Nothing_after_the_fit_day_changes_the_evidence_or_the_weights()
    {
        var closes = Closes();
        var rng = new Random(4);
        var scores = Enumerable.Range(0, 12).Select(_ => Enumerable.Range(0, 4).Select(_ => rng.NextDouble()).ToArray()).ToArray();
        var other = Enumerable.Range(0, 12).Select(_ => Enumerable.Range(0, 4).Select(_ => rng.NextDouble()).ToArray()).ToArray();
        const int fitDay = 8, horizon = 3;
        var a = new CombinationHistory(["a", "b"], [d => scores[d], d => other[d]], closes, horizon).At(fitDay);

        // The future: every close after the fit day, and the scores of days whose return is not yet realised.
        var closesChanged = closes.Select((row, d) => d > fitDay ? row.Select(c => c * (1 + rng.NextDouble())).ToArray() : row).ToArray();
        var scoresChanged = scores.Select((row, d) => d + horizon > fitDay ? row.Select(_ => rng.NextDouble()).ToArray() : row).ToArray();
        var b = new CombinationHistory(["a", "b"], [d => scoresChanged[d], d => other[d]], closesChanged, horizon).At(fitDay);

        Assert.Equal(fitDay - horizon, a.Days[^1].Day);
        Assert.Equal(a.Days.Select(d => d.Day), b.Days.Select(d => d.Day));
        for (int i = 0; i < a.Days.Count; i++)
        {
            Assert.Equal(a.Days[i].RankIc, b.Days[i].RankIc);
            Assert.Equal(a.Days[i].ScoreCorrelation, b.Days[i].ScoreCorrelation);
        }
        var combiner = TestPlugins.Registry.Create<ICombiner>(new("ic_weighted", new System.Text.Json.Nodes.JsonObject { ["minDays"] = 2 }));
        Assert.Equal(combiner.Weights(a), combiner.Weights(b));
        // ...while the later fit day does see the changed data.
        var later = new CombinationHistory(["a", "b"], [d => scoresChanged[d], d => other[d]], closesChanged, horizon).At(fitDay + 1);
        Assert.NotEqual(a.Days.Count, later.Days.Count);
    }

    [Fact]
    public void Combined_scores_are_the_weighted_rank_standardised_member_scores()
    {
        // m0 [1, 2, 3] → ranks 1, 2, 3 → (r − 2) / √(2/3) = −1.2247, 0, 1.2247; m1 [3, 2, –] → ranks 2, 1 → (r − 1.5) / 0.5 = 1, −1.
        var combined = CombinationHistory.Combine([[1, 2, 3], [3, 2, double.NaN]], [0.75, 0.25], 3);
        double z = 1 / Math.Sqrt(2.0 / 3);
        Assert.Equal(0.75 * -z + 0.25 * 1, combined[0], 12);
        Assert.Equal(0.25 * -1, combined[1], 12);
        Assert.Equal(z, combined[2], 12); // only m0 scored it: its weight renormalised to 1
        Assert.True(double.IsNaN(CombinationHistory.Combine([[double.NaN, 1]], [1.0], 2)[0]));
    }

    [Fact]
    public void The_run_config_reads_combinations_and_names_bad_keys()
    {
        var path = Path.Combine(dir, "run.json");
        File.WriteAllText(path, """{"combinations": [{"name": "combo", "combiner": {"name": "correlation_pruned", "config": {"threshold": 0.7}}, "members": ["mlp", "gru"], "seeds": 3}]}""");
        var config = RunConfig.Load(path);
        var combo = Assert.Single(config.Combinations);
        Assert.Equal(("combo", "correlation_pruned", 3), (combo.Name, combo.Combiner.Name, combo.Seeds));
        Assert.Equal(["mlp", "mlp@seed9", "mlp@seed10", "gru", "gru@seed9", "gru@seed10"], combo.MemberRuns(8).Select(r => r.Name));
        config.CheckPlugins(TestPlugins.Registry);

        File.WriteAllText(path, """{"combinations": [{"name": "combo", "combinr": "ic_weighted", "members": ["mlp", "gru"]}]}""");
        var e = Assert.Throws<ConfigException>(() => RunConfig.Load(path));
        Assert.Contains("'combinations'", e.Message);
        File.WriteAllText(path, """{"combinations": [{"name": "combo", "members": ["mlp"], "seeds": 1}]}""");
        Assert.Contains("at least 2 members", Assert.Throws<ConfigException>(() => RunConfig.Load(path)).Message);
        File.WriteAllText(path, """{"combinations": [{"name": "combo", "combiner": "ic_weightd", "members": ["mlp", "gru"]}]}""");
        Assert.Contains("did you mean 'ic_weighted'", Assert.Throws<AlphaHost.Host.Plugins.PluginLoadException>(() => RunConfig.Load(path).CheckPlugins(TestPlugins.Registry)).Message);
        File.WriteAllText(path, """{"combinations": [{"name": "combo", "members": ["mlp", "nope"]}]}""");
        Assert.Contains("combination 'combo': key 'members'", Assert.Throws<AlphaHost.Host.Plugins.PluginLoadException>(() => RunConfig.Load(path).CheckPlugins(TestPlugins.Registry)).Message);
    }

    [Fact]
    public void A_combination_is_a_compare_row_graded_by_the_evaluator_from_its_members_out_of_sample_factors()
    {
        var protocol = new RunConfig
        {
            Stocks = 20, Days = 170, Sampler = TestPlugins.Rolling(50, 25), Epochs = 1, EnsembleSeeds = 1,
            Combinations = [new CombinationSpec { Name = "combo", Combiner = new("ic_weighted", new System.Text.Json.Nodes.JsonObject { ["minDays"] = 5 }), Members = ["mlp"], Seeds = 2 }],
        };
        var log = new StringWriter();
        var rows = new ModelComparison(protocol, 3, dir, log, TestPlugins.Registry).Run(["mlp", "combo"], Path.Combine(dir, "table.md"), "alphahost compare (test)");
        Assert.Equal(["mlp", "combo"], rows.Select(r => r.Model));
        Assert.Contains($"member mlp: out-of-sample factor from {Path.Combine(dir, "mlp", "factor.csv")}", log.ToString()); // the mlp row's factor, not a refit
        Assert.True(File.Exists(Path.Combine(dir, "mlp@seed4", "factor.csv")));

        using var db = MarketDatabase.Open(Path.Combine(dir, "market.db"));
        var combo = rows[1];
        var graded = new MarketFactorEvaluation(db, FactorFile.Read(Path.Combine(dir, "combo", "factor.csv")), new EvaluationConfig { Horizon = 5 }, null).Result;
        Assert.Equal(graded.RankIcMean, combo.RankIc, 12);
        Assert.Equal(graded.Overall.AlphaSharpe, combo.AlphaSharpe, 12);
        Assert.Equal(rows[0].ScoredDays, combo.ScoredDays);

        // weights.csv: one line per retrain; the first fit has no realised evidence yet → equal weights.
        var weights = File.ReadAllLines(Path.Combine(dir, "combo", "weights.csv"));
        Assert.Equal("fit_date,mlp,mlp@seed4", weights[0]);
        Assert.True(weights.Length >= 3, string.Join("\n", weights));
        Assert.Equal(["0.5", "0.5"], weights[1].Split(',')[1..]);

        // Each scored day is exactly the members' scores combined with the weights of the fit that scored it.
        using var panel = ResearchPanel.Load(Path.Combine(dir, "market.db"));
        var members = new[] { "mlp", "mlp@seed4" }.Select(m => FactorCsv.Read(Path.Combine(dir, m, "factor.csv"), panel.Dates, panel.Codes)).ToArray();
        var combined = FactorCsv.Read(Path.Combine(dir, "combo", "factor.csv"), panel.Dates, panel.Codes);
        var fits = weights[1..].Select(l => l.Split(',')).Select(p => (Date: DateOnly.Parse(p[0], CultureInfo.InvariantCulture), W: p[1..].Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray())).ToArray();
        int checkedDays = 0;
        foreach (int d in combined.ScoredDays)
        {
            var w = fits.Last(f => f.Date < panel.Dates[d]).W;
            var expected = CombinationHistory.Combine(members.Select(m => m[d]).ToArray(), w, panel.Stocks);
            for (int s = 0; s < panel.Stocks; s++)
                if (double.IsFinite(expected[s])) Assert.Equal(expected[s], combined[d]![s], 12);
            checkedDays++;
        }
        Assert.Equal(combo.ScoredDays, checkedDays);
        Assert.Contains("| combo |", File.ReadAllText(Path.Combine(dir, "table.md")));
    }
}

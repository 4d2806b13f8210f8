using AlphaHost.Plugins.Trees;
using AlphaHost.Sdk.Plugins;
using TorchSharp;

namespace AlphaHost.Plugins.Trees.Tests;

public class TreeModelTests
{
    private static readonly string[] Fields = ["open", "close", "volume"];
    private const int Lookback = 4;

    /// <summary>
    /// Rows of random pictures [3 fields × 4 days] whose label is planted on one cell:
    /// label = sign-preserving cube of volume at the last day + small noise (a nonlinear effect the
    /// trees must find among 12 columns, 11 of them pure noise).
    /// </summary>
    private static TabularData Planted(int rows, int seed)
    {
        var rng = new Random(seed);
        int columns = Fields.Length * Lookback;
        var pictures = new float[rows * columns];
        var labels = new float[rows];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++) pictures[r * columns + c] = (float)(rng.NextDouble() * 2 - 1);
            double planted = pictures[r * columns + 2 * Lookback + Lookback - 1]; // volume, fit day
            labels[r] = (float)(planted * planted * planted + 0.05 * (rng.NextDouble() - 0.5));
        }
        return new TabularData(pictures, labels, Enumerable.Range(0, rows).Select(r => r / 50).ToArray(), new ModelShape(Fields.Length, Lookback), Fields);
    }

    private static T Fitted<T, TConfig>(TConfig config, TabularData data) where T : TreeModel<TConfig>, new() where TConfig : TreeConfig, new()
    {
        var model = new T();
        model.Configure(config);
        model.Build(data.Shape);
        model.Fit(data);
        return model;
    }

    /// <summary>Scores of rows as one day [1, rows, F, T] through forward.</summary>
    private static float[] Scores(IModel model, TabularData data)
    {
        using var scope = torch.NewDisposeScope();
        var pictures = torch.tensor(data.Pictures, [1, data.Rows, Fields.Length, Lookback]);
        var mask = torch.ones(1, data.Rows, torch.ScalarType.Bool);
        return model.forward(pictures, mask).data<float>().ToArray();
    }

    private static double Pearson(float[] x, float[] y)
    {
        double mx = x.Average(v => (double)v), my = y.Average(v => (double)v), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.Length; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx); syy += (y[i] - my) * (y[i] - my); }
        return sxy / Math.Sqrt(sxx * syy);
    }

    [Fact]
    public void Forest_and_boosting_learn_the_planted_cell_and_rank_it_most_important()
    {
        var train = Planted(1500, 1);
        var test = Planted(500, 2);
        using var forest = Fitted<RandomForestModel, ForestConfig>(new ForestConfig { Trees = 30, MinLeafRows = 10, Seed = 3 }, train);
        using var boosted = Fitted<BoostedTreesModel, BoostedConfig>(new BoostedConfig { Trees = 30, MinLeafRows = 10, Seed = 3 }, train);
        foreach (var model in new ISelfFittingModel[] { forest, boosted })
        {
            var name = ((IModel)model).Info.Name;
            Assert.True(Pearson(Scores((IModel)model, test), test.Labels) > 0.8, $"{name} out of sample");
            var importance = model.FeatureImportance;
            Assert.Equal(Fields.Length * Lookback, importance.Count);
            Assert.Equal(1.0, importance.Sum(), 6);
            int top = Enumerable.Range(0, importance.Count).MaxBy(i => importance[i]);
            Assert.Equal(2 * Lookback + Lookback - 1, top); // volume at the fit day
            Assert.True(importance[top] > 0.5, $"{name}: the planted cell has {importance[top]:P0} of the gain");
        }
    }

    [Fact]
    public void Same_seed_gives_the_same_scores_and_another_seed_other_trees()
    {
        var train = Planted(600, 5);
        var test = Planted(100, 6);
        var config = new ForestConfig { Trees = 10, MinLeafRows = 10, Seed = 11 };
        using var a = Fitted<RandomForestModel, ForestConfig>(config, train);
        using var b = Fitted<RandomForestModel, ForestConfig>(config, train);
        using var c = Fitted<RandomForestModel, ForestConfig>(config with { Seed = 12 }, train);
        Assert.Equal(Scores(a, test), Scores(b, test));
        Assert.NotEqual(Scores(a, test), Scores(c, test));
        var boostedConfig = new BoostedConfig { Trees = 10, MinLeafRows = 10, Seed = 11 };
        using var d = Fitted<BoostedTreesModel, BoostedConfig>(boostedConfig, train);
        using var e = Fitted<BoostedTreesModel, BoostedConfig>(boostedConfig, train);
        Assert.Equal(Scores(d, test), Scores(e, test));
    }

    [Fact]
    public void Padded_stocks_score_zero_and_do_not_change_the_others()
    {
        var train = Planted(400, 7);
        var test = Planted(6, 8);
        using var model = Fitted<BoostedTreesModel, BoostedConfig>(new BoostedConfig { Trees = 5, MinLeafRows = 10 }, train);
        using var scope = torch.NewDisposeScope();
        var pictures = torch.tensor(test.Pictures, [1, 6, Fields.Length, Lookback]);
        var all = model.forward(pictures, torch.ones(1, 6, torch.ScalarType.Bool)).data<float>().ToArray();
        var mask = torch.tensor(new[] { true, true, true, true, false, false }).reshape(1, 6);
        var masked = model.forward(pictures, mask).data<float>().ToArray();
        Assert.Equal(all[..4], masked[..4]);
        Assert.Equal([0f, 0f], masked[4..]);
        Assert.Empty(model.Network.parameters());
    }

    [Fact]
    public void Scoring_before_fitting_and_bad_configs_are_refused_by_name()
    {
        using var model = new RandomForestModel();
        model.Build(new ModelShape(3, 4));
        using var scope = torch.NewDisposeScope();
        var e = Assert.Throws<InvalidOperationException>(() => model.forward(torch.zeros(1, 2, 3, 4), torch.ones(1, 2, torch.ScalarType.Bool)));
        Assert.Contains("random_forest", e.Message);
        var bad = Assert.Throws<ConfigException>(() => ConfigSchema.Bind<BoostedConfig>(new ConfigLayer("run.json", new System.Text.Json.Nodes.JsonObject { ["learningRate"] = 0, ["leaves"] = 1 })));
        Assert.Contains("key 'learningRate'", bad.Message);
        Assert.Contains("key 'leaves'", bad.Message);
    }
}

using AlphaHost.Sdk.Plugins;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using TorchSharp;
using static TorchSharp.torch;

namespace AlphaHost.Plugins.Trees;

/// <summary>Settings shared by both tree ensembles (plugin config keys).</summary>
public record TreeConfig : PluginConfig
{
    public int Trees { get; init; } = 100;
    public int Leaves { get; init; } = 20;
    /// <summary>Fewest training rows in a leaf: larger smooths the noisy return labels.</summary>
    public int MinLeafRows { get; init; } = 50;
    /// <summary>Share of the picture cells each tree (forest) or iteration (boosting) may split on.</summary>
    public double FeatureFraction { get; init; } = 0.7;
    /// <summary>Seed of the bagging and feature sampling; ensemble members get their own.</summary>
    public int Seed { get; init; }
    /// <summary>Threads ML.NET uses; 1 keeps the trees identical from run to run.</summary>
    public int Threads { get; init; } = 1;

    public override IEnumerable<ConfigError> Validate()
    {
        if (Trees < 1) yield return new(nameof(Trees), "an integer >= 1", Trees);
        if (Leaves < 2) yield return new(nameof(Leaves), "an integer >= 2", Leaves);
        if (MinLeafRows < 1) yield return new(nameof(MinLeafRows), "an integer >= 1", MinLeafRows);
        if (!(FeatureFraction is > 0 and <= 1)) yield return new(nameof(FeatureFraction), "a number in (0, 1]", FeatureFraction);
        if (Threads < 1) yield return new(nameof(Threads), "an integer >= 1", Threads);
    }
}

public sealed record ForestConfig : TreeConfig
{
    /// <summary>Share of the training rows each tree is grown on (bagging).</summary>
    public double RowFraction { get; init; } = 0.7;

    public override IEnumerable<ConfigError> Validate()
    {
        foreach (var e in base.Validate()) yield return e;
        if (!(RowFraction is > 0 and <= 1)) yield return new(nameof(RowFraction), "a number in (0, 1]", RowFraction);
    }
}

public sealed record BoostedConfig : TreeConfig
{
    public double LearningRate { get; init; } = 0.1;

    public override IEnumerable<ConfigError> Validate()
    {
        foreach (var e in base.Validate()) yield return e;
        if (!(LearningRate is > 0 and <= 1)) yield return new(nameof(LearningRate), "a number in (0, 1]", LearningRate);
    }
}

/// <summary>ML.NET's view of one row: the flattened picture and its label.</summary>
public sealed class TreeRow
{
    public float Label;
    public float[] Features = [];
}

/// <summary>
/// A tree ensemble over the flattened data picture [F·T], fitted by the host through
/// <see cref="ISelfFittingModel"/> on the training days (regressing the label's value: a return,
/// a rank, or the class index / 0-1 of class and binary labels) and scoring through forward.
/// Its <see cref="Network"/> holds no parameters; the trees live in ML.NET.
/// </summary>
public abstract class TreeModel<TConfig> : IModel, ISelfFittingModel, IConfigurable<TConfig> where TConfig : TreeConfig, new()
{
    private nn.Module? network;
    private MLContext? ml;
    private ITransformer? trees;
    private SchemaDefinition? schema;
    private double[] importance = [];

    protected TConfig Config { get; private set; } = new();
    public void Configure(TConfig config) => Config = config;
    public abstract PluginInfo Info { get; }
    public ModelShape Shape { get; private set; } = new(0, 0);
    public nn.Module Network => network ?? throw new InvalidOperationException($"{Info.Name}: call Build before using the model");
    public IReadOnlyList<double> FeatureImportance => importance;

    public void Build(ModelShape shape)
    {
        Shape = shape;
        network?.Dispose();
        network = nn.Sequential();
        trees = null;
        importance = [];
    }

    /// <summary>The trainer for these settings (forest or boosting), seeded and single-threaded by default.</summary>
    protected abstract (IEstimator<ITransformer> Trainer, Func<ITransformer, VBuffer<float>> Gains) Trainer(MLContext ml);

    public void Fit(TabularData train)
    {
        if (train.Shape.Features != Shape.Features || train.Shape.Lookback != Shape.Lookback)
            throw new ArgumentException($"{Info.Name}: built for pictures {Shape.Features}x{Shape.Lookback}, given {train.Shape.Features}x{train.Shape.Lookback}");
        if (train.Rows < 2 * Config.MinLeafRows)
            throw new ArgumentException($"{Info.Name}: {train.Rows} training rows, fewer than 2 x minLeafRows ({Config.MinLeafRows}); lower minLeafRows or train on more days");
        ml = new MLContext(Config.Seed);
        schema = SchemaDefinition.Create(typeof(TreeRow));
        schema[nameof(TreeRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, train.Columns);
        var (trainer, gains) = Trainer(ml);
        trees = trainer.Fit(ml.Data.LoadFromEnumerable(Rows(train.Pictures, train.Labels, train.Columns), schema));
        var g = gains(trees).DenseValues().Select(v => (double)v).ToArray();
        double total = g.Sum();
        importance = total > 0 ? g.Select(v => v / total).ToArray() : g;
    }

    private static IEnumerable<TreeRow> Rows(float[] pictures, float[]? labels, int columns)
    {
        int rows = pictures.Length / columns;
        for (int r = 0; r < rows; r++)
            yield return new TreeRow { Label = labels?[r] ?? 0, Features = pictures.AsSpan(r * columns, columns).ToArray() };
    }

    /// <summary>Scores [B, N]: the trees' prediction for each real stock, 0 for padding.</summary>
    public Tensor forward(Tensor pictures, Tensor mask)
    {
        if (trees is null || ml is null || schema is null) throw new InvalidOperationException($"{Info.Name}: not fitted; the host fits it through ISelfFittingModel.Fit");
        using var scope = torch.NewDisposeScope();
        long b = pictures.size(0), n = pictures.size(1);
        int columns = Shape.Features * Shape.Lookback;
        var flat = pictures.reshape(b * n, columns).to(ScalarType.Float32).cpu().data<float>().ToArray();
        var scored = trees.Transform(ml.Data.LoadFromEnumerable(Rows(flat, null, columns), schema));
        var predictions = scored.GetColumn<float>("Score").ToArray();
        var output = torch.tensor(predictions, [b, n], ScalarType.Float32).to(pictures.device);
        return output.masked_fill(mask.logical_not(), 0).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        network?.Dispose();
        network = null;
        GC.SuppressFinalize(this);
    }
}

/// <summary>Random forest (ML.NET FastForest): bagged regression trees, averaged.</summary>
public sealed class RandomForestModel : TreeModel<ForestConfig>
{
    public override PluginInfo Info { get; } = new("random_forest", "1.0.0", PluginFamily.Model,
        "random forest on the flattened data picture (ML.NET FastForest), split-gain feature importance", ConfigSchema.KeysOf<ForestConfig>());

    protected override (IEstimator<ITransformer>, Func<ITransformer, VBuffer<float>>) Trainer(MLContext ml)
    {
        var trainer = ml.Regression.Trainers.FastForest(new FastForestRegressionTrainer.Options
        {
            NumberOfTrees = Config.Trees,
            NumberOfLeaves = Config.Leaves,
            MinimumExampleCountPerLeaf = Config.MinLeafRows,
            FeatureFraction = Config.FeatureFraction,
            BaggingExampleFraction = Config.RowFraction,
            NumberOfThreads = Config.Threads,
            Seed = Config.Seed,
            FeatureSelectionSeed = Config.Seed,
        });
        return (trainer, t => Gains(((RegressionPredictionTransformer<FastForestRegressionModelParameters>)t).Model));
    }

    private static VBuffer<float> Gains(FastForestRegressionModelParameters model)
    {
        VBuffer<float> weights = default;
        model.GetFeatureWeights(ref weights);
        return weights;
    }
}

/// <summary>Gradient-boosted regression trees (ML.NET FastTree, MART).</summary>
public sealed class BoostedTreesModel : TreeModel<BoostedConfig>
{
    public override PluginInfo Info { get; } = new("gbdt", "1.0.0", PluginFamily.Model,
        "gradient-boosted trees on the flattened data picture (ML.NET FastTree), split-gain feature importance", ConfigSchema.KeysOf<BoostedConfig>());

    protected override (IEstimator<ITransformer>, Func<ITransformer, VBuffer<float>>) Trainer(MLContext ml)
    {
        var trainer = ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
        {
            NumberOfTrees = Config.Trees,
            NumberOfLeaves = Config.Leaves,
            MinimumExampleCountPerLeaf = Config.MinLeafRows,
            FeatureFraction = Config.FeatureFraction,
            LearningRate = Config.LearningRate,
            NumberOfThreads = Config.Threads,
            Seed = Config.Seed,
            FeatureSelectionSeed = Config.Seed,
        });
        return (trainer, t => Gains(((RegressionPredictionTransformer<FastTreeRegressionModelParameters>)t).Model));
    }

    private static VBuffer<float> Gains(FastTreeRegressionModelParameters model)
    {
        VBuffer<float> weights = default;
        model.GetFeatureWeights(ref weights);
        return weights;
    }
}

using System.Text.Json.Nodes;
using AlphaHost.Host.Plugins;
using AlphaHost.Sdk.Plugins;
using AlphaHost.Sdk.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace AlphaHost.Host.Research;

/// <summary>
/// What to fit: model, loss and label plugins (each a name and its config), normalisation, trainer
/// and ensemble settings, the device it computes on (cpu, cuda, cuda:N) and the pictures' lookback.
/// ShuffleLabels is the control experiment: labels are permuted across each day's stocks, so
/// nothing is learnable. Embeddings (an asset embedder plugin) join each asset's embedding,
/// pre-trained on the fit's training days, to its picture; Combos add long/short combo rows to
/// every training day (never to validation or scored days).
/// </summary>
public sealed record FitSpec(
    PluginChoice Model,
    PluginChoice Loss,
    PluginChoice Label,
    Normalization Normalization,
    TrainerConfig Trainer,
    int EnsembleSeeds = 1,
    bool ShuffleLabels = false,
    string Device = "cpu",
    int Lookback = ResearchPanel.DefaultLookback,
    PluginChoice? Embeddings = null,
    ComboAugmentation? Combos = null,
    PictureKind Picture = PictureKind.Daily)
{
    /// <summary>The same fit for another model.</summary>
    public FitSpec For(PluginChoice model) => this with { Model = model };
}

/// <summary>
/// One day's model output by panel slot: the score (what trades and is graded; NaN where not
/// scored) and, for a binary or class head or several outputs, every output per stock row-major
/// [S, Width]: P(class 1) for a binary head, the class probabilities for a class head, the raw
/// outputs (one per label horizon) for a regression head. Null when the score is all there is.
/// </summary>
public sealed record DayOutputs(double[] Scores, double[]? PerOutput, int Width);

/// <summary>A model fitted at one retrain: its normaliser, its members (an ensemble averages their scores) and training curves.</summary>
public sealed class FittedModel(int retrain, int fittedOn, PictureNormalizer normalizer, IReadOnlyList<IModel> members, IReadOnlyList<EpochProgress> curve,
    Device? device = null, ModelShape? shape = null) : IDisposable
{
    private readonly Device device = device ?? CPU;

    public int Retrain { get; } = retrain;
    /// <summary>The day index whose close the fit used data up to.</summary>
    public int FittedOn { get; } = fittedOn;
    public PictureNormalizer Normalizer { get; } = normalizer;
    public IReadOnlyList<IModel> Members { get; } = members;
    public IReadOnlyList<EpochProgress> Curve { get; } = curve;
    /// <summary>The head the members were built with (a regression head of one output when not given).</summary>
    public ModelShape Shape { get; } = shape ?? new ModelShape(0, 0);
    /// <summary>The embeddings joined to every picture this fit scores (pre-trained on its training days), or null.</summary>
    public AssetEmbeddingInputs? Embeddings { get; init; }

    /// <summary>Scores of the day's eligible stocks (mean over members), NaN for the others: [S] by panel slot.</summary>
    public double[] Score(ResearchPanel panel, int day) => Outputs(panel, day).Scores;

    /// <summary>The day's scores and per-output values (each the mean over members; see <see cref="DayOutputs"/>).</summary>
    public DayOutputs Outputs(ResearchPanel panel, int day)
    {
        var scores = new double[panel.Stocks];
        Array.Fill(scores, double.NaN);
        int width = Shape.Width;
        bool perOutput = Shape.Head != ModelHead.Regression || width > 1;
        double[]? outputs = perOutput ? new double[panel.Stocks * width] : null;
        if (outputs is not null) Array.Fill(outputs, double.NaN);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        using var sample = DaySamples.Build(panel, Normalizer, day, embeddings: Embeddings);
        if (sample.Stocks.Length == 0) return new DayOutputs(scores, outputs, width);
        var batch = DaySamples.Batch([sample], device);
        int n = sample.Stocks.Length;
        var sum = new double[n];
        var sumOutputs = new double[n * width];
        foreach (var member in Members)
        {
            member.Network.eval();
            var output = member.forward(batch.Pictures, batch.Mask);
            var s = ModelOutputs.Scores(output, Shape.Head).select(0, 0).to(ScalarType.Float64).cpu().data<double>().ToArray();
            for (int i = 0; i < n; i++) sum[i] += s[i] / Members.Count;
            if (outputs is null) continue;
            var o = ModelOutputs.PerOutput(output, Shape.Head).select(0, 0).to(ScalarType.Float64).cpu().contiguous().data<double>().ToArray();
            for (int i = 0; i < n * width; i++) sumOutputs[i] += o[i] / Members.Count;
        }
        for (int i = 0; i < n; i++)
        {
            long slot = sample.Stocks[i];
            scores[slot] = sum[i];
            if (outputs is not null) Array.Copy(sumOutputs, i * width, outputs, slot * width, width);
        }
        return new DayOutputs(scores, outputs, width);
    }

    public void Dispose()
    {
        foreach (var m in Members) m.Dispose();
    }
}

/// <summary>
/// Fits a model at a retrain day from history only: the sampler's train/validation windows end at
/// the last day whose label is fully known at that day's close (label of day d needs d + H + 1).
/// Model, loss and label come from the plugin registry, a fresh instance per fit and member.
/// </summary>
public sealed class ModelFitter : IDisposable
{
    private readonly PluginRegistry plugins;
    private readonly ResearchPanel panel;
    private readonly ILabel label;
    private readonly Device device;
    private LabelResult? labels;

    public ModelFitter(FitSpec spec, ResearchPanel panel, PluginRegistry plugins)
    {
        if (spec.Lookback != panel.Lookback)
            throw new ArgumentException($"the fit wants pictures of {spec.Lookback} days but the research panel holds {panel.Lookback}");
        if (spec.Picture != panel.Picture)
            throw new ArgumentException($"the fit wants {spec.Picture} pictures but the research panel holds {panel.Picture} ones");
        Spec = spec;
        this.panel = panel;
        this.plugins = plugins;
        label = plugins.Create<ILabel>(spec.Label);
        if (spec.Combos is not null && label.Kind != LabelKind.Continuous)
            throw new ArgumentException($"combos: a combo's label is the weighted sum of its legs' labels, which needs a continuous label; {spec.Label.Name} is {label.Kind}");
        device = TorchDevices.Parse(spec.Device);
    }

    public FitSpec Spec { get; }
    public ResearchPanel Panel => panel;

    /// <summary>Forward days the label looks; every grade of this fit uses the same horizon.</summary>
    public int Horizon => label.Horizon;

    /// <summary>Days after its date at which a label is known: entry next bar, exit H bars later.</summary>
    public int LabelLag => label.Horizon + 1;

    /// <summary>Labels of the whole panel; a label at d is read only when d + LabelLag ≤ the fit day.</summary>
    public LabelResult Labels => labels ??= Keep(label.Compute(panel.LabelPanel()));

    private static LabelResult Keep(LabelResult r) => new(r.Values.DetachFromDisposeScope(), r.Mask.DetachFromDisposeScope());

    /// <summary>A copy of the day with its labels permuted; it owns only the new labels (the rest is shared with <paramref name="s"/>).</summary>
    private static DaySample Shuffled(DaySample s, Random rng)
    {
        var order = Enumerable.Range(0, s.Stocks.Length).OrderBy(_ => rng.Next()).Select(i => (long)i).ToArray();
        using var index = torch.tensor(order);
        var labels = s.Labels.index_select(0, index).DetachFromDisposeScope();
        return new DaySample { Day = s.Day, Stocks = s.Stocks, Pictures = s.Pictures, Labels = labels, LabelMask = s.LabelMask, Liquidity = s.Liquidity };
    }

    /// <summary>Fits the ensemble; <paramref name="cancel"/> stops it between batches (OperationCanceledException).</summary>
    public FittedModel Fit(SampleSplit split, int today, int retrain, int seed, Action<EpochProgress>? progress = null, CancellationToken cancel = default) =>
        Fit([split], today, retrain, seed, progress, cancel);

    /// <summary>
    /// Fits the ensemble on every fold (K-fold samplers give several): each fold trains its members
    /// on its own train days and early-stops on its own validation block; the fitted model averages
    /// every fold's members. The normaliser is fitted on the pictures of every fold's train days
    /// (features only, no label). A fold's stock buckets (<see cref="SampleSplit.TrainStocks"/>)
    /// narrow its training days' stocks.
    /// </summary>
    public FittedModel Fit(IReadOnlyList<SampleSplit> folds, int today, int retrain, int seed, Action<EpochProgress>? progress = null, CancellationToken cancel = default)
    {
        if (folds.Count == 0) throw new ArgumentException("no fold to fit", nameof(folds));
        var (normalizer, embeddings) = Inputs(folds, today);
        var built = new Dictionary<(int Day, StockBuckets? Stocks), DaySample?>();
        DaySample? Sample(int day, StockBuckets? stocks)
        {
            if (built.TryGetValue((day, stocks), out var s)) return s;
            s = DaySamples.Build(panel, normalizer, day, Labels.Values, Labels.Mask, stocks, embeddings);
            if (s.Stocks.Length < 2) { s.Dispose(); s = null; }
            return built[(day, stocks)] = s;
        }
        var members = new List<IModel>();
        var fields = panel.PictureFields.Concat(embeddings?.FieldNames ?? []).ToArray();
        var shape = ModelOutputs.ShapeFor(label, fields.Length, panel.PictureLength);
        try
        {
            var curve = new List<EpochProgress>();
            for (int fold = 0; fold < folds.Count; fold++)
            {
                var split = folds[fold];
                var train = TrainDays(split).Select(d => Sample(d, split.TrainStocks)).OfType<DaySample>().ToList();
                var validation = Enumerable.Range(split.Validation.Start, split.Validation.Count).Select(d => Sample(d, null)).OfType<DaySample>().ToList();
                if (Spec.ShuffleLabels)
                {
                    var rng = new Random(seed * 7919 + retrain + 104729 * fold);
                    train = train.Select(s => Shuffled(s, rng)).ToList();
                    validation = validation.Select(s => Shuffled(s, rng)).ToList();
                }
                var augmented = Augmented(train, seed, retrain, fold);
                try
                {
                    var fitDays = augmented ?? train;
                    for (int k = 0; k < Spec.EnsembleSeeds; k++)
                    {
                        int memberSeed = seed * 1000 + retrain * 10 + fold * Spec.EnsembleSeeds + k;
                        torch.manual_seed(memberSeed); // initial weights of plugins that do not seed themselves
                        var model = plugins.Create<IModel>(Member(Spec.Model, memberSeed));
                        members.Add(model);
                        model.Build(shape);
                        model.Network.to(device);
                        if (model is ISelfFittingModel selfFitting) // trees: one pass over the same training days, no gradient trainer
                        {
                            selfFitting.Fit(Tabular(fitDays, shape, fields));
                            continue;
                        }
                        torch.manual_seed(memberSeed); // dropout masks
                        var trainer = new Trainer(Spec.Trainer, plugins.Create<ILoss>(Spec.Loss), device, shape);
                        curve.AddRange(trainer.Train(model, fitDays, validation.Count > 0 ? validation : fitDays, memberSeed, retrain, progress, cancel));
                    }
                }
                finally
                {
                    // Shuffled copies own only their labels; the shared samples are freed below.
                    if (Spec.ShuffleLabels) foreach (var s in train.Concat(validation)) s.Labels.Dispose();
                    augmented?.ForEach(s => s.Dispose());
                }
            }
            return new FittedModel(retrain, today, normalizer, members, curve, device, shape) { Embeddings = embeddings };
        }
        catch
        {
            foreach (var m in members) m.Dispose();
            throw;
        }
        finally
        {
            foreach (var s in built.Values) s?.Dispose();
        }
    }

    /// <summary>The training days as arrays for a model that fits itself: one row per (day, stock) with a known label.</summary>
    private static TabularData Tabular(IReadOnlyList<DaySample> days, ModelShape shape, IReadOnlyList<string> fields)
    {
        if (days.Count == 0) throw new InvalidOperationException("no training day with at least 2 labelled stocks; use a longer market or more training days");
        using var scope = torch.NewDisposeScope();
        var pictures = torch.cat(days.Select(d => d.Pictures.flatten(1)).ToArray()).to(ScalarType.Float32).data<float>().ToArray();
        var values = torch.cat(days.Select(d => d.Labels).ToArray()).to(ScalarType.Float32).data<float>().ToArray();
        var dayOf = days.SelectMany(d => Enumerable.Repeat(d.Day, d.Stocks.Length)).ToArray();
        return new TabularData(pictures, values, dayOf, shape, fields);
    }

    /// <summary>
    /// What a fit at <paramref name="today"/> learns before its model, from the folds' training days
    /// only (checked leak-free): the normaliser and, with <see cref="FitSpec.Embeddings"/>, the asset
    /// embeddings pre-trained on those days' returns.
    /// </summary>
    private (PictureNormalizer Normalizer, AssetEmbeddingInputs? Embeddings) Inputs(IReadOnlyList<SampleSplit> folds, int today)
    {
        var request = new SamplerRequest(panel.Dates, today, LabelLag);
        foreach (var split in folds)
            if (request.Leak(split) is { } leak) throw new InvalidOperationException($"refusing to fit on a leaking split: {leak}");
        var trainDays = folds.SelectMany(TrainDays).Distinct().Order().ToList();
        var normalizer = new PictureNormalizer(Spec.Normalization);
        normalizer.Fit(panel, trainDays);
        var embeddings = Spec.Embeddings is { } embedder ? AssetEmbeddingInputs.Pretrain(panel, trainDays, plugins.Create<IAssetEmbedder>(embedder)) : null;
        return (normalizer, embeddings);
    }

    /// <summary>The training days with their combo rows (<see cref="FitSpec.Combos"/>; a seeded draw per fit and fold), or null without combos.</summary>
    private List<DaySample>? Augmented(IReadOnlyList<DaySample> train, int seed, int retrain, int fold)
    {
        if (Spec.Combos is not { } combos) return null;
        var rng = new Random(seed * 7919 + retrain + 104729 * fold + 15485863);
        return train.Select(day => ComboRows.Augment(day, ComboRows.Draw(day.Stocks.Length, combos, rng))).ToList();
    }

    /// <summary>
    /// The training samples a single-fold fit at <paramref name="today"/> trains on (embeddings
    /// joined, combo rows appended), for inspection; the caller disposes them.
    /// </summary>
    public List<DaySample> TrainingSamples(SampleSplit split, int today, int seed, int retrain = 0)
    {
        var (normalizer, embeddings) = Inputs([split], today);
        var days = TrainDays(split).Select(d => DaySamples.Build(panel, normalizer, d, Labels.Values, Labels.Mask, split.TrainStocks, embeddings)).ToList();
        var kept = days.Where(s => s.Stocks.Length >= 2).ToList();
        foreach (var s in days.Except(kept)) s.Dispose();
        if (Augmented(kept, seed, retrain, 0) is not { } augmented) return kept;
        foreach (var s in kept) s.Dispose();
        return augmented;
    }

    /// <summary>A fold's train days that have a full picture's history.</summary>
    private IEnumerable<int> TrainDays(SampleSplit split) => split.TrainDays.Where(d => d >= panel.Lookback - 1);

    public void Dispose()
    {
        labels?.Values.Dispose();
        labels?.Mask.Dispose();
        (label as IDisposable)?.Dispose();
    }

    /// <summary>
    /// The model as an ensemble member: a plugin with a "seed" config key gets the member's seed
    /// (derived from the run seed, the retrain and the member), so members differ and reruns repeat.
    /// </summary>
    private PluginChoice Member(PluginChoice model, int memberSeed)
    {
        var keys = plugins.KeysOf(model.Name);
        if (!keys.Contains("seed")) return model;
        var config = model.Config is null ? new JsonObject() : (JsonObject)model.Config.DeepClone();
        config["seed"] = memberSeed;
        return model with { Config = config };
    }
}

/// <summary>How a model's output becomes one score per stock, by its head (see <see cref="ModelHead"/>).</summary>
public static class ModelOutputs
{
    /// <summary>The head a label's kind needs: one value per stock, one logit, or one logit per class.</summary>
    public static ModelHead HeadFor(LabelKind kind) => kind switch
    {
        LabelKind.Binary => ModelHead.Binary,
        LabelKind.Classes => ModelHead.Classes,
        _ => ModelHead.Regression,
    };

    /// <summary>The model shape a label needs: its head, its classes, one output per horizon.</summary>
    public static ModelShape ShapeFor(ILabel label, int features, int lookback) =>
        new(features, lookback, HeadFor(label.Kind), Math.Max(1, label.Classes), Math.Max(1, label.Horizons.Count));

    /// <summary>
    /// [B, N] scores: the output itself for a regression or binary head of one output (a logit ranks
    /// as its probability does); the last output (the label's longest horizon) of a head of several;
    /// the expected class Σ c·softmax(logits)_c for a class head [B, N, C].
    /// </summary>
    public static Tensor Scores(Tensor output, ModelHead head = ModelHead.Regression)
    {
        if (output.dim() != 3) return output;
        if (head != ModelHead.Classes) return output.select(2, -1);
        using var scope = torch.NewDisposeScope();
        var classes = torch.arange(output.size(2), output.dtype, output.device);
        return (output.softmax(-1) * classes).sum(-1).MoveToOuterDisposeScope();
    }

    /// <summary>[B, N, W]: P(class 1) of each binary output, the class probabilities, or the raw outputs of a regression head.</summary>
    public static Tensor PerOutput(Tensor output, ModelHead head)
    {
        var wide = output.dim() == 3 ? output : output.unsqueeze(2);
        return head switch
        {
            ModelHead.Binary => wide.sigmoid(),
            ModelHead.Classes => wide.softmax(-1),
            _ => wide.alias(),
        };
    }

    /// <summary>
    /// The loss of a batch: as the loss plugin defines it for one output (or a class head), the mean
    /// over outputs for a head of several (one per label horizon), each output against its own labels.
    /// </summary>
    public static Tensor Loss(ILoss loss, Tensor output, DayBatch batch, ModelHead head)
    {
        bool severalLabels = batch.Labels.dim() == 3;
        bool severalOutputs = output.dim() == 3 && head != ModelHead.Classes;
        if (severalLabels != severalOutputs || (severalLabels && output.size(2) != batch.Labels.size(2)))
            throw new InvalidOperationException($"the model gives [{string.Join(", ", output.shape)}] but the label has {(severalLabels ? batch.Labels.size(2) : 1)} output(s) per stock; "
                + "a label of several horizons needs a model whose head honours ModelShape.Outputs (every built-in DayModel does)");
        if (!severalLabels) return loss.Compute(new LossInput(output, batch.Labels, batch.Mask, batch.Liquidity));
        using var scope = torch.NewDisposeScope();
        long k = output.size(2);
        Tensor sum = loss.Compute(new LossInput(output.select(2, 0), batch.Labels.select(2, 0), batch.Mask, batch.Liquidity));
        for (long i = 1; i < k; i++) sum = sum + loss.Compute(new LossInput(output.select(2, i), batch.Labels.select(2, i), batch.Mask, batch.Liquidity));
        return (sum / k).MoveToOuterDisposeScope();
    }
}

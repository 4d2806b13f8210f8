using AlphaHost.Sdk.Statistics;
using AlphaHost.Host.Grading;
using AlphaHost.Sdk.Plugins;
using TorchSharp;
using static TorchSharp.torch;

namespace AlphaHost.Host.Research;

public enum EarlyStopMetric { Loss, Icir, CappedPortfolio }

/// <summary>The optimiser: AdamW, or RMSprop (with momentum, as the AlphaNet v1/v3 note trains).</summary>
public enum OptimizerKind { AdamW, RmsProp }

/// <summary>Trainer settings (the run config's "trainer" section).</summary>
public sealed record TrainerConfig : PluginConfig
{
    public int Epochs { get; init; } = 8;
    public int Patience { get; init; } = 3;
    public int DaysPerBatch { get; init; } = 4;
    public double LearningRate { get; init; } = 1e-3;
    public double WeightDecay { get; init; } = 1e-4;
    public double ClipNorm { get; init; } = 1.0;
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.AdamW;
    /// <summary>RMSprop's momentum (PyTorch's default 0; the AlphaNet v1/v3 note: 0.9). AdamW has its own betas.</summary>
    public double Momentum { get; init; }
    public EarlyStopMetric EarlyStop { get; init; } = EarlyStopMetric.Icir;
    /// <summary>Liquidity-capped validation portfolio: capital, share of a stock's traded value one buy may take, names held.</summary>
    public double Capital { get; init; } = 150_000_000;
    public double LiquidityShare { get; init; } = 0.1;
    public int TopN { get; init; } = 50;

    public override IEnumerable<ConfigError> Validate()
    {
        if (Epochs < 1) yield return new(nameof(Epochs), "an integer >= 1", Epochs);
        if (DaysPerBatch < 1) yield return new(nameof(DaysPerBatch), "an integer >= 1", DaysPerBatch);
        if (!(LearningRate > 0)) yield return new(nameof(LearningRate), "a positive number", LearningRate);
        if (Momentum is < 0 or >= 1 || double.IsNaN(Momentum)) yield return new(nameof(Momentum), "a number in [0, 1)", Momentum);
        if (Momentum > 0 && Optimizer != OptimizerKind.RmsProp) yield return new(nameof(Momentum), "0 unless the optimizer is rmsprop", Momentum);
        if (!(Capital > 0)) yield return new(nameof(Capital), "a positive amount", Capital);
        if (TopN < 1) yield return new(nameof(TopN), "an integer >= 1", TopN);
        if (LiquidityShare is <= 0 or > 1) yield return new(nameof(LiquidityShare), "a number in (0, 1]", LiquidityShare);
    }
}

/// <summary>One epoch's progress, streamed to the panel and the log.</summary>
public sealed record EpochProgress(int Retrain, int Epoch, double TrainLoss, double ValidationLoss, double ValidationMetric, bool Best)
{
    /// <summary>The log line of the epoch, e.g. "epoch 2: train loss -0.1099, validation loss -0.0835, Icir 0.6765 *" (* = best so far).</summary>
    public string Describe(EarlyStopMetric metric) => System.FormattableString.Invariant(
        $"epoch {Epoch}: train loss {TrainLoss:F4}, validation loss {ValidationLoss:F4}, {metric} {ValidationMetric:F4}{(Best ? " *" : "")}");
}

/// <summary>Validation results of one pass: mean loss, daily RankIC series, and the metric early stopping uses.</summary>
public sealed record Validation(double Loss, double RankIcMean, double Icir, double CappedReturn);

/// <summary>
/// Trains a model on whole days: epochs over shuffled training days (a few days per step), the
/// configured loss and optimiser, gradient clipping, and early stopping on a validation metric,
/// keeping the best epoch's weights (restored at the end).
/// </summary>
public sealed class Trainer(TrainerConfig config, ILoss loss, Device? device = null, ModelShape? shape = null)
{
    public TrainerConfig Config { get; } = config;

    /// <summary>The model's head: how outputs meet labels in the loss and become scores (one regression output when not given).</summary>
    public ModelHead Head { get; } = shape?.Head ?? ModelHead.Regression;

    /// <summary>Where batches go; the model's network must already be there.</summary>
    public Device Device { get; } = device ?? CPU;

    public IReadOnlyList<EpochProgress> Train(IModel model, IReadOnlyList<DaySample> train, IReadOnlyList<DaySample> validation,
        int seed, int retrain = 0, Action<EpochProgress>? progress = null, CancellationToken cancel = default)
    {
        var curve = new List<EpochProgress>();
        var parameters = model.Network.parameters().ToList();
        using var optimizer = Optimizer(parameters);
        var rng = new Random(seed);
        double best = double.NegativeInfinity;
        Dictionary<string, Tensor>? bestState = null;
        int sinceBest = 0;
        try
        {
            for (int epoch = 1; epoch <= Config.Epochs; epoch++)
            {
                model.Network.train();
                var order = Enumerable.Range(0, train.Count).OrderBy(_ => rng.Next()).ToArray();
                double lossSum = 0;
                int steps = 0;
                for (int start = 0; start < order.Length; start += Config.DaysPerBatch)
                {
                    cancel.ThrowIfCancellationRequested(); // between batches: a stopping run does not wait for the epoch
                    using var scope = torch.NewDisposeScope();
                    var days = order.Skip(start).Take(Config.DaysPerBatch).Select(i => train[i]).ToList();
                    var batch = DaySamples.Batch(days, Device);
                    optimizer.zero_grad();
                    var value = ModelOutputs.Loss(loss, model.forward(batch.Pictures, batch.Mask), batch, Head);
                    value.backward();
                    nn.utils.clip_grad_norm_(parameters, Config.ClipNorm);
                    optimizer.step();
                    lossSum += value.ToDouble();
                    steps++;
                }
                cancel.ThrowIfCancellationRequested();
                var v = Validate(model, validation);
                double metric = Config.EarlyStop switch
                {
                    EarlyStopMetric.Loss => -v.Loss,
                    EarlyStopMetric.Icir => v.Icir,
                    _ => v.CappedReturn,
                };
                bool improved = bestState is null || metric > best;
                var point = new EpochProgress(retrain, epoch, lossSum / Math.Max(1, steps), v.Loss, Config.EarlyStop == EarlyStopMetric.Loss ? v.Loss : metric, improved);
                curve.Add(point);
                progress?.Invoke(point);
                if (improved)
                {
                    best = metric;
                    sinceBest = 0;
                    Free(bestState);
                    bestState = Snapshot(model.Network);
                }
                else if (++sinceBest >= Config.Patience)
                {
                    break;
                }
            }
            if (bestState is not null) model.Network.load_state_dict(bestState);
        }
        finally
        {
            Free(bestState);
        }
        model.Network.eval();
        return curve;
    }

    /// <summary>The configured optimiser over <paramref name="parameters"/>.</summary>
    public optim.Optimizer Optimizer(IEnumerable<TorchSharp.Modules.Parameter> parameters) => Config.Optimizer switch
    {
        // L2 weight decay, as torch.optim.RMSprop applies it; alpha 0.99 and eps 1e-8 are PyTorch's defaults.
        OptimizerKind.RmsProp => optim.RMSProp(parameters, lr: Config.LearningRate, alpha: 0.99, eps: 1e-8, weight_decay: Config.WeightDecay, momentum: Config.Momentum),
        // Decoupled weight decay set explicitly: TorchSharp's AdamW defaults to 0 (PyTorch: 0.01).
        _ => optim.AdamW(parameters, lr: Config.LearningRate, weight_decay: Config.WeightDecay),
    };

    /// <summary>Loss and RankIC of the model on held-out days, and the liquidity-capped top-n return.</summary>
    public Validation Validate(IModel model, IReadOnlyList<DaySample> days)
    {
        model.Network.eval();
        using var noGrad = torch.no_grad();
        double lossSum = 0, cappedSum = 0;
        var rankIcs = new List<double>();
        foreach (var day in days)
        {
            using var scope = torch.NewDisposeScope();
            var batch = DaySamples.Batch([day], Device);
            var scores = model.forward(batch.Pictures, batch.Mask);
            lossSum += ModelOutputs.Loss(loss, scores, batch, Head).ToDouble();
            var s = ModelOutputs.Scores(scores, Head).select(0, 0).to(ScalarType.Float64).cpu().data<double>().ToArray();
            // Graded on the label of the traded output (the longest horizon of a label of several).
            var y = (day.Labels.dim() == 2 ? day.Labels.select(1, -1) : day.Labels).to(ScalarType.Float64).contiguous().data<double>().ToArray();
            if (y.Length >= 2)
            {
                double ic = RankCorrelation.Spearman(s, y);
                if (!double.IsNaN(ic)) rankIcs.Add(ic);
            }
            cappedSum += CappedTopNReturn(s, y, day.Liquidity.to(ScalarType.Float64).data<double>().ToArray());
        }
        double mean = rankIcs.Count > 0 ? rankIcs.Average() : 0;
        double std = rankIcs.Count > 1 ? Math.Sqrt(rankIcs.Sum(v => (v - mean) * (v - mean)) / (rankIcs.Count - 1)) : 0;
        return new Validation(lossSum / Math.Max(1, days.Count), mean, std > 0 ? mean / std : 0, cappedSum / Math.Max(1, days.Count));
    }

    /// <summary>
    /// The validation score traders care about (the losses note): the capital buys the top-n scores
    /// in proportion to each stock's traded value l_i (capital × l_i / Σ l), each buy capped at a
    /// share of l_i; uninvested capital earns 0. Return on the capital.
    /// </summary>
    public double CappedTopNReturn(double[] scores, double[] returns, double[] tradedValue)
    {
        var top = Enumerable.Range(0, scores.Length).Where(i => double.IsFinite(scores[i]) && double.IsFinite(returns[i]))
            .OrderByDescending(i => scores[i]).Take(Config.TopN).ToArray();
        double liquidity = top.Sum(i => double.IsFinite(tradedValue[i]) ? Math.Max(0, tradedValue[i]) : 0);
        if (!(liquidity > 0)) return 0;
        double gain = 0;
        foreach (var i in top)
        {
            double l = double.IsFinite(tradedValue[i]) ? Math.Max(0, tradedValue[i]) : 0;
            gain += Math.Min(Config.Capital * l / liquidity, Config.LiquidityShare * l) * returns[i];
        }
        return gain / Config.Capital;
    }

    private static Dictionary<string, Tensor> Snapshot(nn.Module network)
    {
        using var noGrad = torch.no_grad();
        return network.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone().DetachFromDisposeScope());
    }

    private static void Free(Dictionary<string, Tensor>? state)
    {
        if (state is null) return;
        foreach (var t in state.Values) t.Dispose();
    }
}

using AlphaHost.Sdk.Plugins;
using TorchSharp;
using static TorchSharp.torch;

namespace AlphaHost.Plugins.Embeddings;

public enum PretrainLoss { Huber, L1 }

/// <summary>Settings of the asset-embedding pre-training (config keys as the property names, camelCase).</summary>
public sealed record EmbeddingPretrainConfig : PluginConfig
{
    public int Dim { get; init; } = 10;
    /// <summary>Targets per step = ⌈(base assets − dim) × ratio⌉.</summary>
    public double TargetRatio { get; init; } = 0.5;
    /// <summary>Shortest window (days) whose mean return is one sample.</summary>
    public int MinWindow { get; init; } = 5;
    public int Batch { get; init; } = 128;
    public int Steps { get; init; } = 2000;
    public double LearningRate { get; init; } = 1e-2;
    public double WeightDecay { get; init; } = 1e-5;
    public PretrainLoss Loss { get; init; } = PretrainLoss.Huber;
    /// <summary>Huber threshold, in units of the returns' overall standard deviation.</summary>
    public double HuberDelta { get; init; } = 1;
    public int Seed { get; init; } = 1;
    /// <summary>Held-out loss every this many steps (and before the first), on a batch drawn from the held-out days.</summary>
    public int EvalEvery { get; init; } = 10;

    public override IEnumerable<ConfigError> Validate()
    {
        if (Dim < 1) yield return new(nameof(Dim), "an integer >= 1", Dim);
        if (TargetRatio is <= 0 or > 1) yield return new(nameof(TargetRatio), "a number in (0, 1]", TargetRatio);
        if (MinWindow < 1) yield return new(nameof(MinWindow), "an integer >= 1", MinWindow);
        if (Batch < 1) yield return new(nameof(Batch), "an integer >= 1", Batch);
        if (Steps < 0) yield return new(nameof(Steps), "an integer >= 0", Steps);
        if (LearningRate <= 0) yield return new(nameof(LearningRate), "a number > 0", LearningRate);
        if (HuberDelta <= 0) yield return new(nameof(HuberDelta), "a number > 0", HuberDelta);
        if (EvalEvery < 1) yield return new(nameof(EvalEvery), "an integer >= 1", EvalEvery);
    }
}

/// <summary>The trained table, the training loss of every step and the held-out losses (empty without held-out days).</summary>
public sealed record PretrainResult(AssetEmbedding Embedding, double[] Losses, IReadOnlyList<StepLoss> HeldOut)
{
    public PretrainResult(AssetEmbedding embedding, double[] losses) : this(embedding, losses, []) { }
}

/// <summary>
/// Pre-trains asset embeddings on returns alone. Each step:
/// 1. picks target assets at random (base assets or combos); the basis is every base asset that is
///    neither a target nor a leg of one;
/// 2. solves the minimum-norm least squares of the targets' embeddings on the basis embeddings,
///    E_basisᵀ W = E_targetᵀ (D equations, K > D unknowns per target);
/// 3. applies W to the basis assets' mean returns over random windows (≥ MinWindow days) and takes
///    a Huber/L1 loss against the targets' own mean returns; backpropagates through the solve.
/// Embeddings that make the weights predict returns place co-moving assets alike. Returns are
/// simple daily returns [days, base assets]; NaN (no trade) counts as 0; they are divided by their
/// overall standard deviation (W is unchanged by a common scale, the Huber threshold gets a unit).
/// Combos join the training set as extra targets with their own return series (augmentation).
/// </summary>
public sealed class EmbeddingPretrainer(EmbeddingPretrainConfig config)
{
    public EmbeddingPretrainConfig Config { get; } = config;

    /// <summary>
    /// W [K, P] with E_basisᵀ W = E_targetᵀ of minimum norm, from basis [K, D] and targets [P, D]:
    /// W = pinv(E_basisᵀ) E_targetᵀ (SVD, singular values below max(K, D)·eps·σ_max cut, as gelsd).
    /// Not linalg.lstsq: TorchSharp passes it no driver (CPU's default gelsy) and CUDA's only driver,
    /// gels, rejects underdetermined systems; pinv is the same solution on every device.
    /// </summary>
    public static Tensor MinimumNormWeights(Tensor basis, Tensor targets)
    {
        using var scope = NewDisposeScope();
        return linalg.pinv(basis.t()).matmul(targets.t()).MoveToOuterDisposeScope();
    }

    public int TargetsPerStep(int baseAssets) => Math.Max(1, (int)Math.Ceiling((baseAssets - Config.Dim) * Config.TargetRatio));

    /// <summary>Trains a table on <paramref name="device"/> (default CPU); the same seed gives the same table on CPU.</summary>
    public PretrainResult Fit(double[,] returns, IReadOnlyList<ComboAsset>? combos = null, Device? device = null) => Fit(returns, null, combos, device);

    /// <summary>
    /// Trains on <paramref name="returns"/> and, with <paramref name="heldOut"/> (later days, same
    /// assets), reports the loss on them every <see cref="EmbeddingPretrainConfig.EvalEvery"/> steps:
    /// base assets as targets, windows inside the held-out days, returns scaled by the training
    /// days' standard deviation (nothing about the held-out days shapes the training).
    /// </summary>
    public PretrainResult Fit(double[,] returns, double[,]? heldOut, IReadOnlyList<ComboAsset>? combos = null, Device? device = null)
    {
        combos ??= [];
        int days = returns.GetLength(0), assets = returns.GetLength(1);
        if (assets <= Config.Dim + 1) throw new ArgumentException($"pre-training needs more base assets ({assets}) than dim + 1 ({Config.Dim + 1})");
        if (days < Config.MinWindow + 1) throw new ArgumentException($"pre-training needs more days ({days}) than minWindow ({Config.MinWindow})");
        if (heldOut is not null && heldOut.GetLength(1) != assets) throw new ArgumentException($"held-out returns have {heldOut.GetLength(1)} assets, training returns {assets}");
        if (heldOut is not null && heldOut.GetLength(0) < Config.MinWindow + 1) throw new ArgumentException($"the held-out period needs more days ({heldOut.GetLength(0)}) than minWindow ({Config.MinWindow})");

        manual_seed(Config.Seed);
        var embedding = new AssetEmbedding(assets, Config.Dim);
        if (device is not null) embedding.to(device);
        device = embedding.Device;
        var rng = new Random(Config.Seed);
        var everyAsset = Enumerable.Range(0, assets).Select(i => ComboAsset.Base($"#{i}", i)).Concat(combos).ToArray();
        double scale = Scale(returns);
        using var prefix = PrefixSums(returns, combos, device, scale).DetachFromDisposeScope();     // [days + 1, A + C]
        using var heldOutPrefix = heldOut is null ? null : PrefixSums(heldOut, [], device, scale).DetachFromDisposeScope();
        var heldOutRng = new Random(Config.Seed + 7919);                                     // its own stream: held-out checks never change the training draws
        var heldOutBase = Enumerable.Range(0, assets).Select(i => ComboAsset.Base($"#{i}", i)).ToArray();
        var heldOutLosses = new List<StepLoss>();
        void Evaluate(int step)
        {
            if (heldOutPrefix is null) return;
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var (targets, basis) = Draw(heldOutBase, assets, heldOutRng);
            heldOutLosses.Add(new(step, Loss(embedding, null, heldOutPrefix, targets, basis, heldOut!.GetLength(0), heldOutRng).item<float>()));
        }
        using var comboExposure = combos.Count == 0 ? null : Combos.ToTensor(Combos.Exposures(assets, combos), ScalarType.Float32, device).DetachFromDisposeScope();
        // TorchSharp's AdamW defaults to no weight decay (PyTorch: 0.01): always pass it.
        using var adam = optim.AdamW(embedding.parameters(), lr: Config.LearningRate, weight_decay: Config.WeightDecay);
        var losses = new double[Config.Steps];
        Evaluate(0);
        for (int step = 0; step < Config.Steps; step++)
        {
            using var scope = NewDisposeScope();
            var (targets, basis) = Draw(everyAsset, assets, rng);
            var loss = Loss(embedding, comboExposure, prefix, targets, basis, days, rng);
            adam.zero_grad();
            loss.backward();
            adam.step();
            losses[step] = loss.item<float>();
            if ((step + 1) % Config.EvalEvery == 0 || step + 1 == Config.Steps) Evaluate(step + 1);
        }
        return new PretrainResult(embedding, losses, heldOutLosses);
    }

    private (long[] Targets, long[] Basis) Draw(ComboAsset[] everyAsset, int baseAssets, Random rng)
    {
        int wanted = TargetsPerStep(baseAssets);
        var used = new bool[baseAssets];
        var targets = new List<long>();
        int free = baseAssets;
        foreach (int candidate in Enumerable.Range(0, everyAsset.Length).OrderBy(_ => rng.Next()).ToArray())
        {
            if (targets.Count == wanted) break;
            var legs = everyAsset[candidate].Legs.Select(l => l.Asset).Where(a => !used[a]).ToArray();
            if (free - legs.Length <= Config.Dim) continue;                         // keep the system underdetermined
            foreach (var a in legs) used[a] = true;
            free -= legs.Length;
            targets.Add(candidate);
        }
        var basis = Enumerable.Range(0, baseAssets).Where(a => !used[a]).Select(a => (long)a).ToArray();
        return (targets.ToArray(), basis);
    }

    private Tensor Loss(AssetEmbedding embedding, Tensor? comboExposure, Tensor prefix, long[] targets, long[] basis, int days, Random rng)
    {
        var baseRows = embedding.All();                                             // [A, D], renormalised
        var rows = comboExposure is null ? baseRows : cat([baseRows, comboExposure.matmul(baseRows)], 0);
        var device = prefix.device;
        var targetIndex = tensor(targets, device: device);
        var basisIndex = tensor(basis, device: device);
        var weights = MinimumNormWeights(rows.index_select(0, basisIndex), rows.index_select(0, targetIndex)); // [K, P]

        var begin = new long[Config.Batch];
        var end = new long[Config.Batch];
        var length = new float[Config.Batch];
        for (int b = 0; b < Config.Batch; b++)
        {
            begin[b] = rng.Next(0, days - Config.MinWindow + 1);
            end[b] = rng.Next((int)begin[b] + Config.MinWindow, days + 1);
            length[b] = end[b] - begin[b];
        }
        var means = (prefix.index_select(0, tensor(end, device: device)) - prefix.index_select(0, tensor(begin, device: device)))
            / tensor(length, device: device).unsqueeze(1);
        var predicted = means.index_select(1, basisIndex).matmul(weights);
        var actual = means.index_select(1, targetIndex);
        return Config.Loss == PretrainLoss.Huber
            ? nn.functional.huber_loss(predicted, actual, Config.HuberDelta)
            : nn.functional.l1_loss(predicted, actual);
    }

    /// <summary>The overall (population) standard deviation of the returns, NaN as 0.</summary>
    public static double Scale(double[,] returns)
    {
        int days = returns.GetLength(0), assets = returns.GetLength(1);
        double sum = 0, sumSquares = 0;
        for (int d = 0; d < days; d++)
            for (int a = 0; a < assets; a++)
            {
                double r = double.IsNaN(returns[d, a]) ? 0 : returns[d, a];
                if (double.IsInfinity(r)) throw new ArgumentException($"return of asset {a} on day {d} is infinite");
                sum += r;
                sumSquares += r * r;
            }
        double n = (double)days * assets, mean = sum / n;
        return Math.Sqrt(Math.Max(sumSquares / n - mean * mean, 1e-30));
    }

    /// <summary>Cumulative sums of the returns of base assets then combos, divided by <paramref name="scale"/>, with a leading zero row.</summary>
    private static Tensor PrefixSums(double[,] returns, IReadOnlyList<ComboAsset> combos, Device device, double scale)
    {
        int days = returns.GetLength(0), assets = returns.GetLength(1);
        var clean = new double[days, assets];
        for (int d = 0; d < days; d++)
            for (int a = 0; a < assets; a++)
                clean[d, a] = double.IsNaN(returns[d, a]) ? 0 : returns[d, a];
        var comboReturns = Combos.Returns(clean, combos);
        int width = assets + combos.Count;
        var prefix = new float[(days + 1) * width];
        for (int d = 0; d < days; d++)
            for (int a = 0; a < width; a++)
            {
                double r = a < assets ? clean[d, a] : comboReturns[d, a - assets];
                prefix[(d + 1) * width + a] = (float)(prefix[d * width + a] + r / scale);
            }
        return tensor(prefix, [days + 1, width], device: device);
    }
}

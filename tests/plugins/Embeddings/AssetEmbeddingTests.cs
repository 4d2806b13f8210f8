using AlphaHost.Host.Market.Store;
using AlphaHost.Plugins.Market.Synthetic;
using AlphaHost.Plugins.Embeddings;
using TorchSharp;
using static TorchSharp.torch;
using Xunit.Abstractions;

namespace AlphaHost.Plugins.Embeddings.Tests;

public class AssetEmbeddingTests(ITestOutputHelper output)
{
    [Fact]
    public void LeastSquaresWeightsAreTheMinimumNormSolution()
    {
        using var scope = NewDisposeScope();
        manual_seed(11);
        // 6 basis assets, 3 targets, dim 4: Bᵀ W = Tᵀ has 4 equations and 6 unknowns per target.
        var basis = randn([6, 4], dtype: ScalarType.Float64);
        var targets = randn([3, 4], dtype: ScalarType.Float64);
        var weights = EmbeddingPretrainer.MinimumNormWeights(basis, targets);
        Assert.Equal(new long[] { 6, 3 }, weights.shape);
        var w = weights.data<double>().ToArray();   // [6, 3]
        var b = To2D(basis.data<double>().ToArray(), 6, 4);
        var t = To2D(targets.data<double>().ToArray(), 3, 4);
        // Independent: the minimum-norm solution of A x = y (A = Bᵀ full row rank) is Aᵀ (A Aᵀ)⁻¹ y.
        var gram = new double[4, 4];
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
                for (int k = 0; k < 6; k++) gram[i, j] += b[k, i] * b[k, j];
        for (int p = 0; p < 3; p++)
        {
            var y = SolveGaussian(gram, Enumerable.Range(0, 4).Select(i => t[p, i]).ToArray());
            for (int k = 0; k < 6; k++)
            {
                double expected = Enumerable.Range(0, 4).Sum(i => b[k, i] * y[i]);
                Assert.Equal(expected, w[k * 3 + p], 9);
            }
            // And it does reproduce the target: Σ_k w_k b_k = t.
            for (int i = 0; i < 4; i++)
                Assert.Equal(t[p, i], Enumerable.Range(0, 6).Sum(k => w[k * 3 + p] * b[k, i]), 9);
        }
    }

    [Fact]
    public void ARankDeficientBasisGetsTheMinimumNormLeastSquaresWeights()
    {
        using var scope = NewDisposeScope();
        // Three basis rows along e₁ (rank 1), target (1, 1): the e₂ equation is unreachable, and the
        // minimum-norm fit of the e₁ one, w·(1, 2, 3) = 1, is w = (1, 2, 3) / 14.
        var basis = tensor(new double[] { 1, 0, 2, 0, 3, 0 }, [3, 2]);
        var targets = tensor(new double[] { 1, 1 }, [1, 2]);
        var w = EmbeddingPretrainer.MinimumNormWeights(basis, targets).data<double>().ToArray();
        Assert.Equal(new[] { 1 / 14.0, 2 / 14.0, 3 / 14.0 }, w.Select(x => Math.Round(x, 12)), new Close(1e-12));
    }

    [Fact]
    public void GradientsThroughTheMinimumNormSolveMatchFiniteDifferencesInFloat64()
    {
        using var scope = NewDisposeScope();
        manual_seed(14);
        var basis = randn([6, 3], dtype: ScalarType.Float64).requires_grad_();
        var targets = randn([2, 3], dtype: ScalarType.Float64).requires_grad_();
        var result = AlphaHost.Tests.Support.GradCheck.Run(() => EmbeddingPretrainer.MinimumNormWeights(basis, targets), [basis, targets]);
        Assert.True(result.Passed, result.Worst);
    }

    [Fact]
    public void ATableTrainedInsideADisposeScopeOutlivesIt()
    {
        var (returns, _, _) = SyntheticFutures(days: 60, seed: 7);
        AssetEmbedding embedding;
        using (NewDisposeScope())
            embedding = new EmbeddingPretrainer(new EmbeddingPretrainConfig { Dim = 4, Steps = 3, Batch = 8, Loss = PretrainLoss.L1 }).Fit(returns).Embedding;
        using (embedding)
        {
            var table = embedding.Snapshot();
            Assert.Equal(4, table.GetLength(1));
            Assert.All(table.Cast<double>(), v => Assert.True(double.IsFinite(v)));
        }
    }

    [Fact]
    public void ComboEmbeddingsAreExactlyTheWeightedSumsOfTheirLegs()
    {
        using var scope = NewDisposeScope();
        manual_seed(12);
        using var embedding = new AssetEmbedding(4, 3);
        embedding.to(ScalarType.Float64);
        var table = embedding.Snapshot();
        var combos = new[]
        {
            ComboAsset.WithLeverage("long0-short2", [new ComboLeg(0, 3), new ComboLeg(2, -1)], leverage: 2),   // → 1.5, −0.5
            new ComboAsset("three-legs", [new ComboLeg(1, 0.25), new ComboLeg(3, -0.5), new ComboLeg(0, 0.25)]),
            ComboAsset.Base("asset3", 3),
        };
        Assert.Equal(new[] { 1.5, -0.5 }, combos[0].Legs.Select(l => l.Weight));
        Assert.Equal(2, combos[0].Leverage, 12);
        var rows = embedding.Of(combos).data<double>().ToArray();
        for (int k = 0; k < 3; k++)
        {
            Assert.Equal(1.5 * table[0, k] - 0.5 * table[2, k], rows[k], 14);
            Assert.Equal(0.25 * table[1, k] - 0.5 * table[3, k] + 0.25 * table[0, k], rows[3 + k], 14);
            Assert.Equal(table[3, k], rows[6 + k]);
        }
    }

    [Fact]
    public void ComboReturnsAreTheWeightedSumsOfTheLegReturns()
    {
        var returns = new double[,] { { 0.01, 0.02, -0.03 }, { 0.00, -0.01, 0.04 } };
        var combo = new ComboAsset("c", [new ComboLeg(0, 0.6), new ComboLeg(2, -0.4)]);
        var combined = Combos.Returns(returns, [combo]);
        Assert.Equal(0.6 * 0.01 + 0.4 * 0.03, combined[0, 0], 15);
        Assert.Equal(-0.4 * 0.04, combined[1, 0], 15);
    }

    [Fact]
    public void LookedUpRowsHaveNormAtMostOne()
    {
        using var scope = NewDisposeScope();
        manual_seed(13);
        using var embedding = new AssetEmbedding(20, 6);   // N(0, 1) rows of dim 6 start with norm ≈ √6
        var norms = embedding.All().norm(1, p: 2).data<float>().ToArray();
        Assert.All(norms, n => Assert.True(n <= 1 + 1e-5, $"norm {n}"));
        Assert.Contains(norms, n => n > 0.999);              // rows above 1 are scaled down to 1, not shrunk further
    }

    /// <summary>
    /// On a synthetic futures market whose returns are driven by six sector factors, pre-training
    /// on returns alone must place same-sector contracts closer: the measure is the mean cosine
    /// similarity of same-sector pairs minus that of cross-sector pairs, before and after.
    /// </summary>
    [Fact]
    public void PretrainingOnSyntheticFuturesPutsSameSectorContractsCloser()
    {
        var (returns, names, sectors) = SyntheticFutures(days: 500, seed: 5);
        var config = new EmbeddingPretrainConfig { Dim = 8, Steps = 300, Batch = 64, LearningRate = 2e-2, Seed = 3 };
        var combos = Combos.RandomPairs(names, count: 20, leverage: 1, seed: 4);
        var result = new EmbeddingPretrainer(config).Fit(returns, combos);
        using var trained = result.Embedding;
        double before;
        using (var untrained = new EmbeddingPretrainer(config with { Steps = 0 }).Fit(returns).Embedding)
            before = SectorGap(untrained.Snapshot(), sectors).Gap;
        var table = trained.Snapshot();
        var (within, cross, gap) = SectorGap(table, sectors);
        output.WriteLine($"within-sector mean cosine {within:F3}, cross-sector {cross:F3}, gap {gap:F3} (untrained gap {before:F3}); loss {result.Losses[..20].Average():F3} → {result.Losses[^20..].Average():F3}");
        Assert.True(gap > 0.3, $"gap {gap:F3} (within {within:F3}, cross {cross:F3})");
        Assert.True(Math.Abs(before) < 0.1, $"an untrained table should show no sector structure, gap {before:F3}");
        Assert.True(result.Losses[^20..].Average() < result.Losses[..20].Average());
    }

    /// <summary>
    /// The note's split: train on the first days, measure the same loss on the later ones. Measuring
    /// must not change the training (its draws come from their own stream), must happen before the
    /// first step and every evalEvery steps, and the loss on unseen days must fall as the table learns.
    /// </summary>
    [Fact]
    public void HeldOutLossIsMeasuredBesideTrainingWithoutChangingIt()
    {
        var (returns, _, _) = SyntheticFutures(days: 500, seed: 5);
        var (train, heldOut) = Split(returns, 400);
        var config = new EmbeddingPretrainConfig { Dim = 8, Steps = 300, Batch = 64, LearningRate = 2e-2, Seed = 3, EvalEvery = 50 };
        var measured = new EmbeddingPretrainer(config).Fit(train, heldOut);
        using var withHeldOut = measured.Embedding;
        using var without = new EmbeddingPretrainer(config).Fit(train).Embedding;
        Assert.Equal(Flatten(without.Snapshot()), Flatten(withHeldOut.Snapshot()));
        Assert.Equal(new[] { 0, 50, 100, 150, 200, 250, 300 }, measured.HeldOut.Select(l => l.Step));
        output.WriteLine($"held-out loss {string.Join(" → ", measured.HeldOut.Select(l => l.Loss.ToString("F4")))}");
        Assert.True(measured.HeldOut[^1].Loss < 0.8 * measured.HeldOut[0].Loss, $"held-out loss {measured.HeldOut[0].Loss:F4} → {measured.HeldOut[^1].Loss:F4}");
    }

    /// <summary>
    /// Held-out returns are divided by the training days' standard deviation, not their own: with an
    /// L1 loss and the same draws, held-out returns three times larger give exactly three times the loss
    /// (standardising by their own std would give the same loss).
    /// </summary>
    [Fact]
    public void HeldOutReturnsAreScaledByTheTrainingDays()
    {
        var (returns, _, _) = SyntheticFutures(days: 200, seed: 8);
        var (train, heldOut) = Split(returns, 150);
        var tripled = (double[,])heldOut.Clone();
        for (int d = 0; d < tripled.GetLength(0); d++)
            for (int a = 0; a < tripled.GetLength(1); a++) tripled[d, a] *= 3;
        var config = new EmbeddingPretrainConfig { Dim = 4, Steps = 0, Batch = 32, Seed = 2, Loss = PretrainLoss.L1 };
        var once = new EmbeddingPretrainer(config).Fit(train, heldOut);
        var thrice = new EmbeddingPretrainer(config).Fit(train, tripled);
        once.Embedding.Dispose();
        thrice.Embedding.Dispose();
        Assert.True(once.HeldOut[0].Loss > 0);
        Assert.Equal(3 * once.HeldOut[0].Loss, thrice.HeldOut[0].Loss, 4);
    }

    private static (double[,] Train, double[,] HeldOut) Split(double[,] returns, int trainDays)
    {
        int days = returns.GetLength(0), assets = returns.GetLength(1);
        var train = new double[trainDays, assets];
        var heldOut = new double[days - trainDays, assets];
        for (int d = 0; d < days; d++)
            for (int a = 0; a < assets; a++)
                if (d < trainDays) train[d, a] = returns[d, a]; else heldOut[d - trainDays, a] = returns[d, a];
        return (train, heldOut);
    }

    /// <summary>
    /// Outside the constructors every tensor factory of the table, the combos and the pre-training
    /// names a device, so a table on a GPU never meets a CPU tensor. Exempt: Snapshot (its job is to copy out).
    /// </summary>
    [Fact]
    public void EveryTensorThePretrainingCreatesNamesItsDevice() =>
        AlphaHost.Tests.Support.SourceCheck.AssertEveryFactoryNamesADevice(
            AlphaHost.Tests.Support.SourceCheck.PluginSources("Embeddings", ["AssetEmbedding.cs", "ComboAsset.cs", "EmbeddingPretrainer.cs"]),
            skipConstructors: true, exemptBlocks: ["public double[,] Snapshot("], atLeast: 5);

    [Fact]
    public void PretrainingIsDeterministicForASeed()
    {
        var (returns, names, _) = SyntheticFutures(days: 120, seed: 6);
        var config = new EmbeddingPretrainConfig { Dim = 4, Steps = 20, Batch = 16, Seed = 9 };
        var combos = Combos.RandomPairs(names, count: 5, leverage: 1.5, seed: 1);
        using var a = new EmbeddingPretrainer(config).Fit(returns, combos).Embedding;
        using var b = new EmbeddingPretrainer(config).Fit(returns, combos).Embedding;
        Assert.Equal(Flatten(a.Snapshot()), Flatten(b.Snapshot()));
    }

    private static (double[,] Returns, IReadOnlyList<string> Names, int[] Sectors) SyntheticFutures(int days, long seed)
    {
        var path = Path.Combine(Path.GetTempPath(), $"alphahost-futures-{Guid.NewGuid():N}.db");
        try
        {
            using var db = MarketDatabase.Create(path);
            AlphaHost.Host.Market.MarketGeneration.Generate(new FuturesMarketGenerator(new FuturesMarketConfig { Days = days, Seed = seed }), db);
            var reader = new PanelReader(db);
            var dates = reader.Dates(DateOnly.MinValue, DateOnly.MaxValue);
            var panel = reader.Read(dates[1], dates[^1], [PanelReader.Return1]);
            var returns = new double[panel.Days, panel.Stocks];
            for (int d = 0; d < panel.Days; d++)
                for (int s = 0; s < panel.Stocks; s++) returns[d, s] = panel.IsValid(d, s) ? panel[d, s, 0] : double.NaN;
            var sectorOf = FuturesContracts.All.ToDictionary(c => c.Code, c => c.Sector);
            return (returns, panel.Codes, panel.Codes.Select(c => sectorOf[c]).ToArray());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var f in new[] { path, path + "-wal", path + "-shm" }) File.Delete(f);
        }
    }

    /// <summary>Mean cosine of same-sector pairs, of cross-sector pairs, and their difference, written out from the definition.</summary>
    private static (double Within, double Cross, double Gap) SectorGap(double[,] rows, IReadOnlyList<int> sectors)
    {
        int n = rows.GetLength(0), d = rows.GetLength(1);
        double Cos(int i, int j)
        {
            double dot = 0, a = 0, b = 0;
            for (int k = 0; k < d; k++) { dot += rows[i, k] * rows[j, k]; a += rows[i, k] * rows[i, k]; b += rows[j, k] * rows[j, k]; }
            return dot / Math.Sqrt(a * b);
        }
        var within = new List<double>();
        var cross = new List<double>();
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) (sectors[i] == sectors[j] ? within : cross).Add(Cos(i, j));
        return (within.Average(), cross.Average(), within.Average() - cross.Average());
    }

    private static double[,] To2D(double[] flat, int rows, int cols)
    {
        var m = new double[rows, cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) m[i, j] = flat[i * cols + j];
        return m;
    }

    private static double[] Flatten(double[,] m) => m.Cast<double>().ToArray();

    private sealed class Close(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance;
        public int GetHashCode(double x) => 0;
    }

    /// <summary>Plain Gaussian elimination with partial pivoting, for a small dense system.</summary>
    private static double[] SolveGaussian(double[,] matrix, double[] rhs)
    {
        int n = rhs.Length;
        var a = (double[,])matrix.Clone();
        var x = (double[])rhs.Clone();
        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < n; r++) if (Math.Abs(a[r, col]) > Math.Abs(a[pivot, col])) pivot = r;
            for (int c = 0; c < n; c++) (a[col, c], a[pivot, c]) = (a[pivot, c], a[col, c]);
            (x[col], x[pivot]) = (x[pivot], x[col]);
            for (int r = col + 1; r < n; r++)
            {
                double f = a[r, col] / a[col, col];
                for (int c = col; c < n; c++) a[r, c] -= f * a[col, c];
                x[r] -= f * x[col];
            }
        }
        for (int r = n - 1; r >= 0; r--)
        {
            for (int c = r + 1; c < n; c++) x[r] -= a[r, c] * x[c];
            x[r] /= a[r, r];
        }
        return x;
    }
}

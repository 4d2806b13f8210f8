using AlphaHost.Plugins.Models.Master;
using AlphaHost.Plugins.Models.Temporal;
using AlphaHost.Sdk.Plugins;
using AlphaHost.Tests.Support;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace AlphaHost.Plugins.Models.Tests;

/// <summary>The sequence models and MASTER on tiny instances: 3 features × 6 steps, width 8.</summary>
public class ZooModelTests
{
    private const int Features = 3, Lookback = 6;

    public static readonly TheoryData<string> Zoo = new() { "gru", "lstm", "alstm", "gru_attention", "transformer", "transformer_learned", "master" };

    private static IModel Built(string name, int seed = 1, ModelShape? shape = null, double dropout = 0.1, int layers = 2)
    {
        var model = TestModels.Create(name, new ModelOptions { Seed = seed }, new TemporalSize(Hidden: 8, Layers: layers, Heads: 2, Dropout: dropout));
        model.Build(shape ?? new ModelShape(Features, Lookback));
        return model;
    }

    /// <summary>torch.equal: same shape and every element equal (TorchSharp's equal is elementwise).</summary>
    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    [Theory]
    [MemberData(nameof(Zoo))]
    public void OutputShapesPerHead(string name)
    {
        using var scope = NewDisposeScope();
        var pictures = randn(2, 5, Features, Lookback);
        var mask = ones(2, 5, dtype: ScalarType.Bool);
        using (var regression = Built(name))
            Assert.Equal(new long[] { 2, 5 }, regression.forward(pictures, mask).shape);
        using (var classes = Built(name, shape: new ModelShape(Features, Lookback, ModelHead.Classes, 5)))
            Assert.Equal(new long[] { 2, 5, 5 }, classes.forward(pictures, mask).shape);
        // One output per horizon of a multi-horizon label.
        using (var horizons = Built(name, shape: new ModelShape(Features, Lookback, Outputs: 4)))
            Assert.Equal(new long[] { 2, 5, 4 }, horizons.forward(pictures, mask).shape);
    }

    [Theory]
    [MemberData(nameof(Zoo))]
    public void APaddedStockChangesNoOtherStocksOutput(string name)
    {
        using var scope = NewDisposeScope();
        using var model = Built(name);
        manual_seed(5);
        var pictures = randn(2, 4, Features, Lookback);
        var mask = tensor(new[] { true, true, false, true, true, true, true, false }, [2, 4]);
        var changed = pictures.clone();
        using (no_grad())
        {
            changed[0, 2].fill_(double.NaN);   // garbage in day 0's padded row
            changed[1, 3].fill_(1e6);          // and in day 1's
        }
        foreach (bool training in new[] { true, false })
        {
            model.Network.train(training);
            manual_seed(9);
            var a = model.forward(pictures, mask);
            manual_seed(9);
            var b = model.forward(changed, mask);
            Assert.True(Same(a, b), $"{name}: padded stock leaked (training={training})");
            Assert.Equal(0, a[0, 2].item<float>());
            Assert.False(b.isnan().any().item<bool>(), $"{name}: NaN in a padded row reached the output");
        }
    }

    /// <summary>
    /// Stronger than the test above for MASTER (which zeroes padded rows first, so garbage in them
    /// changes nothing even without a key mask): the real stocks score as if the padded rows were
    /// not in the batch at all.
    /// </summary>
    [Theory]
    [MemberData(nameof(Zoo))]
    public void RealStocksScoreAsIfPaddedRowsWereAbsent(string name)
    {
        using var scope = NewDisposeScope();
        using var model = Built(name);
        model.Network.eval();
        manual_seed(10);
        var pictures = randn(1, 6, Features, Lookback);
        var mask = tensor(new[] { true, false, true, true, false, true }, [1, 6]);
        var realRows = tensor(new long[] { 0, 2, 3, 5 });
        var padded = model.forward(pictures, mask).index_select(1, realRows);
        var alone = model.forward(pictures.index_select(1, realRows), ones(1, 4, dtype: ScalarType.Bool));
        Assert.True(padded.allclose(alone, rtol: 1e-5, atol: 1e-6), $"{name}: max |diff| {(padded - alone).abs().max().item<float>():G3}");
    }

    [Fact]
    public void MasterLetsRealStocksSeeEachOtherAcrossTheDay()
    {
        // The masking test above would also pass if stocks never interacted; this one shows they do.
        using var scope = NewDisposeScope();
        using var model = Built("master");
        model.Network.eval();
        manual_seed(6);
        var pictures = randn(1, 4, Features, Lookback);
        var mask = ones(1, 4, dtype: ScalarType.Bool);
        var changed = pictures.clone();
        using (no_grad()) changed[0, 3].add_(3.0);
        var a = model.forward(pictures, mask)[0, 0].item<float>();
        var b = model.forward(changed, mask)[0, 0].item<float>();
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void MasterScoresADayOfFiveHundredStocksWithPadding()
    {
        using var scope = NewDisposeScope();
        using var model = Built("master");
        model.Network.eval();
        manual_seed(7);
        var pictures = randn(2, 500, Features, Lookback);
        var mask = rand(2, 500).gt(0.2);                          // ~400 real stocks a day, a different set each day
        var changed = pictures.masked_fill(mask.logical_not().unsqueeze(-1).unsqueeze(-1), 1e6);
        var a = model.forward(pictures, mask);
        var b = model.forward(changed, mask);
        Assert.Equal(new long[] { 2, 500 }, a.shape);
        Assert.True(Same(a, b));
        Assert.Equal(0, a.masked_select(mask.logical_not()).abs().sum().item<float>());
        Assert.True(a.masked_select(mask).abs().gt(0).all().item<bool>());
    }

    [Theory]
    [MemberData(nameof(Zoo))]
    public void GradientsMatchFiniteDifferencesInFloat64(string name)
    {
        using var scope = NewDisposeScope();
        manual_seed(8);
        var pictures = randn([1, 3, 2, 4], dtype: ScalarType.Float64).requires_grad_();
        using var tiny = Built(name, layers: 1, shape: new ModelShape(2, 4));
        tiny.Network.to(ScalarType.Float64);
        tiny.Network.eval();
        var mask = tensor(new[] { true, false, true }, [1, 3]);
        var head = tiny.Network.named_parameters().Last(p => p.name.EndsWith("weight")).parameter;
        var result = GradCheck.Run(() => tiny.forward(pictures, mask), [pictures, head]);
        Assert.True(result.Passed, $"{name}: {result.Worst}");
    }

    /// <summary>Both formats: TorchSharp's own (save/load) and PyTorch's (save_py/load_py, what the host writes).</summary>
    [Theory]
    [MemberData(nameof(Zoo))]
    public void SavedAndLoadedModelGivesIdenticalPredictions(string name)
    {
        foreach (bool pytorchFormat in new[] { false, true })
        {
            using var scope = NewDisposeScope();
            var path = Path.Combine(Path.GetTempPath(), $"alphahost-{Guid.NewGuid():N}.pt");
            try
            {
                using var a = Built(name, seed: 1);
                var pictures = randn(1, 6, Features, Lookback);
                var mask = tensor(new[] { true, true, true, false, true, true }, [1, 6]);
                if (pytorchFormat) a.Network.save_py(path);
                else a.Network.save(path);
                using var b = Built(name, seed: 2);
                a.Network.eval();
                b.Network.eval();
                Assert.False(Same(a.forward(pictures, mask), b.forward(pictures, mask)), "different seeds should start different");
                if (pytorchFormat) b.Network.load_py(path);
                else b.Network.load(path);
                Assert.True(Same(a.forward(pictures, mask), b.forward(pictures, mask)), $"{name}: differs after load (PyTorch format: {pytorchFormat})");
            }
            finally
            {
                File.Delete(path);
            }
        }
    }

    [Fact]
    public void StateDictKeysArePyTorchStyle()
    {
        static HashSet<string> Keys(string name)
        {
            using var model = Built(name, layers: 1);
            return model.Network.state_dict().Keys.ToHashSet();
        }
        Assert.Superset(new HashSet<string> { "rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_hh_l0", "out.weight", "out.bias" }, Keys("gru"));
        Assert.Superset(new HashSet<string> { "input.0.weight", "rnn.weight_hh_l0", "attention.mlp.0.weight", "attention.mlp.3.weight", "out.weight" }, Keys("alstm"));
        Assert.Superset(new HashSet<string> { "rnn.weight_hh_l0", "attention.query", "out.weight" }, Keys("gru_attention"));
        Assert.Superset(new HashSet<string> { "embed.weight", "position", "layer0.self_attn.in_proj_weight", "layer0.self_attn.in_proj_bias", "layer0.self_attn.out_proj.weight",
            "layer0.linear1.weight", "layer0.linear2.weight", "layer0.norm1.weight", "layer0.norm2.bias", "out.weight" }, Keys("transformer"));
        Assert.Contains("position", Keys("transformer_learned"));
        Assert.Superset(new HashSet<string> { "gate.projection.weight", "embed.weight", "position", "intra_stock.self_attn.in_proj_weight", "inter_stock.norm2.weight",
            "aggregation.weight", "out.weight", "out.bias" }, Keys("master"));
        Assert.DoesNotContain("aggregation.bias", Keys("master"));
    }

    /// <summary>
    /// 64 samples (4 days × 16 stocks) whose labels are drawn independently of the pictures: the best
    /// any generalising rule can do is the constant, MSE ≈ Var(label); below 0.1 × Var(label) the
    /// model has memorised the samples — the capacity check.
    /// </summary>
    [Theory]
    [MemberData(nameof(Zoo))]
    public void OverfitsSixtyFourSamples(string name)
    {
        using var model = TestModels.Create(name, new ModelOptions { Seed = 3 }, new TemporalSize(Hidden: 16, Layers: 1, Heads: 2, Dropout: 0));
        model.Build(new ModelShape(Features, Lookback));
        var (mse, variance) = Overfit.Train(model, Features, Lookback, lr: 1e-2, steps: 400);
        Assert.True(mse < 0.1 * variance, $"{name}: training MSE {mse:F4}, label variance {variance:F3}");
    }

    [Fact]
    public void SinusoidalPositionsFollowTheirDefinition()
    {
        using var scope = NewDisposeScope();
        var table = PositionalEncoding.Sinusoidal(3, 4).data<float>().ToArray();
        // PE[t, 2i] = sin(t / 10000^(2i/d)), PE[t, 2i+1] = cos(same), d = 4.
        Assert.Equal(new[] { 0f, 1f, 0f, 1f }, table[..4]);
        Assert.Equal(Math.Sin(2), table[8], 6);
        Assert.Equal(Math.Cos(2), table[9], 6);
        Assert.Equal(Math.Sin(2 / 100.0), table[10], 6);
        Assert.Equal(Math.Cos(2 / 100.0), table[11], 6);
    }

    [Fact]
    public void MarketStateIsTheMaskedCrossSectionalMeanAndStdOfTheLatestSteps()
    {
        using var scope = NewDisposeScope();
        // One day, three stocks (the last padded), one feature, three steps; the state covers the last 2.
        var pictures = tensor(new double[] { 9, 1, 2, 9, 3, 6, 9, 100, -100 }, [1, 3, 1, 3]);
        var mask = tensor(new[] { true, true, false }, [1, 3]);
        using var gate = new MarketGate(1, 3, marketSteps: 2, beta: 1);
        var state = gate.MarketState(pictures, mask).data<double>().ToArray();
        // step 1: values 1, 3 → mean 2, population std 1; step 2: values 2, 6 → mean 4, std 2.
        Assert.Equal(new[] { 2.0, 4.0, 1.0, 2.0 }, state.Select(v => Math.Round(v, 6)));
    }

    [Fact]
    public void GateWeightsAverageOne()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        using var gate = new MarketGate(5, 6, marketSteps: 3, beta: 0.5);
        var alpha = gate.Weights(randn(2, 7, 5, 6), ones(2, 7, dtype: ScalarType.Bool));
        Assert.Equal(new long[] { 2, 5 }, alpha.shape);
        Assert.True(alpha.sum(1).allclose(full(2, 5.0f), atol: 1e-5));
    }

    // ---- TorchSharp port: layouts, masks, scopes ----

    /// <summary>
    /// Plain multi-head attention written out with loops over heads on [batch, seq, E] inputs, keys
    /// with <paramref name="ignored"/> true left out of every softmax — the independent reference.
    /// </summary>
    private static Tensor HandWrittenAttention(Tensor x, Tensor inWeight, Tensor inBias, Tensor outWeight, Tensor outBias, int heads, bool[,]? ignored)
    {
        long b = x.size(0), l = x.size(1), e = x.size(2), hd = e / heads;
        Tensor Project(int part) => x.matmul(inWeight.narrow(0, part * e, e).t()) + inBias.narrow(0, part * e, e);
        var q = Project(0);
        var k = Project(1);
        var v = Project(2);
        var rows = new List<Tensor>();
        for (int i = 0; i < b; i++)
        {
            var perHead = new List<Tensor>();
            for (int h = 0; h < heads; h++)
            {
                var qh = q[i].narrow(1, h * hd, hd);
                var kh = k[i].narrow(1, h * hd, hd);
                var vh = v[i].narrow(1, h * hd, hd);
                var scores = qh.matmul(kh.t()) / Math.Sqrt(hd);                       // [L, L]
                if (ignored is not null)
                {
                    var row = tensor(Enumerable.Range(0, (int)l).Select(j => ignored[i, j]).ToArray());
                    scores = scores.masked_fill(row.unsqueeze(0), double.NegativeInfinity);
                }
                perHead.Add(scores.softmax(-1).matmul(vh));
            }
            rows.Add(cat(perHead, 1));
        }
        return stack(rows).matmul(outWeight.t()) + outBias;
    }

    [Fact]
    public void SelfAttentionIsBatchFirstMultiheadAttentionWithTheKeyMaskAdded()
    {
        using var scope = NewDisposeScope();
        manual_seed(21);
        using var attention = new SelfAttention(8, 2, dropout: 0);
        attention.to(ScalarType.Float64);
        attention.eval();
        // Batch 3 ≠ sequence 5: feeding either layout as the other would mix stocks or fail.
        var x = randn([3, 5, 8], dtype: ScalarType.Float64);
        var ignored = new bool[,] { { false, false, true, false, true }, { false, false, false, false, false }, { true, true, true, true, false } };
        var ignoredTensor = tensor(ignored.Cast<bool>().ToArray(), [3, 5]);
        var p = attention.named_parameters().ToDictionary(n => n.name, n => (Tensor)n.parameter);
        Assert.Equal(new[] { "in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias" }.Order(), p.Keys.Order());
        using (no_grad())
            foreach (var key in new[] { "in_proj_bias", "out_proj.bias" }) p[key].normal_();   // nonzero biases so they count

        foreach (var mask in new[] { null, ignored })
        {
            var mine = attention.forward(x, mask is null ? null : ignoredTensor);
            var reference = HandWrittenAttention(x, p["in_proj_weight"], p["in_proj_bias"], p["out_proj.weight"], p["out_proj.bias"], 2, mask);
            Assert.True(mine.allclose(reference, rtol: 1e-10, atol: 1e-12), $"max |diff| {(mine - reference).abs().max().item<double>():G3} (mask: {mask is not null})");

            // TorchSharp's nn.MultiheadAttention with the same weights is sequence-first: [L, B, E] in, [L, B, E] out.
            using var native = nn.MultiheadAttention(8, 2);
            native.to(ScalarType.Float64);
            native.eval();
            using (no_grad())
                foreach (var (name, parameter) in native.named_parameters()) parameter.copy_(p[name]);
            var (seqFirst, _) = native.forward(x.transpose(0, 1), x.transpose(0, 1), x.transpose(0, 1), mask is null ? null : ignoredTensor, false, null);
            Assert.True(mine.allclose(seqFirst.transpose(0, 1), rtol: 1e-10, atol: 1e-12), "differs from TorchSharp's MultiheadAttention in its own (sequence-first) layout");
        }
    }

    [Fact]
    public void MasterTemporalAggregationIsTheSoftmaxOfHTimesWhT()
    {
        using var scope = NewDisposeScope();
        manual_seed(22);
        var states = randn([4, 6, 8], dtype: ScalarType.Float64);                         // [M, T, d]
        var query = randn([4, 8], dtype: ScalarType.Float64);                              // W h_T per row
        var summary = MasterNetwork.Aggregate(states, query);
        // λ_t = softmax_t(h_t · q) with no 1/√d; e = Σ λ_t h_t.
        var s = states.data<double>().ToArray();
        var q = query.data<double>().ToArray();
        var e = summary.data<double>().ToArray();
        for (int m = 0; m < 4; m++)
        {
            var logits = Enumerable.Range(0, 6).Select(t => Enumerable.Range(0, 8).Sum(k => s[(m * 6 + t) * 8 + k] * q[m * 8 + k])).ToArray();
            double top = logits.Max(), total = logits.Sum(z => Math.Exp(z - top));
            for (int k = 0; k < 8; k++)
            {
                double expected = Enumerable.Range(0, 6).Sum(t => Math.Exp(logits[t] - top) / total * s[(m * 6 + t) * 8 + k]);
                Assert.Equal(expected, e[m * 8 + k], 10);
            }
        }
    }

    [Fact]
    public void AnEncoderLayerIgnoresMaskedKeysButStillUpdatesTheirRows()
    {
        using var scope = NewDisposeScope();
        manual_seed(23);
        using var layer = new EncoderLayer(8, 2, dropout: 0);
        layer.eval();
        var x = randn(2, 5, 8);
        var ignored = tensor(new[] { false, false, false, true, true, false, false, false, false, true }, [2, 5]);
        var changed = x.clone();
        using (no_grad())
        {
            changed[0, 3].mul_(100);
            changed[1, 4].fill_(-7);
        }
        var a = layer.forward(x, ignored);
        var b = layer.forward(changed, ignored);
        var kept = ignored.logical_not().unsqueeze(-1).expand_as(a);
        Assert.True(Same(a.masked_select(kept), b.masked_select(kept)), "a masked key changed a kept row");
        Assert.False(Same(a, b));
        Assert.False(Same(a, layer.forward(x, null)), "the mask had no effect");
    }

    [Theory]
    [MemberData(nameof(Zoo))]
    public void AModelBuiltInsideADisposeScopeOutlivesIt(string name)
    {
        // The trainer builds models inside its scopes: parameters and buffers (the positional tables) must survive them.
        IModel model;
        using (NewDisposeScope()) model = Built(name, layers: 1);
        using var scope = NewDisposeScope();
        using (model)
        {
            Assert.All(model.Network.parameters(), p => Assert.False(p.IsInvalid));
            Assert.All(model.Network.buffers(), b => Assert.False(b.IsInvalid));
            var scores = model.forward(randn(1, 3, Features, Lookback), ones(1, 3, dtype: ScalarType.Bool));
            Assert.Equal(new long[] { 1, 3 }, scores.shape);
            Assert.False(scores.isnan().any().item<bool>());
        }
    }

    /// <summary>
    /// No GPU here, and libtorch has no meta kernels for the ops these paths need (SDPA's math path
    /// uses where.self_out, DayModel nonzero), so a meta-device run cannot stand in: outside the
    /// constructors (parameters and buffers, which move with the module) every tensor factory in
    /// the zoo's and MASTER's sources must name a device — with or without
    /// the torch. prefix — and nothing goes to the CPU. Exempt: the sinusoidal table (a buffer).
    /// (The asset embeddings' sources have the same check in their own tests.)
    /// </summary>
    [Fact]
    public void EveryTensorTheseModelsCreateInForwardNamesItsDevice() =>
        SourceCheck.AssertEveryFactoryNamesADevice(
            SourceCheck.PluginSources("Models", ["Temporal", "Master"]),
            skipConstructors: true, exemptBlocks: ["public static Tensor Sinusoidal("], atLeast: 1);   // the embeddings and minute pictures are checked in their own tests

    [Theory]
    [MemberData(nameof(Zoo))]
    public void SameSeedSameScoresOnCpu(string name)
    {
        using var scope = NewDisposeScope();
        manual_seed(24);
        var pictures = randn(2, 5, Features, Lookback);
        var mask = tensor(new[] { true, true, false, true, true, true, true, true, true, false }, [2, 5]);
        using var a = Built(name, seed: 4);
        using var b = Built(name, seed: 4);
        a.Network.train();
        b.Network.train();
        manual_seed(3);
        var first = a.forward(pictures, mask);
        manual_seed(3);
        Assert.True(Same(first, b.forward(pictures, mask)), $"{name}: same seed, different scores");
    }
}

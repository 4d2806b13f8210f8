using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace AlphaHost.Plugins.Models.Temporal;

/// <summary>
/// Multi-head self-attention with torch.nn.MultiheadAttention's parameters and names (packed
/// in_proj_weight [3E, E], in_proj_bias, out_proj), but BATCH-first [batch, seq, E] and computed by
/// scaled_dot_product_attention. TorchSharp's own MultiheadAttention is sequence-first and masks by
/// filling; this one never transposes the caller's layout and adds its mask.
/// </summary>
public sealed class SelfAttention : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "in_proj_weight")] private readonly Parameter inProjWeight;
    [ComponentName(Name = "in_proj_bias")] private readonly Parameter inProjBias;
    [ComponentName(Name = "out_proj")] private readonly Linear outProj;
    private readonly long model, heads;
    private readonly double dropout;

    public SelfAttention(long model, long heads, double dropout) : base(nameof(SelfAttention))
    {
        if (model % heads != 0) throw new ArgumentException($"model width {model} is not divisible by {heads} heads");
        this.model = model;
        this.heads = heads;
        this.dropout = dropout;
        // PyTorch's initialisation: Xavier-uniform packed projection, zero biases. Detached: a
        // Parameter made from a scoped tensor would die with the builder's dispose scope.
        inProjWeight = new Parameter(nn.init.xavier_uniform_(empty(3 * model, model)).DetachFromDisposeScope());
        inProjBias = new Parameter(zeros(3 * model).DetachFromDisposeScope());
        outProj = nn.Linear(model, model);
        using (no_grad()) outProj.bias!.zero_();
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => forward(x, null);

    /// <summary>[batch, seq, E] → [batch, seq, E]; <paramref name="ignoredKeys"/> [batch, seq] (true = that key is ignored).</summary>
    public Tensor forward(Tensor x, Tensor? ignoredKeys)
    {
        using var scope = NewDisposeScope();
        long b = x.size(0), l = x.size(1), hd = model / heads;
        var qkv = nn.functional.linear(x, inProjWeight, inProjBias).view(b, l, 3, heads, hd).permute(2, 0, 3, 1, 4); // [3, B, H, L, hd]
        // Additive mask (0 / −inf) broadcast over heads and queries: one add inside the kernel, no fill of [B, H, L, L].
        Tensor? mask = ignoredKeys is null ? null
            : zeros([b, 1, 1, l], dtype: x.dtype, device: x.device).masked_fill(ignoredKeys.view(b, 1, 1, l), double.NegativeInfinity);
        var attended = nn.functional.scaled_dot_product_attention(qkv[0], qkv[1], qkv[2], mask, p: training ? dropout : 0); // [B, H, L, hd]
        return outProj.forward(attended.transpose(1, 2).reshape(b, l, model)).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// One post-norm transformer encoder layer, as torch.nn.TransformerEncoderLayer (batch_first, ReLU):
/// x = LN(x + Drop(SelfAttention(x))); x = LN(x + Drop(FF(x))), FF = Linear(d, 2d) → ReLU → Drop → Linear(2d, d).
/// </summary>
public sealed class EncoderLayer : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "self_attn")] private readonly SelfAttention attention;
    [ComponentName(Name = "linear1")] private readonly Linear expand;
    [ComponentName(Name = "linear2")] private readonly Linear contract;
    [ComponentName(Name = "norm1")] private readonly LayerNorm attentionNorm;
    [ComponentName(Name = "norm2")] private readonly LayerNorm feedForwardNorm;
    private readonly Dropout dropout;

    public EncoderLayer(int model, int heads, double dropout) : base(nameof(EncoderLayer))
    {
        attention = new SelfAttention(model, heads, dropout);
        expand = nn.Linear(model, 2 * model);
        contract = nn.Linear(2 * model, model);
        attentionNorm = nn.LayerNorm(model);
        feedForwardNorm = nn.LayerNorm(model);
        this.dropout = nn.Dropout(dropout);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => forward(x, null);

    /// <summary>[batch, seq, d] → [batch, seq, d]; ignoredKeys [batch, seq] (true = ignore that key).</summary>
    public Tensor forward(Tensor x, Tensor? ignoredKeys)
    {
        using var scope = NewDisposeScope();
        x = attentionNorm.forward(x + dropout.forward(attention.forward(x, ignoredKeys)));
        var fed = contract.forward(dropout.forward(expand.forward(x).relu()));
        return feedForwardNorm.forward(x + dropout.forward(fed)).MoveToOuterDisposeScope();
    }
}

/// <summary>Positional encodings added to a [batch, seq, d] sequence.</summary>
public static class PositionalEncoding
{
    /// <summary>The fixed sinusoidal table of Vaswani et al.: PE[t, 2i] = sin(t/10000^(2i/d)), PE[t, 2i+1] = cos(same).</summary>
    public static Tensor Sinusoidal(int length, int model)
    {
        var table = new float[length * model];
        for (int t = 0; t < length; t++)
            for (int i = 0; i < model; i++)
            {
                double angle = t / Math.Pow(10000, 2 * (i / 2) / (double)model);
                table[t * model + i] = (float)(i % 2 == 0 ? Math.Sin(angle) : Math.Cos(angle));
            }
        return tensor(table, [length, model]);
    }
}

/// <summary>
/// Linear embedding of each step's features → + positional encoding (fixed sinusoidal buffer, or a
/// learnable table) → dropout → encoder layers → the last step → linear head. Input [M, T, F].
/// </summary>
public sealed class TransformerNetwork : nn.Module<Tensor, Tensor>
{
    private readonly Linear embed;
    [ComponentName(Name = "out")] private readonly Linear head;
    private readonly Dropout dropout;
    private readonly EncoderLayer[] layers;
    // A learnable table (a Parameter) or the fixed sinusoidal one (a buffer); not readonly: .to() replaces it.
    private Tensor position;

    public TransformerNetwork(int features, int lookback, int outputs, TemporalSize size, bool learnedPositions) : base(nameof(TransformerNetwork))
    {
        embed = nn.Linear(features, size.Hidden);
        position = learnedPositions                                              // detached: outlives the builder's scope
            ? new Parameter(randn(lookback, size.Hidden).mul_(0.02).DetachFromDisposeScope())
            : PositionalEncoding.Sinusoidal(lookback, size.Hidden).DetachFromDisposeScope();
        dropout = nn.Dropout(size.Dropout);
        layers = Enumerable.Range(0, size.Layers).Select(_ => new EncoderLayer(size.Hidden, size.Heads, size.Dropout)).ToArray();
        for (int i = 0; i < layers.Length; i++) register_module($"layer{i}", layers[i]);
        head = nn.Linear(size.Hidden, outputs);
        RegisterComponents();
    }

    public override Tensor forward(Tensor sequence)
    {
        using var scope = NewDisposeScope();
        var x = dropout.forward(embed.forward(sequence) + position);
        foreach (var layer in layers) x = layer.forward(x);
        return head.forward(x.select(1, -1)).MoveToOuterDisposeScope();
    }
}

/// <summary>Transformer encoder over the lookback with the fixed sinusoidal positional encoding.</summary>
public sealed class TransformerModel(ModelOptions? options, TemporalSize? size) : TemporalModel(options, size)
{
    public TransformerModel() : this(null, null) { }

    protected override string Name => "transformer";
    protected override string Summary => "Transformer encoder over the lookback, fixed sinusoidal positions, last step → linear";

    protected override nn.Module<Tensor, Tensor> CreateNetwork(int features, int lookback, int outputs) =>
        new TransformerNetwork(features, lookback, outputs, Size, learnedPositions: false);
}

/// <summary>Transformer encoder over the lookback with a learnable positional embedding (the research's most used model).</summary>
public sealed class TransformerLearnedModel(ModelOptions? options, TemporalSize? size) : TemporalModel(options, size)
{
    public TransformerLearnedModel() : this(null, null) { }

    protected override string Name => "transformer_learned";
    protected override string Summary => "Transformer encoder over the lookback, learnable positional embedding, last step → linear";

    protected override nn.Module<Tensor, Tensor> CreateNetwork(int features, int lookback, int outputs) =>
        new TransformerNetwork(features, lookback, outputs, Size, learnedPositions: true);
}

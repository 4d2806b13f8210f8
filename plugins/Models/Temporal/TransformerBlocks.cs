using AlphaHost.Torch;

namespace AlphaHost.Plugins.Models.Temporal;

/// <summary>
/// One post-norm transformer encoder layer, as torch.nn.TransformerEncoderLayer (batch_first):
/// x = LN(x + Drop(SelfAttention(x))); x = LN(x + Drop(FF(x))), FF = Linear(d, 2d) → ReLU → Linear(2d, d).
/// </summary>
public sealed class EncoderLayer : nn.Module
{
    private readonly nn.MultiheadAttention attention;
    private readonly nn.Linear expand, contract;
    private readonly nn.LayerNorm attentionNorm, feedForwardNorm;
    private readonly nn.Dropout dropout;

    public EncoderLayer(int model, int heads, double dropout)
    {
        attention = RegisterModule("self_attn", new nn.MultiheadAttention(model, heads, dropout));
        expand = RegisterModule("linear1", new nn.Linear(model, 2 * model));
        contract = RegisterModule("linear2", new nn.Linear(2 * model, model));
        attentionNorm = RegisterModule("norm1", new nn.LayerNorm(model));
        feedForwardNorm = RegisterModule("norm2", new nn.LayerNorm(model));
        this.dropout = RegisterModule("dropout", new nn.Dropout(dropout));
    }

    /// <summary>[batch, seq, d] → [batch, seq, d]; keyPaddingMask [batch, seq] (true = ignore that key).</summary>
    public Tensor Forward(Tensor x, Tensor? keyPaddingMask = null)
    {
        var attended = attention.Forward(x, x, x, keyPaddingMask, needWeights: false).Output;
        x = attentionNorm.Forward(x + dropout.Forward(attended));
        var fed = contract.Forward(dropout.Forward(expand.Forward(x).Relu()));
        return feedForwardNorm.Forward(x + dropout.Forward(fed));
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
        return torch.From(table, length, model);
    }
}

/// <summary>
/// Linear embedding of each step's features → + positional encoding (fixed sinusoidal buffer, or a
/// learnable table) → dropout → encoder layers → the last step → linear head. Input [M, T, F].
/// </summary>
public sealed class TransformerNetwork : nn.Module, nn.IForward
{
    private readonly nn.Linear embed, head;
    private readonly nn.Dropout dropout;
    private readonly EncoderLayer[] layers;
    private readonly bool learnedPositions;

    public TransformerNetwork(int features, int lookback, int outputs, TemporalSize size, bool learnedPositions)
    {
        this.learnedPositions = learnedPositions;
        embed = RegisterModule("embed", new nn.Linear(features, size.Hidden));
        if (learnedPositions) RegisterParameter("position", torch.Randn([lookback, size.Hidden]).Mul(0.02));
        else RegisterBuffer("position", PositionalEncoding.Sinusoidal(lookback, size.Hidden));
        dropout = RegisterModule("dropout", new nn.Dropout(size.Dropout));
        layers = Enumerable.Range(0, size.Layers).Select(i => RegisterModule($"layer{i}", new EncoderLayer(size.Hidden, size.Heads, size.Dropout))).ToArray();
        head = RegisterModule("out", new nn.Linear(size.Hidden, outputs));
    }

    private Tensor Positions => learnedPositions ? Param("position") : Buffer("position");

    public Tensor Forward(Tensor sequence)
    {
        var x = dropout.Forward(embed.Forward(sequence) + Positions);
        foreach (var layer in layers) x = layer.Forward(x);
        return head.Forward(x.Select(1, -1));
    }
}

/// <summary>Transformer encoder over the lookback with the fixed sinusoidal positional encoding.</summary>
public sealed class TransformerModel(ModelOptions? options, TemporalSize? size) : TemporalModel(options, size)
{
    public TransformerModel() : this(null, null) { }

    protected override string Name => "transformer";
    protected override string Summary => "Transformer encoder over the lookback, fixed sinusoidal positions, last step → linear";

    protected override nn.Module CreateNetwork(int features, int lookback, int outputs) =>
        new TransformerNetwork(features, lookback, outputs, Size, learnedPositions: false);
}

/// <summary>Transformer encoder over the lookback with a learnable positional embedding (the research's most used model).</summary>
public sealed class TransformerLearnedModel(ModelOptions? options, TemporalSize? size) : TemporalModel(options, size)
{
    public TransformerLearnedModel() : this(null, null) { }

    protected override string Name => "transformer_learned";
    protected override string Summary => "Transformer encoder over the lookback, learnable positional embedding, last step → linear";

    protected override nn.Module CreateNetwork(int features, int lookback, int outputs) =>
        new TransformerNetwork(features, lookback, outputs, Size, learnedPositions: true);
}

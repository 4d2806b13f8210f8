using AlphaHost.Plugins.Operators;
using AlphaHost.Torch;

namespace AlphaHost.Plugins.Models.AlphaNet;

/// <summary>The seven AlphaNet operators over windows of `window` days every `stride`, then BatchNorm per operator row.</summary>
public sealed class OperatorBlock : nn.Module, nn.IForward
{
    private readonly int window, stride;
    private readonly nn.BatchNorm1d norm;

    public OperatorBlock(int features, int lookback, int window, int stride)
    {
        this.window = window;
        this.stride = stride;
        Rows = OperatorSet.OutputRows(OperatorSet.AlphaNet, features);
        Windows = WindowPlan.For(lookback, window, stride).Count;
        norm = RegisterModule("norm", new nn.BatchNorm1d(Rows));
    }

    public int Rows { get; }
    public int Windows { get; }

    /// <summary>[M, F, T] → [M, rows, windows], normalised.</summary>
    public Tensor Forward(Tensor pictures) => norm.Forward(OperatorSet.Apply(OperatorSet.AlphaNet, pictures, window, stride));
}

/// <summary>
/// Reads a window sequence [M, windows, rows] into one vector [M, hidden]: an LSTM or GRU (last
/// step's output), or multi-head self-attention + LayerNorm over a linear embedding (last step).
/// </summary>
public sealed class SequenceEncoder : nn.Module, nn.IForward
{
    public enum Kind { Lstm, Gru, Attention }

    private readonly Kind kind;
    private readonly nn.LSTM? lstm;
    private readonly nn.GRU? gru;
    private readonly nn.Linear? embed;
    private readonly nn.MultiheadAttention? attention;
    private readonly nn.LayerNorm? layerNorm;

    public SequenceEncoder(Kind kind, int input, int hidden, int layers)
    {
        this.kind = kind;
        switch (kind)
        {
            case Kind.Lstm: lstm = RegisterModule("lstm", new nn.LSTM(input, hidden, layers)); break;
            case Kind.Gru: gru = RegisterModule("gru", new nn.GRU(input, hidden, layers)); break;
            default:
                embed = RegisterModule("embed", new nn.Linear(input, hidden));
                attention = RegisterModule("attention", new nn.MultiheadAttention(hidden, hidden % 3 == 0 ? 3 : 2));
                layerNorm = RegisterModule("layer_norm", new nn.LayerNorm(hidden));
                break;
        }
    }

    public Tensor Forward(Tensor sequence)
    {
        switch (kind)
        {
            case Kind.Lstm: return lstm!.Forward(sequence).Output.Select(1, -1);
            case Kind.Gru: return gru!.Forward(sequence).Output.Select(1, -1);
            default:
                var x = embed!.Forward(sequence);
                var attended = attention!.Forward(x, x, x).Output;
                return layerNorm!.Forward(x + attended).Select(1, -1);
        }
    }
}

internal static class Init
{
    /// <summary>Xavier-uniform weights and zero biases for the fully connected layers, as the AlphaNet report.</summary>
    public static nn.Linear Xavier(nn.Linear layer)
    {
        nn.init.XavierUniform_(layer.Weight);
        if (layer.Bias is { } b) nn.init.Zeros_(b);
        return layer;
    }
}

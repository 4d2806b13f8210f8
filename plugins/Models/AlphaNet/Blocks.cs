using AlphaHost.Sdk.Plugins;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AlphaHost.Plugins.Models.AlphaNet;

/// <summary>The operator layers (AlphaNet's seven by default) over windows of `window` days every `stride`, then BatchNorm per operator row.</summary>
public sealed class OperatorBlock : nn.Module<Tensor, Tensor>
{
    private readonly int window, stride;
    private readonly IReadOnlyList<IOperatorLayer> operators;
    private readonly BatchNorm1d norm;

    public OperatorBlock(IReadOnlyList<IOperatorLayer> operators, int features, int lookback, int window, int stride) : base(nameof(OperatorBlock))
    {
        this.window = window;
        this.stride = stride;
        this.operators = operators;
        Rows = OperatorLayers.OutputRows(operators, features);
        Windows = WindowPlan.For(lookback, window, stride).Count;
        norm = nn.BatchNorm1d(Rows);
        RegisterComponents();
    }

    public int Rows { get; }
    public int Windows { get; }

    /// <summary>[M, F, T] → [M, rows, windows], normalised.</summary>
    public override Tensor forward(Tensor pictures)
    {
        using var scope = torch.NewDisposeScope();
        return norm.forward(OperatorLayers.Apply(operators, pictures, window, stride)).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// Reads a window sequence [M, windows, rows] into one vector [M, hidden]: an LSTM or GRU (last
/// step's output), or multi-head self-attention + LayerNorm over a linear embedding (last step).
/// </summary>
public sealed class SequenceEncoder : nn.Module<Tensor, Tensor>
{
    public enum Kind { Lstm, Gru, Attention }

    private readonly Kind kind;
    // Field names are the state_dict keys (PyTorch's snake_case).
    private readonly LSTM? lstm;
    private readonly GRU? gru;
    private readonly Linear? embed;
    private readonly MultiheadAttention? attention;
    private readonly LayerNorm? layer_norm;

    public SequenceEncoder(Kind kind, int input, int hidden, int layers) : base(nameof(SequenceEncoder))
    {
        this.kind = kind;
        switch (kind)
        {
            case Kind.Lstm: lstm = nn.LSTM(input, hidden, layers, batchFirst: true); break;
            case Kind.Gru: gru = nn.GRU(input, hidden, layers, batchFirst: true); break;
            default:
                embed = nn.Linear(input, hidden);
                attention = nn.MultiheadAttention(hidden, hidden % 3 == 0 ? 3 : 2);
                layer_norm = nn.LayerNorm(hidden);
                break;
        }
        RegisterComponents();
    }

    /// <summary>[M, steps, input] → [M, hidden].</summary>
    public override Tensor forward(Tensor sequence)
    {
        using var scope = torch.NewDisposeScope();
        Tensor result;
        switch (kind)
        {
            case Kind.Lstm: result = lstm!.forward(sequence).Item1.select(1, -1); break;
            case Kind.Gru: result = gru!.forward(sequence).Item1.select(1, -1); break;
            default:
                var x = embed!.forward(sequence);
                var steps = x.transpose(0, 1);                                // TorchSharp's attention is sequence-first: [steps, M, hidden]
                var attended = attention!.forward(steps, steps, steps, null, false, null).Item1.transpose(0, 1);
                result = layer_norm!.forward(x + attended).select(1, -1);
                break;
        }
        return result.MoveToOuterDisposeScope();
    }
}

/// <summary>Weight initialisation shared by the AlphaNet networks.</summary>
internal static class Init
{
    /// <summary>Xavier-uniform weights and zero biases for the fully connected layers, as the AlphaNet report.</summary>
    public static Linear Xavier(Linear layer)
    {
        nn.init.xavier_uniform_(layer.weight);
        if (layer.bias is { } b) nn.init.zeros_(b);
        return layer;
    }
}

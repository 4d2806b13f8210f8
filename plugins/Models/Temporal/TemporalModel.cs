using static TorchSharp.torch;

namespace AlphaHost.Plugins.Models.Temporal;

/// <summary>
/// Sizes of a sequence model. Kept out of <see cref="ModelOptions"/> (the config every model
/// shares); the defaults follow the minute-level research (hidden 64, 2 layers).
/// </summary>
public sealed record TemporalSize(int Hidden = 64, int Layers = 2, int Heads = 4, double Dropout = 0.1)
{
    public static TemporalSize Default { get; } = new();
}

/// <summary>
/// Base of the models that read a stock's picture as a sequence over its lookback: [M, F, T] is
/// turned into T steps of F features, oldest first (batch-first [M, T, F]). Padding is handled by
/// <see cref="DayModel"/>.
/// </summary>
public abstract class TemporalModel(ModelOptions? options, TemporalSize? size) : DayModel(options)
{
    public TemporalSize Size { get; } = size ?? TemporalSize.Default;

    protected sealed override Tensor ForwardStocks(nn.Module<Tensor, Tensor> network, Tensor pictures) =>
        network.forward(pictures.transpose(1, 2));
}

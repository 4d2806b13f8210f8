using AlphaHost.Sdk.Plugins;
using static TorchSharp.torch;

namespace AlphaHost.Plugins.Models.Temporal;

/// <summary>
/// Sizes of a sequence model; the defaults follow the minute-level research (hidden 64, 2 layers).
/// </summary>
public sealed record TemporalSize(int Hidden = 64, int Layers = 2, int Heads = 4, double Dropout = 0.1)
{
    public static TemporalSize Default { get; } = new();
}

/// <summary>The config of a sequence model: every model's keys plus its sizes (run config "model": {"name": "gru", "config": {"hidden": 32}}).</summary>
public sealed record TemporalOptions : ModelOptions
{
    public int Hidden { get; init; } = TemporalSize.Default.Hidden;
    public int Layers { get; init; } = TemporalSize.Default.Layers;
    /// <summary>Attention heads (transformers, attention variants); must divide Hidden.</summary>
    public int Heads { get; init; } = TemporalSize.Default.Heads;
    public double Dropout { get; init; } = TemporalSize.Default.Dropout;

    public override IEnumerable<ConfigError> Validate()
    {
        foreach (var e in base.Validate()) yield return e;
        if (Hidden < 1) yield return new(nameof(Hidden), "an integer >= 1", Hidden);
        if (Layers < 1) yield return new(nameof(Layers), "an integer >= 1", Layers);
        if (Heads < 1 || Hidden % Heads != 0) yield return new(nameof(Heads), $"an integer >= 1 that divides hidden ({Hidden})", Heads);
        if (Dropout is < 0 or >= 1 || double.IsNaN(Dropout)) yield return new(nameof(Dropout), "a number in [0, 1)", Dropout);
    }
}

/// <summary>
/// Base of the models that read a stock's picture as a sequence over its lookback: [M, F, T] is
/// turned into T steps of F features, oldest first (batch-first [M, T, F]). Padding is handled by
/// <see cref="DayModel"/>.
/// </summary>
public abstract class TemporalModel(ModelOptions? options, TemporalSize? size) : DayModel(options), IConfigurable<TemporalOptions>
{
    private TemporalSize? configured;

    /// <summary>The sizes given in code, else those of the config, else the defaults.</summary>
    public TemporalSize Size => size ?? configured ?? TemporalSize.Default;

    public void Configure(TemporalOptions config)
    {
        Configure((ModelOptions)config);
        configured = new TemporalSize(config.Hidden, config.Layers, config.Heads, config.Dropout);
    }

    protected override IReadOnlyList<string> ConfigKeys => ConfigSchema.KeysOf<TemporalOptions>();

    protected sealed override Tensor ForwardStocks(nn.Module<Tensor, Tensor> network, Tensor pictures) =>
        network.forward(pictures.transpose(1, 2));
}

using AlphaHost.Plugins.Models.AlphaNet;
using AlphaHost.Plugins.Models.Baselines;
using AlphaHost.Plugins.Models.Master;
using AlphaHost.Plugins.Models.Temporal;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Plugins.Models;

/// <summary>
/// The built-in models by name, for this folder's own tests and benches (sizes of the sequence
/// models included). The host never uses it: a run resolves models through its plugin registry.
/// </summary>
public static class ModelSet
{
    public static readonly IReadOnlyList<string> Names =
    [
        "alphanet_v1", "alphanet_v2", "alphanet_v3", "mlp",
        "gru", "lstm", "alstm", "gru_attention", "transformer", "transformer_learned", "master",
    ];

    /// <summary>
    /// A model by name. <paramref name="size"/> sets the sequence models' widths (default
    /// <see cref="TemporalSize.Default"/>; MASTER takes its hidden size, heads and dropout from it too).
    /// </summary>
    public static IModel Create(string name, ModelOptions? options = null, TemporalSize? size = null) => name switch
    {
        "alphanet_v1" => new AlphaNetV1(options),
        "alphanet_v2" => new AlphaNetV2(options),
        "alphanet_v3" => new AlphaNetV3(options),
        "mlp" => new Mlp(options),
        "gru" => new GruModel(options, size),
        "lstm" => new LstmModel(options, size),
        "alstm" => new AlstmModel(options, size),
        "gru_attention" => new GruAttentionModel(options, size),
        "transformer" => new TransformerModel(options, size),
        "transformer_learned" => new TransformerLearnedModel(options, size),
        "master" => new MasterModel(MasterOptionsFrom(options, size)),
        _ => throw new ArgumentException($"unknown model '{name}'; known: {string.Join(", ", Names)}"),
    };

    private static MasterOptions MasterOptionsFrom(ModelOptions? options, TemporalSize? size)
    {
        var master = new MasterOptions { Seed = options?.Seed ?? 0 };
        return size is null ? master : master with { Hidden = size.Hidden, Heads = size.Heads, Dropout = size.Dropout };
    }
}

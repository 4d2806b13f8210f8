using AlphaHost.Plugins.Models.AlphaNet;
using AlphaHost.Plugins.Models.Baselines;
using AlphaHost.Plugins.Models.Master;
using AlphaHost.Plugins.Models.Temporal;
using AlphaHost.Plugins.Operators;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Plugins.Models.Tests;

/// <summary>
/// This folder's models built directly for their unit tests (a run resolves them through the plugin
/// registry instead). AlphaNets get the paper's seven operator layers, as the registry hands them over.
/// </summary>
internal static class TestModels
{
    public static IOperatorLayer[] PaperOperators() =>
        [new TsCorr(), new TsCov(), new TsStddev(), new TsZscore(), new TsReturn(), new TsDecayLinear(), new TsMean()];

    public static IModel Create(string name, ModelOptions? options = null, TemporalSize? size = null)
    {
        IModel model = name switch
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
            "master" => new MasterModel(size is null ? new MasterOptions { Seed = options?.Seed ?? 0 }
                : new MasterOptions { Seed = options?.Seed ?? 0, Hidden = size.Hidden, Heads = size.Heads, Dropout = size.Dropout }),
            _ => throw new ArgumentException($"no test construction for model '{name}'"),
        };
        if (model is IUsesOperators user) user.UseOperators(PaperOperators());
        return model;
    }
}

using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Plugins.Embeddings;

/// <summary>
/// The plugin `alphahost embed` resolves ("asset_embedding"): the note's pre-training
/// (<see cref="EmbeddingPretrainer"/>) on the given returns, the held-out loss measured beside it.
/// </summary>
public sealed class AssetEmbedderPlugin : IAssetEmbedder, IConfigurable<EmbeddingPretrainConfig>
{
    public EmbeddingPretrainConfig Config { get; private set; } = new();

    public void Configure(EmbeddingPretrainConfig config) => Config = config;

    public PluginInfo Info => new("asset_embedding", "1.0.0", PluginFamily.Embedder,
        "asset embeddings pre-trained on returns: random targets, minimum-norm weights on the other assets' embeddings, Huber/L1 on mean returns over random windows",
        ConfigSchema.KeysOf<EmbeddingPretrainConfig>());

    public AssetEmbeddingFit Fit(AssetReturns returns)
    {
        if (returns.Codes.Length != returns.Train.GetLength(1))
            throw new ArgumentException($"asset_embedding: {returns.Codes.Length} codes for {returns.Train.GetLength(1)} return columns");
        var result = new EmbeddingPretrainer(Config).Fit(returns.Train, returns.HeldOut);
        return new AssetEmbeddingFit(result.Embedding, result.Embedding.Snapshot(), result.Losses, result.HeldOut);
    }
}

using static TorchSharp.torch;

namespace AlphaHost.Sdk.Plugins;

/// <summary>
/// Daily simple returns of base assets for asset-embedding pre-training: [days, assets], NaN where
/// an asset has no bar. <see cref="HeldOut"/> (later days, same assets) is only measured, never fitted.
/// </summary>
public sealed record AssetReturns(string[] Codes, double[,] Train, double[,]? HeldOut = null);

/// <summary>The loss on held-out days after <paramref name="Step"/> optimiser steps (0 = the untrained table).</summary>
public readonly record struct StepLoss(int Step, double Loss);

/// <summary>
/// A pre-trained table: <see cref="Table"/> is a module whose state dict holds "embedding.weight"
/// [assets, dim] (as torch.nn.Embedding inside a module), so save_py writes what PyTorch loads;
/// <see cref="Rows"/> are its rows (renormalised to the table's max norm).
/// </summary>
public sealed record AssetEmbeddingFit(nn.Module Table, double[,] Rows, double[] TrainLoss, IReadOnlyList<StepLoss> HeldOutLoss) : IDisposable
{
    public void Dispose() => Table.Dispose();
}

/// <summary>Pre-trains one embedding vector per base asset from returns alone.</summary>
public interface IAssetEmbedder : IPlugin
{
    AssetEmbeddingFit Fit(AssetReturns returns);
}

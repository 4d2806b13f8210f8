using AlphaHost.Torch;

namespace AlphaHost.Plugins.Models.Embeddings;

/// <summary>
/// A learnable embedding per base asset, each row kept at norm ≤ 1 (as torch.nn.Embedding with
/// max_norm = 1: a row is rescaled when it is looked up). Combos are embedded through their legs.
/// </summary>
public sealed class AssetEmbedding : nn.Module
{
    public const double MaxNorm = 1;
    private readonly nn.Embedding table;

    public AssetEmbedding(int assets, int dim)
    {
        if (assets < 2 || dim < 1) throw new ArgumentException($"asset embedding needs >= 2 assets and dim >= 1, got {assets} × {dim}");
        Assets = assets;
        Dim = dim;
        table = RegisterModule("embedding", new nn.Embedding(assets, dim, MaxNorm));
    }

    public int Assets { get; }
    public int Dim { get; }

    /// <summary>Every base asset's row [A, D], renormalised to norm ≤ 1 first.</summary>
    public Tensor All() => table.Forward(torch.Arange(Assets));

    /// <summary>Rows of the given assets and combos [combos, D], each the weighted sum of its legs.</summary>
    public Tensor Of(IReadOnlyList<ComboAsset> assets) => Combos.Embed(All(), assets);

    /// <summary>A detached copy of the (renormalised) table as managed rows.</summary>
    public double[,] Snapshot()
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.NoGrad();
        var values = All().Double().ToArray<double>();
        var rows = new double[Assets, Dim];
        System.Buffer.BlockCopy(values, 0, rows, 0, values.Length * sizeof(double));
        return rows;
    }
}

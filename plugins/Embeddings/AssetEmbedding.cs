using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace AlphaHost.Plugins.Embeddings;

/// <summary>
/// A learnable embedding per base asset, each row kept at norm ≤ 1 (as torch.nn.Embedding with
/// max_norm = 1: a row is rescaled when it is looked up). Combos are embedded through their legs.
/// forward(asset indices) = their rows.
/// </summary>
public sealed class AssetEmbedding : nn.Module<Tensor, Tensor>
{
    public const double MaxNorm = 1;
    [ComponentName(Name = "embedding")] private readonly Embedding table;

    public AssetEmbedding(int assets, int dim) : base(nameof(AssetEmbedding))
    {
        if (assets < 2 || dim < 1) throw new ArgumentException($"asset embedding needs >= 2 assets and dim >= 1, got {assets} × {dim}");
        Assets = assets;
        Dim = dim;
        table = nn.Embedding(assets, dim, max_norm: MaxNorm);
        RegisterComponents();
    }

    public int Assets { get; }
    public int Dim { get; }

    /// <summary>Every base asset's row [A, D], renormalised to norm ≤ 1 first.</summary>
    /// <summary>The device the table lives on.</summary>
    public Device Device
    {
        get
        {
            using var weight = table.weight!;                                      // a fresh handle per call
            return weight.device;
        }
    }

    public Tensor All() => table.forward(arange(Assets, device: Device));

    public override Tensor forward(Tensor assets) => table.forward(assets);

    /// <summary>Rows of the given assets and combos [combos, D], each the weighted sum of its legs.</summary>
    public Tensor Of(IReadOnlyList<ComboAsset> assets) => Combos.Embed(All(), assets);

    /// <summary>A detached copy of the (renormalised) table as managed rows.</summary>
    public double[,] Snapshot()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var values = All().to(ScalarType.Float64).cpu().data<double>().ToArray();
        var rows = new double[Assets, Dim];
        System.Buffer.BlockCopy(values, 0, rows, 0, values.Length * sizeof(double));
        return rows;
    }
}

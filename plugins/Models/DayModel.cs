using AlphaHost.Sdk.Plugins;
using AlphaHost.Torch;

namespace AlphaHost.Plugins.Models;

/// <summary>Options every per-stock model takes (plugin config keys meanFactor, attention, seed).</summary>
public sealed record ModelOptions : PluginConfig
{
    /// <summary>Append each day's cross-sectional feature means × 0.01 as extra rows.</summary>
    public bool MeanFactor { get; init; }

    /// <summary>Multi-head self-attention + LayerNorm in place of the recurrent layer (v1: of the pooling).</summary>
    public bool Attention { get; init; }

    /// <summary>Seed of the initial weights.</summary>
    public int Seed { get; init; }
}

/// <summary>
/// Base of models that score each stock from its own picture: the day's padded rows are dropped
/// before the network (so they cannot touch BatchNorm statistics or any other stock), the network
/// scores the real stocks [M, F', T] → [M, outputs], and the scores are put back in place with 0
/// for padding. With <see cref="ModelOptions.MeanFactor"/> each day's cross-sectional mean of
/// every feature (× 0.01, over that day's real stocks) is appended as extra rows, F' = 2F.
/// </summary>
public abstract class DayModel : IModel, IConfigurable<ModelOptions>
{
    private nn.Module? network;

    protected DayModel(ModelOptions? options) => Options = options ?? new ModelOptions();

    public ModelOptions Options { get; private set; }

    public void Configure(ModelOptions config) => Options = config;
    public ModelShape Shape { get; private set; } = new(0, 0);
    protected abstract string Name { get; }
    protected abstract string Summary { get; }

    public PluginInfo Info => new(Name, "1.0.0", PluginFamily.Model, Summary, ConfigSchema.KeysOf<ModelOptions>());

    public nn.Module Network => network ?? throw new InvalidOperationException($"{Name}: call Build before using the network");

    public void Build(ModelShape shape)
    {
        Shape = shape;
        torch.ManualSeed((ulong)Options.Seed);
        network?.Dispose();
        network = CreateNetwork(Options.MeanFactor ? shape.Features * 2 : shape.Features, shape.Lookback, Outputs(shape));
    }

    /// <summary>The network for pictures [M, features, lookback] → [M, outputs].</summary>
    protected abstract nn.Module CreateNetwork(int features, int lookback, int outputs);

    protected abstract Tensor ForwardStocks(nn.Module network, Tensor pictures);

    public Tensor Forward(Tensor pictures, Tensor mask)
    {
        if (pictures.Dim != 4) throw new ArgumentException($"{Name}: pictures must be [days, stocks, features, lookback], got {pictures.Describe()}");
        using var scope = torch.NewDisposeScope();
        long b = pictures.Size(0), n = pictures.Size(1);
        var valid = mask.To(ScalarType.Bool);
        var input = Options.MeanFactor ? WithMeanFactor(pictures, valid) : pictures;
        var rows = valid.Flatten().Nonzero().Squeeze(1);                     // indices of real stocks in [B·N]
        var flat = input.Flatten(0, 1).IndexSelect(0, rows);                 // [M, F', T]
        var scores = ForwardStocks(Network, flat);                           // [M, outputs]
        int outputs = Outputs(Shape);
        var placed = torch.Zeros([b * n, outputs], scores.Dtype).IndexPut([rows], scores);
        var result = outputs == 1 || Shape.Head != ModelHead.Classes ? placed.View(b, n) : placed.View(b, n, outputs);
        return result.MoveToOuterDisposeScope();
    }

    private static int Outputs(ModelShape shape) => shape.Head == ModelHead.Classes ? shape.Classes : 1;

    /// <summary>Appends each day's masked cross-sectional feature means × 0.01 as rows: [B, N, F, T] → [B, N, 2F, T].</summary>
    public static Tensor WithMeanFactor(Tensor pictures, Tensor mask)
    {
        var weights = mask.To(pictures.Dtype).Unsqueeze(-1).Unsqueeze(-1);                  // [B, N, 1, 1]
        var sums = (pictures * weights).Sum(1, keepdim: true);                               // [B, 1, F, T]
        var means = sums / weights.Sum(1, keepdim: true).ClampMin(1) * 0.01;
        return torch.Cat([pictures, means.ExpandAs(pictures)], 2);
    }

    public void Dispose()
    {
        network?.Dispose();
        GC.SuppressFinalize(this);
    }
}

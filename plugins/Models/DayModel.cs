using AlphaHost.Sdk.Plugins;
using TorchSharp;
using static TorchSharp.torch;

namespace AlphaHost.Plugins.Models;

/// <summary>Options every per-stock model takes (plugin config keys meanFactor, attention, seed).</summary>
public record ModelOptions : PluginConfig
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
    private nn.Module<Tensor, Tensor>? network;

    protected DayModel(ModelOptions? options) => Options = options ?? new ModelOptions();

    public ModelOptions Options { get; private set; }

    public void Configure(ModelOptions config) => Options = config;
    public ModelShape Shape { get; private set; } = new(0, 0);
    protected abstract string Name { get; }
    protected abstract string Summary { get; }

    public PluginInfo Info => new(Name, "1.0.0", PluginFamily.Model, Summary, ConfigKeys);

    /// <summary>The keys of this model's config (a derived model with more keys overrides it).</summary>
    protected virtual IReadOnlyList<string> ConfigKeys => ConfigSchema.KeysOf<ModelOptions>();

    public nn.Module Network => Stocks;

    private nn.Module<Tensor, Tensor> Stocks => network ?? throw new InvalidOperationException($"{Name}: call Build before using the network");

    public void Build(ModelShape shape)
    {
        Shape = shape;
        torch.manual_seed(Options.Seed);
        network?.Dispose();
        // TorchSharp keeps parameters and buffers out of any dispose scope open here (a test checks it).
        network = CreateNetwork(Options.MeanFactor ? shape.Features * 2 : shape.Features, shape.Lookback, Outputs(shape));
    }

    /// <summary>The network for pictures [M, features, lookback] → [M, outputs].</summary>
    protected abstract nn.Module<Tensor, Tensor> CreateNetwork(int features, int lookback, int outputs);

    /// <summary>Scores the real stocks' pictures [M, F', T] → [M, outputs]; sequence models reshape first.</summary>
    protected virtual Tensor ForwardStocks(nn.Module<Tensor, Tensor> network, Tensor pictures) => network.forward(pictures);

    public Tensor forward(Tensor pictures, Tensor mask)
    {
        if (pictures.dim() != 4) throw new ArgumentException($"{Name}: pictures must be [days, stocks, features, lookback], got [{string.Join(", ", pictures.shape)}]");
        using var scope = torch.NewDisposeScope();
        long b = pictures.size(0), n = pictures.size(1);
        var valid = mask.to(ScalarType.Bool, pictures.device);
        var input = Options.MeanFactor ? WithMeanFactor(pictures, valid) : pictures;
        var rows = valid.flatten().nonzero().squeeze(1);                     // indices of real stocks in [B·N]
        var flat = input.flatten(0, 1).index_select(0, rows);                // [M, F', T]
        var scores = ForwardStocks(Stocks, flat);                            // [M, outputs]
        int outputs = Outputs(Shape);
        var placed = torch.zeros([b * n, outputs], scores.dtype, scores.device).index_copy(0, rows, scores);
        var result = outputs == 1 ? placed.view(b, n) : placed.view(b, n, outputs);
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>One value per stock, one logit per class, or one output per label horizon.</summary>
    private static int Outputs(ModelShape shape) => shape.Width;

    /// <summary>Appends each day's masked cross-sectional feature means × 0.01 as rows: [B, N, F, T] → [B, N, 2F, T].</summary>
    public static Tensor WithMeanFactor(Tensor pictures, Tensor mask)
    {
        using var scope = torch.NewDisposeScope();
        var valid = mask.to(ScalarType.Bool, pictures.device).unsqueeze(-1).unsqueeze(-1);  // [B, N, 1, 1]
        // Filled, not multiplied: 0 × NaN in a padded row would still be NaN.
        var sums = pictures.masked_fill(valid.logical_not(), 0).sum(1, keepdim: true);      // [B, 1, F, T]
        var counts = valid.sum(1, keepdim: true).to(pictures.dtype).clamp_min(1);
        var means = sums / counts * 0.01;
        return torch.cat([pictures, means.expand_as(pictures)], 2).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        network?.Dispose();
        GC.SuppressFinalize(this);
    }
}

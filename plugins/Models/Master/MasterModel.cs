using AlphaHost.Sdk.Plugins;
using static TorchSharp.torch;

namespace AlphaHost.Plugins.Models.Master;

/// <summary>
/// MASTER as a model plugin. Unlike the per-stock models it needs a day's stocks together (the
/// inter-stock attention), so it masks explicitly instead of dropping padded rows; no layer mixes
/// statistics across stocks except the masked gate and the masked attention.
/// </summary>
public class MasterModel : IModel, IConfigurable<MasterOptions>
{
    private MasterNetwork? network;

    public MasterModel() : this(null) { }

    public MasterModel(MasterOptions? options) => Options = options ?? new MasterOptions();

    public MasterOptions Options { get; private set; }
    public ModelShape Shape { get; private set; } = new(0, 0);

    public virtual void Configure(MasterOptions config) => Options = config;

    protected virtual string Name => "master";

    public PluginInfo Info => new(Name, "1.0.0", PluginFamily.Model,
        $"MASTER: market-guided feature gate ({Options.MarketState}), intra-stock and masked inter-stock attention, latest-step temporal aggregation",
        ConfigSchema.KeysOf<MasterOptions>());

    public nn.Module Network => network ?? throw new InvalidOperationException("master: call Build before using the network");

    public void Build(ModelShape shape)
    {
        Shape = shape;
        manual_seed(Options.Seed);
        network?.Dispose();
        network = new MasterNetwork(shape.Features, shape.Lookback, shape.Width, Options);
    }

    public Tensor forward(Tensor pictures, Tensor mask)
    {
        if (pictures.dim() != 4) throw new ArgumentException($"master: pictures must be [days, stocks, features, lookback], got [{string.Join(", ", pictures.shape)}]");
        if (mask.dim() != 2 || mask.size(0) != pictures.size(0) || mask.size(1) != pictures.size(1))
            throw new ArgumentException($"master: mask must be [days, stocks] = [{pictures.size(0)}, {pictures.size(1)}], got [{string.Join(", ", mask.shape)}]");
        using var scope = NewDisposeScope();
        var scores = network is null ? throw new InvalidOperationException("master: call Build before using the network") : network.forward(pictures, mask);
        var result = scores.size(2) > 1 ? scores : scores.squeeze(-1);
        return result.MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        network?.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// "master_index": MASTER with the note's index market state (marketState Index) whatever the
/// config says, so `compare --models master,master_index` puts the two gates side by side.
/// </summary>
public sealed class MasterIndexModel : MasterModel
{
    public MasterIndexModel() : base(new MasterOptions { MarketState = MarketStateKind.Index }) { }

    protected override string Name => "master_index";

    public override void Configure(MasterOptions config) => base.Configure(config with { MarketState = MarketStateKind.Index });
}

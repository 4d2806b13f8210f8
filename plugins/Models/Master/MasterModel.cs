using AlphaHost.Sdk.Plugins;
using AlphaHost.Torch;

namespace AlphaHost.Plugins.Models.Master;

/// <summary>
/// MASTER as a model plugin. Unlike the per-stock models it needs a day's stocks together (the
/// inter-stock attention), so it masks explicitly instead of dropping padded rows; no layer mixes
/// statistics across stocks except the masked gate and the masked attention.
/// </summary>
public sealed class MasterModel : IModel, IConfigurable<MasterOptions>
{
    private MasterNetwork? network;

    public MasterModel() : this(null) { }

    public MasterModel(MasterOptions? options) => Options = options ?? new MasterOptions();

    public MasterOptions Options { get; private set; }
    public ModelShape Shape { get; private set; } = new(0, 0);

    public void Configure(MasterOptions config) => Options = config;

    public PluginInfo Info => new("master", "1.0.0", PluginFamily.Model,
        "MASTER: market-guided feature gate, intra-stock and masked inter-stock attention, latest-step temporal aggregation",
        ConfigSchema.KeysOf<MasterOptions>());

    public nn.Module Network => network ?? throw new InvalidOperationException("master: call Build before using the network");

    public void Build(ModelShape shape)
    {
        Shape = shape;
        torch.ManualSeed((ulong)Options.Seed);
        network?.Dispose();
        network = new MasterNetwork(shape.Features, shape.Lookback, shape.Head == ModelHead.Classes ? shape.Classes : 1, Options);
    }

    public Tensor Forward(Tensor pictures, Tensor mask)
    {
        if (pictures.Dim != 4) throw new ArgumentException($"master: pictures must be [days, stocks, features, lookback], got {pictures.Describe()}");
        if (mask.Dim != 2 || mask.Size(0) != pictures.Size(0) || mask.Size(1) != pictures.Size(1))
            throw new ArgumentException($"master: mask must be [days, stocks] = [{pictures.Size(0)}, {pictures.Size(1)}], got {mask.Describe()}");
        using var scope = torch.NewDisposeScope();
        var scores = ((MasterNetwork)Network).Forward(pictures, mask);
        var result = Shape.Head == ModelHead.Classes && scores.Size(2) > 1 ? scores : scores.Squeeze(-1);
        return result.MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        network?.Dispose();
        GC.SuppressFinalize(this);
    }
}

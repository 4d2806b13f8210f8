using AlphaHost.Torch;

namespace AlphaHost.Plugins.Models.Baselines;

/// <summary>The 3-layer MLP baseline on the flattened picture: F·T → 64 → 32 → output, ReLU between.</summary>
public sealed class Mlp(ModelOptions? options) : DayModel(options)
{
    public Mlp() : this(null) { }

    protected override string Name => "mlp";
    protected override string Summary => "3-layer MLP on the flattened data picture";

    protected override nn.Module CreateNetwork(int features, int lookback, int outputs) =>
        new nn.Sequential(new nn.Linear(features * lookback, 64), nn.ReLU(), new nn.Linear(64, 32), nn.ReLU(), new nn.Linear(32, outputs));

    protected override Tensor ForwardStocks(nn.Module network, Tensor pictures) => ((nn.Sequential)network).Forward(pictures.Flatten(1));
}

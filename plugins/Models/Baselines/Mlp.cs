using TorchSharp;
using static TorchSharp.torch;

namespace AlphaHost.Plugins.Models.Baselines;

/// <summary>The 3-layer MLP baseline on the flattened picture: F·T → 64 → 32 → output, ReLU between.</summary>
public sealed class Mlp(ModelOptions? options) : DayModel(options)
{
    public Mlp() : this(null) { }

    protected override string Name => "mlp";
    protected override string Summary => "3-layer MLP on the flattened data picture";

    protected override nn.Module<Tensor, Tensor> CreateNetwork(int features, int lookback, int outputs) =>
        nn.Sequential(nn.Linear(features * lookback, 64), nn.ReLU(), nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, outputs));

    protected override Tensor ForwardStocks(nn.Module<Tensor, Tensor> network, Tensor pictures)
    {
        using var scope = torch.NewDisposeScope();
        return network.forward(pictures.flatten(1)).MoveToOuterDisposeScope();
    }
}

using AlphaHost.Sdk.Plugins;
using TorchSharp;
using static TorchSharp.torch;

namespace AlphaHost.Plugins.Models.Tests;

/// <summary>The memorisation check every model passes: 64 random samples, Adam on MSE, training MSE after.</summary>
internal static class Overfit
{
    public static (double Mse, double LabelVariance) Train(IModel model, int features, int lookback, double lr, int steps)
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        var pictures = randn(4, 16, features, lookback);
        var labels = randn(4, 16);
        var mask = ones(4, 16, dtype: ScalarType.Bool);
        using var adam = optim.Adam(model.Network.parameters(), lr: lr);
        model.Network.train();
        for (int step = 0; step < steps; step++)
        {
            using var stepScope = NewDisposeScope();
            adam.zero_grad();
            nn.functional.mse_loss(model.forward(pictures, mask), labels).backward();
            adam.step();
        }
        model.Network.eval();
        using var noGrad = no_grad();
        return (nn.functional.mse_loss(model.forward(pictures, mask), labels).item<float>(), labels.var().item<float>());
    }
}

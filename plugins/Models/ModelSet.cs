using AlphaHost.Plugins.Models.AlphaNet;
using AlphaHost.Plugins.Models.Baselines;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Plugins.Models;

/// <summary>The built-in models by name.</summary>
public static class ModelSet
{
    public static readonly IReadOnlyList<string> Names = ["alphanet_v1", "alphanet_v2", "alphanet_v3", "mlp"];

    public static IModel Create(string name, ModelOptions? options = null) => name switch
    {
        "alphanet_v1" => new AlphaNetV1(options),
        "alphanet_v2" => new AlphaNetV2(options),
        "alphanet_v3" => new AlphaNetV3(options),
        "mlp" => new Mlp(options),
        _ => throw new ArgumentException($"unknown model '{name}'; known: {string.Join(", ", Names)}"),
    };
}

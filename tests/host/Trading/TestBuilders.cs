using AlphaHost.Host.Trading;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Host.Tests.Trading;

/// <summary>A builder that gives fixed weights by code (everything else 0): lets a session test choose exact trades.</summary>
public sealed class FixedWeights(Dictionary<string, double> weights) : IPortfolioBuilder
{
    public PluginInfo Info => new("fixed_weights", "1.0", PluginFamily.Portfolio, "test weights", []);
    public List<PortfolioInput> Seen { get; } = [];

    public double[]? Build(PortfolioInput input)
    {
        Seen.Add(input);
        return input.Codes.Select(c => weights.GetValueOrDefault(c)).ToArray();
    }
}

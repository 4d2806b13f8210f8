namespace AlphaHost.Sdk.Plugins;

/// <summary>The kinds of component the host loads as plugins; one contract file per family.</summary>
public enum PluginFamily
{
    MarketSource,
    Operator,
    Model,
    Loss,
    Label,
    Sampler,
    Portfolio,
    Backtester,
}

/// <summary>What a plugin says about itself. <see cref="ConfigKeys"/> lists the config keys it accepts.</summary>
public sealed record PluginInfo(
    string Name,
    string Version,
    PluginFamily Family,
    string Description,
    IReadOnlyList<string> ConfigKeys);

/// <summary>Every plugin, of any family, implements this.</summary>
public interface IPlugin
{
    PluginInfo Info { get; }
}

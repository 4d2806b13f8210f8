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
    Combiner,
    /// <summary>Asset-embedding pre-training (<see cref="IAssetEmbedder"/>).</summary>
    Embedder,
}

/// <summary>
/// What a plugin says about itself. <see cref="ConfigKeys"/> lists the config keys it accepts;
/// a plugin with a typed config (see Config.cs) passes <c>ConfigSchema.KeysOf&lt;TConfig&gt;()</c>.
/// </summary>
public sealed record PluginInfo(
    string Name,
    string Version,
    PluginFamily Family,
    string Description,
    IReadOnlyList<string> ConfigKeys);

/// <summary>
/// Every plugin, of any family, implements this (through its family's interface, e.g. ISampler).
/// The host builds a plugin with its public parameterless constructor, then configures it
/// (see <see cref="IConfigurable{TConfig}"/>).
/// </summary>
public interface IPlugin
{
    PluginInfo Info { get; }

    /// <summary>
    /// The smoke call the host makes on a throw-away instance before a new version goes live;
    /// throw to reject the version. Family interfaces supply a sensible default.
    /// </summary>
    void SelfTest() { }
}

/// <summary>
/// A plugin whose state survives a hot swap: the host hands the old version's
/// <see cref="SaveState"/> to the new version's <see cref="LoadState"/> at the tick boundary.
/// State holds only SDK/BCL types, so nothing in it pins the old version in memory.
/// </summary>
public interface IStatefulPlugin
{
    PluginState SaveState();

    /// <summary>Adopts whatever fits (same name and shape, see <see cref="PluginState.TryGet"/>); ignores the rest.</summary>
    void LoadState(PluginState state);
}

/// <summary>One named array of a plugin's state (a weight matrix, an accumulator), row-major.</summary>
public sealed record StateArray(int[] Shape, double[] Values)
{
    public bool HasShape(IReadOnlyList<int> shape) => Shape.AsSpan().SequenceEqual(shape.ToArray());
}

/// <summary>Named arrays a plugin hands to its next version.</summary>
public sealed class PluginState
{
    private readonly Dictionary<string, StateArray> _arrays = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, StateArray> Arrays => _arrays;

    /// <summary>Stores a copy, so later changes by the plugin do not leak into the saved state.</summary>
    public PluginState Set(string name, int[] shape, ReadOnlySpan<double> values)
    {
        long expected = 1;
        foreach (var d in shape) expected *= d;
        if (expected != values.Length)
            throw new ArgumentException($"state '{name}': shape [{string.Join(",", shape)}] holds {expected} values, got {values.Length}");
        _arrays[name] = new StateArray((int[])shape.Clone(), values.ToArray());
        return this;
    }

    /// <summary>The values of <paramref name="name"/> if present with exactly <paramref name="shape"/> (a model's weights hand over only when shapes match).</summary>
    public bool TryGet(string name, int[] shape, out double[] values)
    {
        if (_arrays.TryGetValue(name, out var a) && a.HasShape(shape))
        {
            values = (double[])a.Values.Clone();
            return true;
        }
        values = [];
        return false;
    }
}

using AlphaHost.Sdk.Plugins;
using static TorchSharp.torch;

namespace AlphaHost.Plugins.Operators.Tests;

/// <summary>Every operator layer this plugin's assembly defines, found the way a plugin loader finds them (by type, not a name table).</summary>
internal static class TheOperators
{
    public static readonly IReadOnlyList<IOperatorLayer> All = typeof(WindowOperator).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(IOperatorLayer).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
        .Select(t => (IOperatorLayer)Activator.CreateInstance(t)!)
        .OrderBy(o => o.OperatorName, StringComparer.Ordinal)
        .ToArray();

    /// <summary>AlphaNet's seven, in the paper's order.</summary>
    public static readonly IReadOnlyList<string> AlphaNet = ["ts_corr", "ts_cov", "ts_stddev", "ts_zscore", "ts_return", "ts_decaylinear", "ts_mean"];

    public static IOperatorLayer ByName(string name) => All.Single(o => o.OperatorName == name);

    public static int OutputRows(IEnumerable<string> names, int features) => OperatorLayers.OutputRows(names.Select(ByName).ToArray(), features);

    public static Tensor Apply(IEnumerable<string> names, Tensor pictures, int window, int stride) =>
        OperatorLayers.Apply(names.Select(ByName).ToArray(), pictures, window, stride);
}

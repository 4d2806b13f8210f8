using AlphaHost.Sdk.Plugins;
using TorchSharp;
using static TorchSharp.torch;

namespace AlphaHost.Plugins.Models.AlphaNet;

/// <summary>The config of an AlphaNet: every model's keys plus its operator layer (run config "model": {"name": "alphanet_v3", "config": {"operators": [...]}}).</summary>
public sealed record AlphaNetOptions : ModelOptions
{
    /// <summary>AlphaNet's seven: pair correlations and covariances, then five one-row statistics.</summary>
    public static readonly string[] PaperOperators = ["ts_corr", "ts_cov", "ts_stddev", "ts_zscore", "ts_return", "ts_decaylinear", "ts_mean"];

    /// <summary>Operator plugins of the feature-extraction layer, in order (resolved by the host's plugin registry).</summary>
    public string[] Operators { get; init; } = PaperOperators;

    public override IEnumerable<ConfigError> Validate()
    {
        foreach (var e in base.Validate()) yield return e;
        if (Operators.Length == 0) yield return new(nameof(Operators), "at least one operator plugin name, e.g. [\"ts_corr\", \"ts_mean\"]", "[]");
        else if (Operators.GroupBy(o => o).FirstOrDefault(g => g.Count() > 1) is { } twice)
            yield return new(nameof(Operators), "each operator once", $"'{twice.Key}' twice");
    }
}

/// <summary>
/// Base of the AlphaNets: a <see cref="DayModel"/> whose networks start with operator layers. The
/// operators are plugins of their own family, handed over by the host (<see cref="IUsesOperators"/>).
/// </summary>
public abstract class AlphaNetModel(ModelOptions? options) : DayModel(options), IConfigurable<AlphaNetOptions>, IUsesOperators
{
    private string[] operatorNames = AlphaNetOptions.PaperOperators;
    private IReadOnlyList<IOperatorLayer>? operators;

    public IReadOnlyList<string> OperatorNames => operatorNames;

    public void Configure(AlphaNetOptions config)
    {
        Configure((ModelOptions)config);
        operatorNames = config.Operators;
    }

    public void UseOperators(IReadOnlyList<IOperatorLayer> layers)
    {
        if (layers.Count == 0) throw new ArgumentException($"{Name}: no operator layer given");
        operators = layers;
    }

    protected override IReadOnlyList<string> ConfigKeys => ConfigSchema.KeysOf<AlphaNetOptions>();

    /// <summary>The operator layers handed over; Build before them is a host error, named as such.</summary>
    protected IReadOnlyList<IOperatorLayer> Operators => operators
        ?? throw new InvalidOperationException($"{Name}: its operator layers ({string.Join(", ", operatorNames)}) were not handed over before Build (IUsesOperators)");
}

using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Plugins.Portfolio;

/// <summary>How many of the best-scored stocks a long-only builder holds.</summary>
public sealed record TopNConfig : PluginConfig
{
    public int TopN { get; init; } = 30;

    public override IEnumerable<ConfigError> Validate()
    {
        if (TopN < 1) yield return new(nameof(TopN), "an integer >= 1", TopN);
    }
}

/// <summary>
/// Top n with a rank buffer: a holding is kept while it ranks in the top KeepRank, so names are not
/// sold and bought back as their rank wobbles around TopN. KeepRank = TopN means no buffer.
/// </summary>
public sealed record BufferedTopNConfig : PluginConfig
{
    public int TopN { get; init; } = 30;
    public int KeepRank { get; init; } = 60;

    public override IEnumerable<ConfigError> Validate()
    {
        if (TopN < 1) yield return new(nameof(TopN), "an integer >= 1", TopN);
        if (KeepRank < TopN) yield return new(nameof(KeepRank), $"an integer >= topN ({TopN})", KeepRank);
    }
}

/// <summary>Quantile count and gross exposure of the long/short builder.</summary>
public sealed record QuantilesConfig : PluginConfig
{
    public int Quantiles { get; init; } = 5;
    public double Gross { get; init; } = 1.0;

    public override IEnumerable<ConfigError> Validate()
    {
        if (Quantiles < 2) yield return new(nameof(Quantiles), "an integer >= 2", Quantiles);
        if (!(Gross > 0)) yield return new(nameof(Gross), "a positive number", Gross);
    }
}

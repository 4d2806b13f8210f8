using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Plugins.Models.Master;

/// <summary>MASTER's config (plugin keys seed, hidden, heads, dropout, beta, steps, marketState, marketSteps, indexDays).</summary>
public sealed record MasterOptions : PluginConfig
{
    /// <summary>Seed of the initial weights.</summary>
    public int Seed { get; init; }

    /// <summary>Width of the step embeddings (the paper's d_model).</summary>
    public int Hidden { get; init; } = 64;

    /// <summary>Attention heads, intra- and inter-stock; must divide <see cref="Hidden"/>.</summary>
    public int Heads { get; init; } = 4;

    public double Dropout { get; init; } = 0.1;

    /// <summary>Temperature β of the gate's softmax: larger β flattens the feature weights towards 1.</summary>
    public double Beta { get; init; } = 5;

    /// <summary>
    /// How many of the picture's latest days MASTER reads as its time steps (0 = all). The paper uses
    /// 8; the inter-stock attention costs steps × stocks² per day, so 10 (one operator window) keeps a
    /// 500-stock day near 0.6 s per training step on 2 CPU cores instead of ~2 s for all 30.
    /// </summary>
    public int Steps { get; init; } = 10;

    /// <summary>What the gate's market state is: the day's cross-sectional statistics (CrossSection) or the note's index statistics (Index).</summary>
    public MarketStateKind MarketState { get; init; } = MarketStateKind.CrossSection;

    /// <summary>CrossSection: how many of the latest steps the market state summarises.</summary>
    public int MarketSteps { get; init; } = 5;

    /// <summary>Index: d, the days of the picture (up to its lookback, before <see cref="Steps"/> cuts it) the index statistics cover.</summary>
    public int IndexDays { get; init; } = 20;

    public override IEnumerable<ConfigError> Validate()
    {
        if (Hidden < 1) yield return new(nameof(Hidden), "an integer >= 1", Hidden);
        if (Heads < 1 || Hidden % Math.Max(1, Heads) != 0) yield return new(nameof(Heads), $"an integer >= 1 dividing hidden ({Hidden})", Heads);
        if (Dropout is < 0 or >= 1) yield return new(nameof(Dropout), "a number in [0, 1)", Dropout);
        if (Beta <= 0) yield return new(nameof(Beta), "a number > 0", Beta);
        if (Steps < 0) yield return new(nameof(Steps), "an integer >= 0 (0 = the whole lookback)", Steps);
        if (MarketSteps < 1) yield return new(nameof(MarketSteps), "an integer >= 1", MarketSteps);
        if (IndexDays < 2) yield return new(nameof(IndexDays), "an integer >= 2", IndexDays);
    }
}

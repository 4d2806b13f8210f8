namespace AlphaHost.Sdk.Statistics;

/// <summary>One day's IC (Pearson) and RankIC (Spearman) of a score against its forward return.</summary>
public sealed record IcPoint(DateOnly Date, double Ic, double RankIc);

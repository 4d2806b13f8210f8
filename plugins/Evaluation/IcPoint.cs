namespace AlphaHost.Plugins.Evaluation;

/// <summary>One day's IC (Pearson) and RankIC (Spearman) of a score against its forward return.</summary>
public sealed record IcPoint(DateOnly Date, double Ic, double RankIc);

/// <summary>Mean RankIC at one forward horizon (days), over the days that horizon could be measured.</summary>
public sealed record DecayPoint(int Horizon, double MeanRankIc, int Days);

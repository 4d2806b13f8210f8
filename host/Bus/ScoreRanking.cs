namespace AlphaHost.Host.Bus;

/// <summary>Highest and lowest scores of a signal; ties broken by code so the order is deterministic.</summary>
public static class ScoreRanking
{
    public static IReadOnlyList<(string Code, float Score)> Top(IReadOnlyList<string> codes, IReadOnlyList<float> scores, int count) =>
        Pairs(codes, scores).OrderByDescending(p => p.Score).ThenBy(p => p.Code, StringComparer.Ordinal).Take(count).ToList();

    public static IReadOnlyList<(string Code, float Score)> Bottom(IReadOnlyList<string> codes, IReadOnlyList<float> scores, int count) =>
        Pairs(codes, scores).OrderBy(p => p.Score).ThenBy(p => p.Code, StringComparer.Ordinal).Take(count).ToList();

    private static IEnumerable<(string Code, float Score)> Pairs(IReadOnlyList<string> codes, IReadOnlyList<float> scores)
    {
        if (codes.Count != scores.Count)
            throw new ArgumentException($"{codes.Count} codes but {scores.Count} scores; a signal needs one score per code");
        return codes.Select((code, i) => (code, scores[i])).Where(p => !float.IsNaN(p.Item2));
    }
}

using AlphaHost.Sdk.Statistics;
using System.ComponentModel;
using System.Text.Json.Serialization;
using AlphaHost.Host.Plugins;
using AlphaHost.Host.Grading;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Host.Research;

/// <summary>
/// A model combination as the run config names it (key "combinations"): a row of `compare` called
/// <see cref="Name"/> whose factor is the <see cref="Combiner"/>'s weighted sum of the members'
/// out-of-sample factors, each member model fitted with <see cref="Seeds"/> run seeds.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
[Description("an array of objects {\"name\": row name, \"combiner\": a combiner plugin, \"members\": [model names], \"seeds\": n}")]
public sealed record CombinationSpec
{
    [JsonPropertyName("name")] public string Name { get; init; } = "";
    [JsonPropertyName("combiner")] public PluginChoice Combiner { get; init; } = "equal_weight";
    [JsonPropertyName("members")] public string[] Members { get; init; } = [];
    /// <summary>Run seeds per member model: seed, seed + 1, …; seed 0's member is the model's own compare row.</summary>
    [JsonPropertyName("seeds")] public int Seeds { get; init; } = 1;

    /// <summary>Each member: its model, run seed and display name ("gru" for the compare seed, "gru@seed8" for others).</summary>
    public IEnumerable<(string Model, int Seed, string Name)> MemberRuns(int seed) =>
        from model in Members
        from k in Enumerable.Range(0, Seeds)
        select (model, seed + k, k == 0 ? model : $"{model}@seed{seed + k}");

    /// <summary>What is wrong with the spec (for the run config's validation), or null.</summary>
    public string? Problem()
    {
        if (string.IsNullOrWhiteSpace(Name)) return "a non-empty \"name\"";
        if (Members.Length == 0 || Members.Any(string.IsNullOrWhiteSpace)) return $"combination '{Name}': \"members\", a non-empty array of model names";
        if (Members.Distinct().Count() != Members.Length) return $"combination '{Name}': each member model once (use \"seeds\" for more of one model)";
        if (Seeds < 1) return $"combination '{Name}': \"seeds\" >= 1";
        if (Members.Length * Seeds < 2) return $"combination '{Name}': at least 2 members (models × seeds)";
        return null;
    }
}

/// <summary>
/// The members' past out-of-sample evidence, day by day: each member's RankIC against the realised
/// H-day forward return (close[d + H] / close[d] − 1, as the evaluator grades) and the rank
/// correlations of their scores. <see cref="At"/> hands a combiner only the days whose return is
/// realised at the fit day's close.
/// </summary>
public sealed class CombinationHistory
{
    private readonly IReadOnlyList<string> names;
    private readonly int horizon;
    private readonly List<MemberDay> days = [];

    /// <param name="members">Each member's factor (scores by day and stock slot, null/NaN where not scored).</param>
    /// <param name="closes">Adjusted closes [day][stock].</param>
    public CombinationHistory(IReadOnlyList<string> names, IReadOnlyList<Func<int, double[]?>> members, IReadOnlyList<double[]> closes, int horizon)
    {
        this.names = names;
        this.horizon = horizon;
        int m = members.Count;
        for (int d = 0; d + horizon < closes.Count; d++)
        {
            var scores = members.Select(f => f(d)).ToArray();
            if (scores.All(s => s is null)) continue;
            var ic = new double[m];
            var corr = new double[m, m];
            for (int a = 0; a < m; a++)
            {
                ic[a] = Correlate(scores[a], ResearchPanel.ForwardReturns(closes[d], closes[d + horizon]));
                for (int b = 0; b < m; b++) corr[a, b] = a == b ? (scores[a] is null ? double.NaN : 1) : Correlate(scores[a], scores[b]);
            }
            days.Add(new MemberDay(d, ic, corr));
        }
    }

    /// <summary>The evidence a combiner may use at <paramref name="fitDay"/>'s close: days d with d + H ≤ fitDay.</summary>
    public CombinationEvidence At(int fitDay) => new(names, fitDay, days.Where(d => d.Day + horizon <= fitDay).ToArray());

    /// <summary>Spearman over the stocks where both sides are finite; NaN below 2 stocks.</summary>
    private static double Correlate(double[]? x, double[]? y)
    {
        if (x is null || y is null) return double.NaN;
        var both = Enumerable.Range(0, x.Length).Where(i => double.IsFinite(x[i]) && double.IsFinite(y[i])).ToArray();
        return both.Length < 2 ? double.NaN : RankCorrelation.Spearman(both.Select(i => x[i]).ToArray(), both.Select(i => y[i]).ToArray());
    }

    /// <summary>
    /// A day's combined scores by stock slot: each member's scores rank-standardised over the stocks
    /// it scored, summed with the weights of the members that scored the stock (renormalised); NaN
    /// where no member with weight scored it.
    /// </summary>
    public static double[] Combine(IReadOnlyList<double[]?> members, IReadOnlyList<double> weights, int stocks)
    {
        var sum = new double[stocks];
        var weight = new double[stocks];
        for (int m = 0; m < members.Count; m++)
        {
            if (members[m] is not { } scores || !(weights[m] > 0)) continue;
            var scored = Enumerable.Range(0, stocks).Where(s => double.IsFinite(scores[s])).ToArray();
            var z = RankCorrelation.RankStandardise(scored.Select(s => scores[s]).ToArray());
            for (int i = 0; i < scored.Length; i++)
            {
                sum[scored[i]] += weights[m] * z[i];
                weight[scored[i]] += weights[m];
            }
        }
        return sum.Select((v, s) => weight[s] > 0 ? v / weight[s] : double.NaN).ToArray();
    }

    /// <summary>The combiner's weights, refused with the plugin's name unless they are one non-negative number per member summing to 1.</summary>
    public static double[] Checked(ICombiner combiner, CombinationEvidence evidence)
    {
        var w = combiner.Weights(evidence);
        if (w.Length != evidence.Members.Count || w.Any(x => !(x >= 0)) || Math.Abs(w.Sum() - 1) > 1e-6)
            throw new InvalidOperationException($"combiner '{combiner.Info.Name}' returned weights [{string.Join(", ", w)}] for {evidence.Members.Count} members; expected one number >= 0 per member, summing to 1");
        return w;
    }
}

/// <summary>Reads back a factor.csv that <see cref="FactorPanel.WriteCsv"/> wrote (values round-trip exactly).</summary>
public static class FactorCsv
{
    public static FactorPanel Read(string path, DateOnly[] dates, string[] codes) =>
        Place(FactorFile.Read(path), dates, codes, "delete the folder to fit it again");

    /// <summary>A factor file's rows by day and stock slot; a row outside the market is refused, naming its line and <paramref name="hint"/>.</summary>
    public static FactorPanel Place(FactorFile file, DateOnly[] dates, string[] codes, string hint)
    {
        var day = dates.Select((d, i) => (d, i)).ToDictionary(x => x.d, x => x.i);
        var slot = codes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var factor = new FactorPanel(dates, codes);
        var rows = new Dictionary<int, double[]>();
        foreach (var row in file.Rows)
        {
            if (!day.TryGetValue(row.Date, out int d) || !slot.TryGetValue(row.Code, out int s))
                throw new InvalidDataException($"{file.Path}: line {row.Line}: {row.Date:yyyy-MM-dd} {row.Code} is not in this market; {hint}");
            if (!rows.TryGetValue(d, out var scores)) rows[d] = scores = Enumerable.Repeat(double.NaN, codes.Length).ToArray();
            scores[s] = row.Value;
        }
        foreach (var (d, scores) in rows) factor.Set(d, scores, 0);
        return factor;
    }
}

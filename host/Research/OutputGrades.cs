using AlphaHost.Sdk.Statistics;
using System.Globalization;
using AlphaHost.Host.Plugins;
using AlphaHost.Host.Reports;
using AlphaHost.Host.Grading;
using AlphaHost.Sdk.Plugins;
using TorchSharp;

namespace AlphaHost.Host.Research;

/// <summary>
/// Out-of-sample grades of a model's outputs beyond its traded score, over the days it scored:
/// for a binary or class head, accuracy, F1, MCC, ROC-AUC and the confusion matrix against the
/// label's true classes (pooled over days and stocks with a known label); for a label of several
/// horizons, the mean daily RankIC of each output against the forward return of its own horizon
/// (and, binary, the classification of each output). The last horizon is the one traded.
/// </summary>
public sealed record OutputGrades(IReadOnlyList<int> Horizons, IReadOnlyList<double> RankIcByHorizon, IReadOnlyList<ClassificationGrade> ClassificationByHorizon)
{
    /// <summary>The classification of the traded output (the longest horizon), or null for a regression head.</summary>
    public ClassificationGrade? Classification => ClassificationByHorizon.Count > 0 ? ClassificationByHorizon[^1] : null;

    /// <summary>Grades the factor's stored outputs against the label as the run config names it; null when the model gives only scores.</summary>
    public static OutputGrades? Of(FactorPanel factor, ResearchPanel panel, PluginRegistry plugins, PluginChoice labelChoice)
    {
        var label = plugins.Create<ILabel>(labelChoice);
        try
        {
            using var scope = torch.NewDisposeScope();
            return Of(factor, panel, label, label.Compute(panel.LabelPanel()));
        }
        finally
        {
            (label as IDisposable)?.Dispose();
        }
    }

    /// <summary>Grades against given labels; <paramref name="panel"/> (for the forward returns) is needed only for a label of several horizons.</summary>
    public static OutputGrades? Of(FactorPanel factor, ResearchPanel? panel, ILabel label, LabelResult labels)
    {
        var days = factor.ScoredDays.Where(d => factor.OutputsOf(d) is not null).ToArray();
        if (days.Length == 0) return null;
        var horizons = label.Horizons;
        int k = horizons.Count, width = factor.OutputsOf(days[0])!.Width, stocks = factor.Codes.Length;
        var values = labels.Values.to(TorchSharp.torch.ScalarType.Float64).cpu().contiguous().data<double>().ToArray();
        var known = labels.Mask.cpu().contiguous().data<bool>().ToArray();

        var rankIcs = new List<double>();
        if (k > 1 && panel is not null)
            for (int h = 0; h < k; h++)
            {
                int column = h;
                rankIcs.Add(factor.ForwardRankIc(panel, horizons[h], d => Column(factor.OutputsOf(d), column, stocks)));
            }

        var grades = new List<ClassificationGrade>();
        if (label.Kind != LabelKind.Continuous)
        {
            int classes = label.Kind == LabelKind.Binary ? 2 : label.Classes;
            // A binary head has one probability per horizon; a class head one per class (of one horizon).
            int graded = label.Kind == LabelKind.Binary ? k : 1, each = label.Kind == LabelKind.Binary ? 1 : width;
            for (int h = 0; h < graded; h++)
            {
                var truth = new List<int>();
                var probabilities = new List<double>();
                foreach (int d in days)
                {
                    var o = factor.OutputsOf(d)!;
                    for (int s = 0; s < stocks; s++)
                    {
                        int at = d * stocks + s;
                        if (!known[at]) continue;
                        var row = o.PerOutput!.AsSpan(s * o.Width + (each == 1 ? h : 0), each);
                        if (!double.IsFinite(row[0])) continue;
                        truth.Add((int)values[at * k + h]);
                        probabilities.AddRange(row.ToArray());
                    }
                }
                grades.Add(AlphaHost.Sdk.Statistics.Classification.Grade(truth.ToArray(), probabilities.ToArray(), classes));
            }
        }
        return rankIcs.Count == 0 && grades.Count == 0 ? null : new OutputGrades(horizons.ToArray(), rankIcs, grades);
    }

    private static double[]? Column(DayOutputs? outputs, int column, int stocks)
    {
        if (outputs?.PerOutput is null) return null;
        var v = new double[stocks];
        for (int s = 0; s < stocks; s++) v[s] = outputs.PerOutput[s * outputs.Width + column];
        return v;
    }

    /// <summary>metrics.json keys: classification (the traded output), classification_by_horizon and rank_ic_by_horizon (several horizons).</summary>
    public Dictionary<string, object> ToMetrics()
    {
        var m = new Dictionary<string, object>();
        if (Classification is { } c) m["classification"] = c.ToMetrics();
        if (ClassificationByHorizon.Count > 1)
            m["classification_by_horizon"] = Horizons.Select((h, i) => (h, i)).ToDictionary(p => p.h.ToString(CultureInfo.InvariantCulture), p => (object)ClassificationByHorizon[p.i].ToMetrics());
        if (RankIcByHorizon.Count > 0)
            m["rank_ic_by_horizon"] = Horizons.Select((h, i) => (h, i)).ToDictionary(p => p.h.ToString(CultureInfo.InvariantCulture), p => (object)RankIcByHorizon[p.i]);
        return m;
    }

    /// <summary>Log lines, e.g. "classification (5d, out of sample): accuracy 0.5612 (majority class 0.5004), F1 …".</summary>
    public IEnumerable<string> Describe()
    {
        string F(double v) => v.ToString("F4", CultureInfo.InvariantCulture);
        if (Classification is { } c)
            yield return $"classification ({Horizons[^1]}d, out of sample, {c.Samples} predictions): accuracy {F(c.Accuracy)} (majority class {F(c.MajorityAccuracy)}), "
                         + $"F1 {F(c.F1)}, MCC {F(c.Mcc)}, ROC-AUC {F(c.RocAuc)}; confusion (rows true, columns predicted) {Confusion(c)}";
        if (RankIcByHorizon.Count > 0)
            yield return "rank_ic_mean by horizon: " + string.Join(", ", Horizons.Select((h, i) => $"{h}d {F(RankIcByHorizon[i])}"))
                         + (ClassificationByHorizon.Count > 1 ? "; accuracy by horizon: " + string.Join(", ", Horizons.Select((h, i) => $"{h}d {F(ClassificationByHorizon[i].Accuracy)}")) : "");
    }

    private static string Confusion(ClassificationGrade c) =>
        "[" + string.Join("; ", Enumerable.Range(0, c.Classes).Select(t => string.Join(" ", Enumerable.Range(0, c.Classes).Select(p => c.Confusion[t, p])))) + "]";

    /// <summary>The report's tables: the classification's scores and confusion matrix, and the grades per horizon.</summary>
    public IReadOnlyList<ReportTable> Tables()
    {
        var tables = new List<ReportTable>();
        if (Classification is { } c)
        {
            tables.Add(new ReportTable($"Classification, out of sample ({Horizons[^1]}-day label, {c.Samples} predictions)", ["metric", "value"],
            [
                ["accuracy", ReportFormat.Number(c.Accuracy, 4)],
                ["majority-class accuracy (always the commonest class)", ReportFormat.Number(c.MajorityAccuracy, 4)],
                [c.Classes == 2 ? "F1 (class 1)" : "F1 (macro)", ReportFormat.Number(c.F1, 4)],
                ["MCC", ReportFormat.Number(c.Mcc, 4)],
                [c.Classes == 2 ? "ROC-AUC" : "ROC-AUC (one-vs-rest, macro)", ReportFormat.Number(c.RocAuc, 4)],
            ]));
            tables.Add(new ReportTable("Confusion matrix (rows: true class, columns: predicted)",
                ["true \\ predicted", .. Enumerable.Range(0, c.Classes).Select(p => p.ToString(CultureInfo.InvariantCulture))],
                Enumerable.Range(0, c.Classes).Select(t => (string[])[t.ToString(CultureInfo.InvariantCulture), .. Enumerable.Range(0, c.Classes).Select(p => c.Confusion[t, p].ToString(CultureInfo.InvariantCulture))]).ToArray()));
        }
        if (RankIcByHorizon.Count > 0)
        {
            bool classified = ClassificationByHorizon.Count == Horizons.Count;
            tables.Add(new ReportTable("Grades per horizon (one model output each; the last is traded)",
                classified ? ["horizon (days)", "mean RankIC", "accuracy", "ROC-AUC"] : ["horizon (days)", "mean RankIC"],
                Horizons.Select((h, i) => classified
                    ? new[] { h.ToString(CultureInfo.InvariantCulture), ReportFormat.Number(RankIcByHorizon[i], 4), ReportFormat.Number(ClassificationByHorizon[i].Accuracy, 4), ReportFormat.Number(ClassificationByHorizon[i].RocAuc, 4) }
                    : [h.ToString(CultureInfo.InvariantCulture), ReportFormat.Number(RankIcByHorizon[i], 4)]).ToArray()));
        }
        return tables;
    }
}

namespace AlphaHost.Sdk.Statistics;

/// <summary>
/// How well predicted classes match true ones, pooled over every (day, stock) graded: the
/// confusion matrix (rows = true class, columns = predicted), accuracy, F1 (binary: of class 1;
/// more classes: the mean over classes seen in truth or prediction), Matthews correlation
/// (Gorodkin's R_K, the binary MCC for two classes) and ROC-AUC (binary: Mann–Whitney with ties
/// counted ½; more classes: one-vs-rest, averaged over classes having both positives and negatives).
/// </summary>
public sealed record ClassificationGrade(int Classes, long Samples, long[,] Confusion, double Accuracy, double F1, double Mcc, double RocAuc,
    double MajorityAccuracy)
{
    /// <summary>metrics.json form: plain numbers and the confusion as rows of counts.</summary>
    public Dictionary<string, object> ToMetrics() => new()
    {
        ["classes"] = Classes, ["samples"] = Samples, ["accuracy"] = Accuracy, ["f1"] = F1, ["mcc"] = Mcc, ["roc_auc"] = RocAuc,
        ["majority_accuracy"] = MajorityAccuracy,
        ["confusion"] = Enumerable.Range(0, Classes).Select(t => Enumerable.Range(0, Classes).Select(p => Confusion[t, p]).ToArray()).ToArray(),
    };
}

public static class Classification
{
    /// <summary>Counts [true, predicted]; every class must lie in 0 … classes − 1.</summary>
    public static long[,] Confusion(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted, int classes)
    {
        if (truth.Length != predicted.Length) throw new ArgumentException($"lengths differ: {truth.Length} vs {predicted.Length}");
        var c = new long[classes, classes];
        for (int i = 0; i < truth.Length; i++)
        {
            if ((uint)truth[i] >= classes || (uint)predicted[i] >= classes)
                throw new ArgumentException($"class out of range 0..{classes - 1}: true {truth[i]}, predicted {predicted[i]} at {i}");
            c[truth[i], predicted[i]]++;
        }
        return c;
    }

    public static double Accuracy(long[,] confusion)
    {
        long right = 0, all = Total(confusion);
        for (int k = 0; k < confusion.GetLength(0); k++) right += confusion[k, k];
        return all == 0 ? double.NaN : (double)right / all;
    }

    /// <summary>Binary: F1 = 2·TP / (2·TP + FP + FN) of class 1. More classes: the macro mean over classes seen.</summary>
    public static double F1(long[,] confusion)
    {
        int classes = confusion.GetLength(0);
        double F1Of(int k)
        {
            long tp = confusion[k, k], truth = 0, predicted = 0;
            for (int j = 0; j < classes; j++) { truth += confusion[k, j]; predicted += confusion[j, k]; }
            return truth + predicted == 0 ? double.NaN : 2.0 * tp / (truth + predicted);
        }
        if (classes == 2) return F1Of(1);
        var seen = Enumerable.Range(0, classes).Select(F1Of).Where(double.IsFinite).ToArray();
        return seen.Length == 0 ? double.NaN : seen.Average();
    }

    /// <summary>
    /// Matthews correlation for K classes: (c·s − Σ p_k t_k) / sqrt((s² − Σ p_k²)(s² − Σ t_k²)), c the
    /// correct count, s all, t_k and p_k the true and predicted counts of class k; 0 when a side is constant.
    /// </summary>
    public static double Mcc(long[,] confusion)
    {
        int classes = confusion.GetLength(0);
        double s = Total(confusion), c = 0, pt = 0, pp = 0, tt = 0;
        for (int k = 0; k < classes; k++)
        {
            double t = 0, p = 0;
            for (int j = 0; j < classes; j++) { t += confusion[k, j]; p += confusion[j, k]; }
            c += confusion[k, k];
            pt += p * t;
            pp += p * p;
            tt += t * t;
        }
        double denominator = Math.Sqrt((s * s - pp) * (s * s - tt));
        return denominator == 0 ? 0 : (c * s - pt) / denominator;
    }

    /// <summary>
    /// ROC-AUC = P(score of a random positive > score of a random negative), ties counted ½: the
    /// Mann–Whitney U over n₊·n₋, from average ranks. NaN without both positives and negatives.
    /// </summary>
    public static double RocAuc(ReadOnlySpan<double> scores, ReadOnlySpan<bool> positive)
    {
        if (scores.Length != positive.Length) throw new ArgumentException($"lengths differ: {scores.Length} vs {positive.Length}");
        var ranks = RankCorrelation.AverageRanks(scores);
        double rankSum = 0;
        long pos = 0;
        for (int i = 0; i < ranks.Length; i++)
            if (positive[i]) { rankSum += ranks[i]; pos++; }
        long neg = ranks.Length - pos;
        if (pos == 0 || neg == 0) return double.NaN;
        return (rankSum - pos * (pos + 1) / 2.0) / ((double)pos * neg);
    }

    /// <summary>
    /// Grades predictions of <paramref name="classes"/> classes. <paramref name="probabilities"/> is
    /// row-major [n, width]: width 1 for a binary head (P(class 1); predicted 1 when above ½), width
    /// = classes otherwise (predicted = the most probable class, the lowest on ties).
    /// </summary>
    public static ClassificationGrade Grade(ReadOnlySpan<int> truth, ReadOnlySpan<double> probabilities, int classes)
    {
        if (classes < 2) throw new ArgumentException($"classes: expected at least 2, got {classes}");
        int width = classes == 2 && probabilities.Length == truth.Length ? 1 : classes;
        if (probabilities.Length != truth.Length * width)
            throw new ArgumentException($"probabilities: expected {truth.Length} × {width} values, got {probabilities.Length}");
        int n = truth.Length;
        var predicted = new int[n];
        for (int i = 0; i < n; i++)
        {
            var row = probabilities.Slice(i * width, width);
            if (width == 1) { predicted[i] = row[0] > 0.5 ? 1 : 0; continue; }
            int best = 0;
            for (int k = 1; k < width; k++) if (row[k] > row[best]) best = k;
            predicted[i] = best;
        }
        var confusion = Confusion(truth, predicted, classes);
        double auc;
        if (width == 1)
        {
            var positive = new bool[n];
            for (int i = 0; i < n; i++) positive[i] = truth[i] == 1;
            auc = RocAuc(probabilities, positive);
        }
        else
        {
            var each = new List<double>();
            var column = new double[n];
            var positive = new bool[n];
            for (int k = 0; k < classes; k++)
            {
                for (int i = 0; i < n; i++) { column[i] = probabilities[i * width + k]; positive[i] = truth[i] == k; }
                double a = RocAuc(column, positive);
                if (double.IsFinite(a)) each.Add(a);
            }
            auc = each.Count == 0 ? double.NaN : each.Average();
        }
        long majority = 0;
        for (int k = 0; k < classes; k++)
        {
            long t = 0;
            for (int j = 0; j < classes; j++) t += confusion[k, j];
            majority = Math.Max(majority, t);
        }
        return new ClassificationGrade(classes, n, confusion, Accuracy(confusion), F1(confusion), Mcc(confusion), auc,
            n == 0 ? double.NaN : (double)majority / n);
    }

    private static long Total(long[,] confusion)
    {
        long all = 0;
        foreach (var v in confusion) all += v;
        return all;
    }
}

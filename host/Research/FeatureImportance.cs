using System.Globalization;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Host.Research;

/// <summary>
/// A self-fitting model's feature importance, averaged over its members and retrains: per picture
/// cell (field, day in the window) and summed per field. `compare` writes it as importance.csv
/// beside the model's factor and lists the top fields in the log and the table.
/// </summary>
public sealed class FeatureImportance(IReadOnlyList<string> fields, int lookback)
{
    private readonly double[] sum = new double[fields.Count * lookback];
    private int fits;

    public bool IsEmpty => fits == 0;

    /// <summary>Adds the importance of every member of a fit that reports one.</summary>
    public void Add(FittedModel fitted)
    {
        foreach (var member in fitted.Members.OfType<ISelfFittingModel>())
        {
            var cells = member.FeatureImportance;
            if (cells.Count != sum.Length) continue;
            for (int i = 0; i < sum.Length; i++) sum[i] += cells[i];
            fits++;
        }
    }

    /// <summary>Mean importance of each field (summed over its days), largest first.</summary>
    public IReadOnlyList<(string Field, double Importance)> ByField() =>
        fields.Select((f, i) => (f, Enumerable.Range(0, lookback).Sum(t => sum[i * lookback + t]) / Math.Max(1, fits)))
              .OrderByDescending(x => x.Item2).ToArray();

    /// <summary>Writes field,day,importance rows (day 0 = the window's oldest, lookback − 1 = the fit day) then field,all,importance totals.</summary>
    public void Write(string path)
    {
        using var w = new StreamWriter(path);
        w.WriteLine("field,day,importance");
        for (int f = 0; f < fields.Count; f++)
            for (int t = 0; t < lookback; t++)
                w.WriteLine($"{fields[f]},{t},{(sum[f * lookback + t] / Math.Max(1, fits)).ToString("R", CultureInfo.InvariantCulture)}");
        foreach (var (field, value) in ByField()) w.WriteLine($"{field},all,{value.ToString("R", CultureInfo.InvariantCulture)}");
    }

    /// <summary>The per-field totals of an importance.csv, largest first.</summary>
    public static IReadOnlyList<(string Field, double Importance)> ReadTotals(string path) =>
        File.ReadLines(path).Skip(1).Select(l => l.Split(',')).Where(p => p[1] == "all")
            .Select(p => (p[0], double.Parse(p[2], CultureInfo.InvariantCulture))).ToArray();

    public static string Describe(IEnumerable<(string Field, double Importance)> totals, int top = 5) =>
        string.Join(", ", totals.Take(top).Select(x => $"{x.Field} {x.Importance:P0}"));
}

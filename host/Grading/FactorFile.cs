using System.Globalization;

namespace AlphaHost.Host.Grading;

/// <summary>One score of a factor file, with the line it came from (for error messages).</summary>
public sealed record FactorRow(DateOnly Date, string Code, double Value, int Line);

/// <summary>
/// A factor made anywhere, as CSV: header <c>date,code,value</c>, then one row per (date, code).
/// Dates are yyyy-MM-dd or yyyyMMdd; an empty value or NaN means "no score that day" and is skipped.
/// Any other bad row fails the whole read with the file, line and what was expected, so a factor is
/// never graded on a silently different set of rows.
/// </summary>
public sealed class FactorFile
{
    public string Path { get; }
    public IReadOnlyList<FactorRow> Rows { get; }

    private FactorFile(string path, IReadOnlyList<FactorRow> rows)
    {
        Path = path;
        Rows = rows;
    }

    public static FactorFile Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such factor file", path);
        var rows = new List<FactorRow>();
        var problems = new List<string>();
        var seen = new Dictionary<(DateOnly, string), int>();
        int line = 0;
        bool header = false;
        foreach (var raw in File.ReadLines(path))
        {
            line++;
            var text = raw.TrimStart('\uFEFF').Trim();
            if (text.Length == 0) continue;
            var fields = text.Split(',').Select(f => f.Trim().Trim('"').Trim()).ToArray();
            if (!header)
            {
                if (fields.Length != 3 || !fields.Select(f => f.ToLowerInvariant()).SequenceEqual(["date", "code", "value"]))
                    throw new InvalidDataException($"{path} line {line}: expected the header date,code,value, got '{Shorten(text)}'");
                header = true;
                continue;
            }
            if (Parse(fields, out var row, out var problem))
            {
                if (row is null) continue; // no score
                if (seen.TryGetValue((row.Date, row.Code), out int first))
                    problems.Add($"line {line}: {row.Code} on {row.Date:yyyy-MM-dd} repeats line {first}");
                else
                {
                    seen[(row.Date, row.Code)] = line;
                    rows.Add(row with { Line = line });
                }
            }
            else problems.Add($"line {line}: {problem}");
        }
        if (!header) throw new InvalidDataException($"{path}: empty; expected the header date,code,value and one row per date and code");
        if (problems.Count > 0)
            throw new InvalidDataException($"{path} {problems[0]}" + (problems.Count > 1 ? $" ({problems.Count} bad rows in all; next: {problems[1]})" : ""));
        rows.Sort((a, b) => a.Date != b.Date ? a.Date.CompareTo(b.Date) : string.CompareOrdinal(a.Code, b.Code));
        return new FactorFile(path, rows);
    }

    /// <summary>False with the reason for a bad row; true with a null row for "no score".</summary>
    private static bool Parse(string[] fields, out FactorRow? row, out string problem)
    {
        row = null;
        problem = "";
        if (fields.Length != 3)
        {
            problem = $"expected 3 fields date,code,value, got {fields.Length}";
            return false;
        }
        if (!DateOnly.TryParseExact(fields[0], ["yyyy-MM-dd", "yyyyMMdd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            problem = $"date '{Shorten(fields[0])}': expected yyyy-MM-dd or yyyyMMdd";
            return false;
        }
        if (fields[1].Length == 0)
        {
            problem = "code: expected a non-empty instrument code";
            return false;
        }
        if (fields[2].Length == 0 || fields[2].Equals("nan", StringComparison.OrdinalIgnoreCase)) return true;
        if (!double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            problem = $"value '{Shorten(fields[2])}': expected a finite number (or empty for no score)";
            return false;
        }
        row = new FactorRow(date, fields[1], value, 0);
        return true;
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "...";
}
